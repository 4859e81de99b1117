// SPDX-License-Identifier: GPL-3.0-or-later
// RdsConnectPolicy: building and reading rds-db:connect policies.
#include "aws/RdsConnectPolicy.h"

#include "aws/ServiceEndpoints.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace signet::aws {

namespace {

Error invalid(const QString &message, const QString &hint)
{
    return makeError(QStringLiteral("iam.invalid-policy-input"), message, hint);
}

QStringList stringOrList(const QJsonValue &value)
{
    if (value.isString())
        return {value.toString()};
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(item.toString());
    return out;
}

bool anyMatches(const QStringList &patterns, const QString &text, Qt::CaseSensitivity actionCase)
{
    for (const QString &pattern : patterns) {
        if (actionCase == Qt::CaseInsensitive
                ? RdsConnectPolicy::wildcardMatch(pattern.toLower(), text.toLower())
                : RdsConnectPolicy::wildcardMatch(pattern, text))
            return true;
    }
    return false;
}

} // namespace

Result<QString> RdsConnectPolicy::resourceArn(const QString &region, const QString &accountId,
                                              const QString &resourceId, const QString &dbUser)
{
    static const QRegularExpression regionPattern(QStringLiteral("^[a-z]{2}(-[a-z]+)+-\\d+$"));
    static const QRegularExpression accountPattern(QStringLiteral("^\\d{12}$"));
    if (!regionPattern.match(region).hasMatch())
        return invalid(QStringLiteral("\"%1\" is not an AWS region").arg(region),
                       QStringLiteral("Use the database's region, such as us-east-1."));
    if (!accountPattern.match(accountId).hasMatch())
        return invalid(QStringLiteral("\"%1\" is not a 12-digit AWS account ID").arg(accountId),
                       QStringLiteral("Use the account that owns the database."));
    if (!resourceId.startsWith(QStringLiteral("db-")) && !resourceId.startsWith(QStringLiteral("cluster-")) &&
        !resourceId.startsWith(QStringLiteral("prx-")))
        return invalid(
            QStringLiteral("\"%1\" is not an RDS resource ID").arg(resourceId),
            QStringLiteral("Use the resource ID (db-…, cluster-… or prx-…), not the database's name."));
    if (dbUser.isEmpty() || dbUser.contains(u'/'))
        return invalid(QStringLiteral("\"%1\" is not a database user name").arg(dbUser),
                       QStringLiteral("Name the database user that logs in with IAM."));
    return QStringLiteral("arn:%1:rds-db:%2:%3:dbuser:%4/%5")
        .arg(ServiceEndpoints::partition(region), region, accountId, resourceId, dbUser);
}

QString RdsConnectPolicy::document(const QStringList &resourceArns)
{
    const QJsonObject statement{{QStringLiteral("Effect"), QStringLiteral("Allow")},
                                {QStringLiteral("Action"), QStringLiteral("rds-db:connect")},
                                {QStringLiteral("Resource"), QJsonArray::fromStringList(resourceArns)}};
    const QJsonObject policy{{QStringLiteral("Version"), QStringLiteral("2012-10-17")},
                             {QStringLiteral("Statement"), QJsonArray{statement}}};
    return QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Indented));
}

QString RdsConnectPolicy::policyName(const QString &resourceId, const QString &dbUser)
{
    QString name = QStringLiteral("signet-rds-connect-%1-%2").arg(resourceId, dbUser);
    static const QRegularExpression disallowed(QStringLiteral("[^A-Za-z0-9+=,.@_-]"));
    name.replace(disallowed, QStringLiteral("_"));
    return name.left(128);
}

bool RdsConnectPolicy::wildcardMatch(QStringView pattern, QStringView text)
{
    // Iterative glob with one backtrack point: linear in practice, no recursion.
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        // A '*' in the pattern is always the wildcard, also where the text has a '*' of its own.
        if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && (pattern[p] == u'?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (star != -1) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

RdsConnectPolicy::Verdict RdsConnectPolicy::evaluate(const QString &document, const QString &resourceArn)
{
    const QJsonDocument json = QJsonDocument::fromJson(document.toUtf8());
    if (!json.isObject())
        return Verdict::Unknown;
    const QJsonValue statements = json.object().value(QStringLiteral("Statement"));
    const QJsonArray list = statements.isObject() ? QJsonArray{statements} : statements.toArray();
    const QString action = QStringLiteral("rds-db:connect");
    bool allowed = false;
    bool unknown = false;
    for (const QJsonValue &value : list) {
        const QJsonObject statement = value.toObject();
        const bool allow = statement.value(QStringLiteral("Effect")).toString() == u"Allow";
        if (statement.contains(QStringLiteral("NotAction")) ||
            statement.contains(QStringLiteral("NotResource"))) {
            unknown = true;
            continue;
        }
        // Actions match case-insensitively in IAM; resources case-sensitively.
        if (!anyMatches(stringOrList(statement.value(QStringLiteral("Action"))), action,
                        Qt::CaseInsensitive) ||
            !anyMatches(stringOrList(statement.value(QStringLiteral("Resource"))), resourceArn,
                        Qt::CaseSensitive))
            continue;
        if (statement.contains(QStringLiteral("Condition"))) {
            unknown = true;
            continue;
        }
        if (!allow)
            return Verdict::DoesNotAllow;
        allowed = true;
    }
    if (unknown)
        return Verdict::Unknown;
    return allowed ? Verdict::Allows : Verdict::DoesNotAllow;
}

Result<IamPrincipal> RdsConnectPolicy::principalFromArn(const QString &callerArn)
{
    const QStringList parts = callerArn.split(u':');
    const auto unusable = [&] {
        return makeError(
            QStringLiteral("iam.unknown-principal"),
            QStringLiteral("cannot tell the IAM user or role of \"%1\"").arg(callerArn),
            QStringLiteral("Attach the policy to the identity by hand, or copy the policy JSON."));
    };
    if (parts.size() < 6 || parts.at(0) != u"arn")
        return unusable();
    IamPrincipal out;
    out.partition = parts.at(1);
    out.accountId = parts.at(4);
    const QString resource = parts.mid(5).join(u':');
    if (parts.at(2) == u"iam" && resource == u"root") {
        out.kind = IamPrincipal::Kind::Root;
        return out;
    }
    if (parts.at(2) == u"iam" && resource.startsWith(QStringLiteral("user/"))) {
        out.kind = IamPrincipal::Kind::User;
        out.name = resource.section(u'/', -1);
        return out;
    }
    if (parts.at(2) == u"iam" && resource.startsWith(QStringLiteral("role/"))) {
        out.kind = IamPrincipal::Kind::Role;
        out.name = resource.section(u'/', -1);
        return out;
    }
    if (parts.at(2) == u"sts" && resource.startsWith(QStringLiteral("assumed-role/"))) {
        // assumed-role/ROLE/SESSION: the role's path is not in the ARN, and AttachRolePolicy needs none.
        out.kind = IamPrincipal::Kind::Role;
        out.name = resource.section(u'/', 1, 1);
        if (out.name.isEmpty())
            return unusable();
        return out;
    }
    return unusable();
}

} // namespace signet::aws
