// SPDX-License-Identifier: GPL-3.0-or-later
// ParityCases: random and edge-case inputs for the token parity tests (botocore, npm signers).
#include "ParityCases.h"

#include <QTimeZone>

#include <algorithm>

namespace signet::test {

QString pick(QRandomGenerator &rng, const QStringList &list)
{
    return list.at(int(rng.bounded(quint32(list.size()))));
}

QString randomFrom(QRandomGenerator &rng, const QStringList &alphabet, int minLength, int maxLength)
{
    const int length = minLength + int(rng.bounded(quint32(maxLength - minLength + 1)));
    QString out;
    for (int i = 0; i < length; ++i)
        out += pick(rng, alphabet);
    return out;
}

QStringList characters(const QString &chars)
{
    QStringList out;
    for (QChar c : chars)
        out.append(QString(c));
    return out;
}

const QStringList &awsRegions()
{
    static const QStringList regions = {
        QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),      QStringLiteral("us-west-1"),
        QStringLiteral("us-west-2"),      QStringLiteral("eu-west-1"),      QStringLiteral("eu-west-3"),
        QStringLiteral("eu-central-1"),   QStringLiteral("eu-central-2"),   QStringLiteral("eu-north-1"),
        QStringLiteral("eu-south-2"),     QStringLiteral("ap-southeast-1"), QStringLiteral("ap-southeast-4"),
        QStringLiteral("ap-northeast-1"), QStringLiteral("ap-south-1"),     QStringLiteral("sa-east-1"),
        QStringLiteral("ca-central-1"),   QStringLiteral("me-south-1"),     QStringLiteral("af-south-1"),
        QStringLiteral("il-central-1"),
    };
    return regions;
}

const QStringList &chinaRegions()
{
    static const QStringList regions = {QStringLiteral("cn-north-1"), QStringLiteral("cn-northwest-1")};
    return regions;
}

const QStringList &govRegions()
{
    static const QStringList regions = {QStringLiteral("us-gov-west-1"), QStringLiteral("us-gov-east-1")};
    return regions;
}

aws::Credentials CaseCredentials::toCredentials() const
{
    aws::Credentials credentials;
    credentials.accessKeyId = accessKeyId;
    credentials.secretAccessKey = SecretString::fromUtf8(secret);
    credentials.sessionToken = SecretString::fromUtf8(sessionToken);
    return credentials;
}

void CaseCredentials::writeTo(QJsonObject &o) const
{
    o[QStringLiteral("accessKeyId")] = accessKeyId;
    o[QStringLiteral("secretAccessKey")] = secret;
    o[QStringLiteral("sessionToken")] =
        sessionToken.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(sessionToken);
}

