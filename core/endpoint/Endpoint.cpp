// SPDX-License-Identifier: GPL-3.0-or-later
// Endpoint: the HOST:PORT parser and the endpoint rules.
#include "endpoint/Endpoint.h"

#include "aws/RdsEndpoint.h"

#include <QRegularExpression>
#include <QStringList>

namespace signet {

namespace {

// RFC 1123 host names and IPv4/IPv6 literals; no scheme, path or port.
bool isPlausibleHost(const QString &host)
{
    static const QRegularExpression name(
        QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*\\.?$"));
    static const QRegularExpression ipv6(QStringLiteral("^[0-9A-Fa-f:.]+$"));
    return name.match(host).hasMatch() || (host.contains(u':') && ipv6.match(host).hasMatch());
}

QString hostProblem(const QString &host, const QString &what)
{
    if (host.contains(QStringLiteral("://")))
        return QStringLiteral("Enter the %1 without a scheme such as \"https://\".").arg(what);
    if (host.contains(u'/'))
        return QStringLiteral("Enter only the %1, without a path.").arg(what);
    if (host.count(u':') == 1)
        return QStringLiteral("Enter the port in its own field, not after the %1.").arg(what);
    if (host.contains(u' '))
        return QStringLiteral("The %1 cannot contain spaces.").arg(what);
    if (!isPlausibleHost(host))
        return QStringLiteral("\"%1\" is not a valid host name or IP address.").arg(host);
    return {};
}

QString portProblem(int port, const QString &what)
{
    if (port < 1 || port > 65535)
        return QStringLiteral("The %1 must be a number from 1 to 65535.").arg(what);
    return {};
}

Error badHostPort(const QString &message, const QString &hint)
{
    return makeError(QStringLiteral("endpoint.bad-host-port"), message, hint);
}

} // namespace

Result<HostPort> parseHostPort(const QString &text)
{
    const QString trimmed = text.trimmed();
    QString host;
    QString port;
    if (trimmed.startsWith(u'[')) {
        const qsizetype close = trimmed.indexOf(u']');
        if (close < 0 || trimmed.mid(close + 1, 1) != u":")
            return badHostPort(QStringLiteral("\"%1\" is not of the form [IPv6]:PORT").arg(text),
                               QStringLiteral("Write it as [::1]:5432."));
        host = trimmed.mid(1, close - 1);
        port = trimmed.mid(close + 2);
    } else {
        const qsizetype colon = trimmed.lastIndexOf(u':');
        if (colon <= 0)
            return badHostPort(QStringLiteral("\"%1\" is not of the form HOST:PORT").arg(text),
                               QStringLiteral("Write it as 127.0.0.1:15432."));
        host = trimmed.left(colon);
        port = trimmed.mid(colon + 1);
        if (host.contains(u':'))
            return badHostPort(QStringLiteral("\"%1\" has an IPv6 address without brackets").arg(text),
                               QStringLiteral("Write it as [::1]:5432."));
    }
    if (host.isEmpty())
        return badHostPort(QStringLiteral("\"%1\" has no host before the port").arg(text),
                           QStringLiteral("Write it as HOST:PORT, e.g. 127.0.0.1:15432."));
    bool ok = false;
    const int number = port.toInt(&ok);
    if (!ok || number < 1 || number > 65535)
        return badHostPort(QStringLiteral("the port in \"%1\" is not a number from 1 to 65535").arg(text),
                           QStringLiteral("Write it as HOST:PORT, e.g. 127.0.0.1:15432."));
    return HostPort{host, number};
}

QString hostPortText(const QString &host, int port)
{
    return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                               : QStringLiteral("%1:%2").arg(host).arg(port);
}

namespace {

QString normalisedName(const QString &host)
{
    QString name = host.trimmed().toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    return name;
}

// <cluster-id>.dsql.<region>.on.aws → the region, else empty.
QString dsqlRegion(const QString &name)
{
    static const QString suffix = QStringLiteral(".on.aws");
    if (!name.endsWith(suffix))
        return {};
    const QStringList labels = name.left(name.size() - suffix.size()).split(u'.');
    if (labels.size() != 3 || labels[0].isEmpty() || labels[1] != QLatin1String("dsql") ||
        !aws::RdsEndpoint::isRegionName(labels[2]))
        return {};
    return labels[2];
}

} // namespace

EndpointKind endpointKind(const QString &host)
{
    const QString name = normalisedName(host);
    if (!dsqlRegion(name).isEmpty())
        return EndpointKind::Dsql;
    if (aws::RdsEndpoint::regionFromHost(name).isEmpty())
        return EndpointKind::Other;
    // <proxy>.proxy-<hash>.… and a proxy's own endpoints, <name>.endpoint.proxy-<hash>.…
    const QStringList labels = name.split(u'.');
    const bool proxy =
        (labels.size() > 1 && labels[1].startsWith(QLatin1String("proxy-"))) ||
        (labels.size() > 2 && labels[1] == u"endpoint" && labels[2].startsWith(QLatin1String("proxy-")));
    return proxy ? EndpointKind::RdsProxy : EndpointKind::Rds;
}

QString regionFromEndpointName(const QString &host)
{
    const QString name = normalisedName(host);
    if (const QString region = dsqlRegion(name); !region.isEmpty())
        return region;
    return aws::RdsEndpoint::regionFromHost(name);
}

std::optional<Engine> engineFromEndpointName(const QString &host)
{
    if (endpointKind(host) == EndpointKind::Dsql)
        return Engine::AuroraDsql;
    return std::nullopt;
}

Result<QString> resolveSigningRegion(const QString &host, const QString &explicitRegion,
                                     const QString &fallbackRegion)
{
    const QString detected = regionFromEndpointName(host);
    QString given = explicitRegion.trimmed();
    if (given.isEmpty() && detected.isEmpty())
        given = fallbackRegion.trimmed();
    if (!given.isEmpty()) {
        if (!aws::RdsEndpoint::isRegionName(given))
            return makeError(QStringLiteral("region.invalid"),
                             QStringLiteral("\"%1\" is not an AWS region name").arg(given),
                             QStringLiteral("Use a region code such as eu-west-1 or us-gov-west-1."));
        if (!detected.isEmpty() && detected != given)
            return makeError(QStringLiteral("region.mismatch"),
                             QStringLiteral("region %1 does not match the endpoint %2, which is in %3")
                                 .arg(given, host, detected),
                             QStringLiteral("A token signed for another region is always refused."),
                             Fix{Fix::Kind::UseRegion, detected});
        return given;
    }
    if (detected.isEmpty())
        return makeError(QStringLiteral("region.unknown"),
                         QStringLiteral("cannot tell the region from host \"%1\"").arg(host),
                         QStringLiteral("Give the database's region, e.g. eu-west-1."),
                         Fix{Fix::Kind::GiveRegion, {}});
    return detected;
}

QString Endpoint::effectiveRegion() const
{
    return region.isEmpty() ? regionFromEndpointName(host) : region;
}

QString Endpoint::viaText() const
{
    return hasVia() ? hostPortText(viaHost, viaPort) : QString();
}

Status Endpoint::setVia(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        viaHost.clear();
        viaPort = 0;
        return Unit{};
    }
    const auto parsed = parseHostPort(text);
    if (!parsed)
        return parsed.error();
    viaHost = parsed->host;
    viaPort = parsed->port;
    return Unit{};
}

namespace {

// One broken rule: a fix-worded message (the form shows it beside the field), or a message and a
// hint when the rule comes from elsewhere.
struct Problem
{
    QString field;
    QString message;
    QString hint;
    Fix fix;
};

QList<Problem> problemsOf(const Endpoint &endpoint)
{
    QList<Problem> problems;
    auto add = [&problems](const char *field, const QString &message, const QString &hint = {},
                           const Fix &fix = {}) {
        problems.append({QString::fromLatin1(field), message, hint, fix});
    };
    if (endpoint.host.trimmed().isEmpty())
        add("host",
            QStringLiteral("Enter the database endpoint, e.g. mydb.abc123.eu-west-1.rds.amazonaws.com."));
    else if (const QString problem = hostProblem(endpoint.host, QStringLiteral("endpoint"));
             !problem.isEmpty())
        add("host", problem);
    if (const QString problem = portProblem(endpoint.port, QStringLiteral("port")); !problem.isEmpty())
        add("port", problem);
    // A given region must be a region name and agree with the endpoint name's (the signing rule).
    if (!endpoint.region.isEmpty()) {
        if (const auto region = resolveSigningRegion(endpoint.host, endpoint.region); !region)
            add("region", region.error().message, region.error().hint, region.error().fix);
    }
    if (endpoint.hasVia()) {
        if (const QString problem = hostProblem(endpoint.viaHost, QStringLiteral("tunnel host"));
            !problem.isEmpty())
            add("via", problem);
        else if (const QString portError = portProblem(endpoint.viaPort, QStringLiteral("tunnel port"));
                 !portError.isEmpty())
            add("via", portError);
    } else if (endpoint.viaPort != 0) {
        add("via", QStringLiteral("Enter the tunnel host as well as its port, or clear both."));
    }
    return problems;
}

} // namespace

QList<FieldError> Endpoint::endpointProblems() const
{
    QList<FieldError> errors;
    for (const Problem &problem : problemsOf(*this)) {
        QString message = problem.message;
        // The form shows one sentence per field: a rule from elsewhere adds its hint in the GUI's words.
        if (const QString hint = Error{{}, {}, problem.hint, problem.fix}.hintFor(FrontEnd::Gui);
            !hint.isEmpty()) {
            message[0] = message[0].toUpper();
            message += QStringLiteral(". ") + hint;
        }
        errors.append({problem.field, message});
    }
    return errors;
}

Status Endpoint::validateEndpoint(const QString &codePrefix, RegionRule regionRule) const
{
    for (const Problem &problem : problemsOf(*this)) {
        if (regionRule == RegionRule::LeftToCaller && problem.field == u"region")
            continue;
        return makeError(codePrefix + problem.field, problem.message, problem.hint, problem.fix);
    }
    return Unit{};
}

} // namespace signet