CaseCredentials randomCredentials(QRandomGenerator &rng, int sessionTokenOneIn)
{
    static const QStringList keyChars = characters(QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    static const QStringList base64 =
        characters(QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+="));
    CaseCredentials c;
    c.accessKeyId = (rng.bounded(2u) ? QStringLiteral("AKIA") : QStringLiteral("ASIA")) +
                    randomFrom(rng, keyChars, 16, 16);
    c.secret = randomFrom(rng, base64, 40, 40);
    if (rng.bounded(quint32(sessionTokenOneIn)) != 0)
        c.sessionToken = randomFrom(rng, base64, 100, 900);
    return c;
}

QString exampleSessionToken()
{
    return QStringLiteral("AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuF"
                          "qwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2"
                          "wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d"
                          "+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx"
                          "3iSIlTJabIQwj2ICCR/oLxBA==");
}

CaseCredentials exampleCredentials(bool withSessionToken)
{
    return CaseCredentials{QStringLiteral("AKIDEXAMPLE"),
                           QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                           withSessionToken ? exampleSessionToken() : QString()};
}

QDateTime randomSigningTime(QRandomGenerator &rng)
{
    return QDateTime::fromSecsSinceEpoch(946684800 + qint64(rng.bounded(3155760000u)), QTimeZone::utc());
}

QString amzDate(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

TokenParts splitToken(const QString &token)
{
    const qsizetype start = token.indexOf(QLatin1String("/?"));
    if (start < 0)
        return TokenParts{token, {}};
    return TokenParts{token.left(start), token.mid(start + 2).split(u'&')};
}

QString withSortedParameters(const QString &token)
{
    TokenParts parts = splitToken(token);
    std::sort(parts.parameters.begin(), parts.parameters.end(), [](const QString &a, const QString &b) {
        return a.left(a.indexOf(u'=')) < b.left(b.indexOf(u'='));
    });
    return parts.prefix + QStringLiteral("/?") + parts.parameters.join(u'&');
}

namespace {

QString safeValue(const QString &parameter)
{
    const QString name = parameter.left(parameter.indexOf(u'='));
    if (name == QLatin1String("X-Amz-Signature") || name == QLatin1String("X-Amz-Security-Token"))
        return name + QStringLiteral("=(%1 characters, not shown)").arg(parameter.size() - name.size() - 1);
    return parameter;
}

} // namespace

QString tokenDifference(const QString &ours, const QString &theirs)
{
    const TokenParts a = splitToken(ours);
    const TokenParts b = splitToken(theirs);
    QStringList out;
    if (a.prefix != b.prefix)
        out << QStringLiteral("prefix %1 vs %2").arg(a.prefix, b.prefix);
    const qsizetype n = std::max(a.parameters.size(), b.parameters.size());
    for (qsizetype i = 0; i < n; ++i) {
        const QString x = a.parameters.value(i);
        const QString y = b.parameters.value(i);
        if (x != y)
            out << QStringLiteral("parameter %1: %2 vs %3").arg(i).arg(safeValue(x), safeValue(y));
    }
    return out.isEmpty() ? QStringLiteral("(identical)") : out.join(QStringLiteral("; "));
}

bool bothSigned(qsizetype index, const QString &description, const QString &reference,
                const QJsonObject &expected, const std::optional<Error> &oursError)
{
    if (!expected.contains(QStringLiteral("error")) && !oursError)
        return true;
    qWarning().noquote() << "case" << index << description << "\n  " << reference << ':'
                         << expected.value(QStringLiteral("error")).toString(QStringLiteral("ok"))
                         << "\n  signet:" << (oursError ? oursError->toString() : QStringLiteral("ok"));
    return false;
}

Result<token::AuthToken> RdsCase::sign() const
{
    return token::AuthToken::generate(host, port, region, user, credentials.toCredentials(), time, expiresIn);
}

QJsonObject RdsCase::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("host")] = host;
    o[QStringLiteral("port")] = port;
    o[QStringLiteral("region")] = region;
    o[QStringLiteral("user")] = user;
    credentials.writeTo(o);
    o[QStringLiteral("signingTime")] = amzDate(time);
    o[QStringLiteral("expiresIn")] = expiresIn;
    return o;
}

QString RdsCase::describe() const
{
    return QStringLiteral(
               "host=%1 port=%2 region=%3 user=%4 key=%5 session token=%6 chars time=%7 expiresIn=%8")
        .arg(host)
        .arg(port)
        .arg(region, user, credentials.accessKeyId)
        .arg(credentials.sessionToken.size())
        .arg(time.toString(Qt::ISODate))
        .arg(expiresIn);
}

RdsCase randomRdsCase(QRandomGenerator &rng)
{
    static const QStringList lower = characters(QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789"));
    static const QStringList hostChars =
        characters(QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789-"));
    static const QStringList userAlphabet = [] {
        QStringList a = characters(
            QStringLiteral("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_-. +@/=&%~'()*!#?:;,\"<>[]{}|\\^`$"));
        a << QStringLiteral("é") << QStringLiteral("ß") << QStringLiteral("日本") << QStringLiteral("ü")
          << QStringLiteral("😀") << QStringLiteral("\t") << QStringLiteral("Ω") << QStringLiteral("𝄞");
        return a;
    }();

    RdsCase c;
    const quint32 partition = rng.bounded(10u);
    const QString id = randomFrom(rng, lower, 8, 14);
    const QString name = randomFrom(rng, hostChars, 1, 20);
    if (partition < 2) {
        c.region = pick(rng, chinaRegions());
        c.host = name + u'.' + id + u'.' + c.region + QStringLiteral(".rds.amazonaws.com.cn");
    } else if (partition < 3) {
        c.region = pick(rng, govRegions());
        c.host = name + u'.' + id + u'.' + c.region + QStringLiteral(".rds.amazonaws.com");
    } else if (partition < 4) {
        c.region = pick(rng, awsRegions());
        c.host = QStringLiteral("%1.%2.%3.%4")
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u));
    } else {
        c.region = pick(rng, awsRegions());
        c.host =
            name + QStringLiteral(".cluster-") + id + u'.' + c.region + QStringLiteral(".rds.amazonaws.com");
    }
    static const int specials[] = {80, 443, 3306, 5432, 1, 65535};
    c.port = rng.bounded(8u) == 0 ? specials[rng.bounded(6u)] : 1 + int(rng.bounded(65535u));
    c.user = randomFrom(rng, userAlphabet, 1, 40);
    c.credentials = randomCredentials(rng);
    c.time = randomSigningTime(rng);
    c.expiresIn = rng.bounded(3u) == 0 ? 900 : 1 + int(rng.bounded(900u));
    return c;
}

QList<RdsCase> rdsEdgeCases()
{
    const QDateTime t = QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), QTimeZone::utc());
    const QString rds = QStringLiteral("mydb.c9akciq32.us-east-1.rds.amazonaws.com");
    const QString us = QStringLiteral("us-east-1");
    QList<RdsCase> list;
    const auto add = [&](QString host, int port, QString region, QString user, QString token = {},
                         QDateTime time = {}, int expires = 900) {
        CaseCredentials credentials = exampleCredentials();
        credentials.sessionToken = std::move(token);
        list.append(RdsCase{std::move(host), port, std::move(region), std::move(user), credentials,
                            time.isValid() ? time : t, expires});
    };
    const QString sts = exampleSessionToken();
    add(rds, 443, us, QStringLiteral("iam_user"));
    add(QStringLiteral("MyDB.C9AKCIQ32.US-EAST-1.RDS.AMAZONAWS.COM"), 443, us, QStringLiteral("u"));
    add(QStringLiteral("MyDB.C9AKCIQ32.US-EAST-1.RDS.AMAZONAWS.COM"), 3306, us, QStringLiteral("u"));
    add(rds, 80, us, QStringLiteral("u"));
    add(rds, 1, us, QStringLiteral("u"));
    add(rds, 65535, us, QStringLiteral("u"));
    add(rds, 8443, us, QStringLiteral("u"));
    add(rds, 4430, us, QStringLiteral("u"));
    add(rds, 44, us, QStringLiteral("u"));
    add(rds, 5432, us, QStringLiteral(" "));
    add(rds, 5432, us, QStringLiteral("  leading and trailing  "));
    add(rds, 5432, us, QStringLiteral("%"));
    add(rds, 5432, us, QStringLiteral("%20"));
    add(rds, 5432, us, QStringLiteral("a+b"));
    add(rds, 5432, us, QStringLiteral("+ @ / = & % ~ ' ( ) * !"));
    add(rds, 5432, us, QStringLiteral("-._~"));
    add(rds, 5432, us, QStringLiteral("é日本😀"));
    add(rds, 5432, us, QStringLiteral("tab\there"));
    add(rds, 5432, us, QString(200, u'x'));
    add(rds, 5432, us, QStringLiteral("user"), sts);
    add(rds, 5432, us, QStringLiteral("user"), QStringLiteral("/+="));
    add(rds, 5432, us, QStringLiteral("user"), QStringLiteral("=="));
    add(QStringLiteral("db.x.cn-north-1.rds.amazonaws.com.cn"), 3306, QStringLiteral("cn-north-1"),
        QStringLiteral("u"));
    add(QStringLiteral("db.x.cn-northwest-1.rds.amazonaws.com.cn"), 443, QStringLiteral("cn-northwest-1"),
        QStringLiteral("u"), sts);
    add(QStringLiteral("db.x.us-gov-west-1.rds.amazonaws.com"), 5432, QStringLiteral("us-gov-west-1"),
        QStringLiteral("u"));
    add(QStringLiteral("db.x.us-gov-east-1.rds.amazonaws.com"), 5432, QStringLiteral("us-gov-east-1"),
        QStringLiteral("u"));
    add(QStringLiteral("10.0.0.5"), 5432, us, QStringLiteral("u"));
    add(QStringLiteral("localhost"), 15432, us, QStringLiteral("u"));
    add(QStringLiteral("a"), 5432, us, QStringLiteral("u"));
    add(QStringLiteral("under_score.example"), 5432, us, QStringLiteral("u"));
    add(rds, 5432, us, QStringLiteral("u"), {}, t, 1);
    add(rds, 5432, us, QStringLiteral("u"), {}, t, 899);
    add(rds, 5432, us, QStringLiteral("u"), {},
        QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59), QTimeZone::utc()));
    add(rds, 5432, us, QStringLiteral("u"), {},
        QDateTime(QDate(2000, 1, 1), QTime(0, 0, 0), QTimeZone::utc()));
    add(rds, 5432, us, QStringLiteral("u"), {},
        QDateTime(QDate(2024, 2, 29), QTime(12, 0, 0), QTimeZone::utc()));
    return list;
}

} // namespace signet::test
