// SPDX-License-Identifier: GPL-3.0-or-later
// SshRoute: the bastion's destination text, its JSON form and its rules.
#include "tunnel/SshRoute.h"

#include "endpoint/Endpoint.h"

#include <QJsonArray>

namespace signet::tunnel {

namespace {

bool plausibleHost(const QString &host)
{
    if (host.isEmpty() || host.startsWith(u'-'))
        return false;
    for (const QChar c : host) {
        if (c.isSpace() || c == u'@' || c == u'/' || c == u'\'' || c == u'"')
            return false;
    }
    return true;
}

} // namespace

QString SshRoute::destinationText() const
{
    QString text = user.isEmpty() ? QString() : user + u'@';
    if (port > 0)
        return text + hostPortText(host, port);
    return text + host;
}

QString SshRoute::displayText() const
{
    if (!isSet())
        return {};
    QString text = destinationText();
    if (!jumpHosts.isEmpty())
        text += QStringLiteral(" (via %1)").arg(jumpHosts.join(u','));
    return text;
}

Result<SshRoute> SshRoute::parseDestination(const QString &input)
{
    const QString text = input.trimmed();
    SshRoute route;
    QString rest = text;
    if (const qsizetype at = text.lastIndexOf(u'@'); at >= 0) {
        route.user = text.left(at);
        rest = text.mid(at + 1);
    }
    const bool bracketed = rest.startsWith(u'[');
    const qsizetype colons = rest.count(u':');
    if (bracketed || colons == 1) {
        if (bracketed && !rest.contains(QStringLiteral("]:"))) {
            route.host = rest.mid(1, rest.size() - 2);
        } else {
            const auto parsed = parseHostPort(rest);
            if (!parsed)
                return makeError(
                    QStringLiteral("tunnel.bad-destination"),
                    QStringLiteral("SSH destination \"%1\": %2").arg(text, parsed.error().message),
                    QStringLiteral("Give the bastion as user@host or user@host:port."));
            route.host = parsed->host;
            route.port = parsed->port;
        }
    } else {
        route.host = rest;
    }
    if (const QString problem = route.problem(); !problem.isEmpty() || route.user.contains(u' '))
        return makeError(
            QStringLiteral("tunnel.bad-destination"),
            QStringLiteral("SSH destination \"%1\": %2")
                .arg(text, problem.isEmpty() ? QStringLiteral("the user name has a space") : problem),
            QStringLiteral("Give the bastion as user@host or user@host:port."));
    return route;
}

QString SshRoute::problem() const
{
    if (!isSet())
        return {};
    if (!plausibleHost(host))
        return QStringLiteral("\"%1\" is not a host name").arg(host);
    if (port < 0 || port > 65535)
        return QStringLiteral("port %1 is outside 1-65535").arg(port);
    if (user.startsWith(u'-'))
        return QStringLiteral("\"%1\" is not a user name").arg(user);
    for (const QString &jump : jumpHosts) {
        if (jump.isEmpty() || jump.startsWith(u'-') || jump.contains(u' '))
            return QStringLiteral("\"%1\" is not a jump host").arg(jump);
    }
    return {};
}

QJsonObject SshRoute::toJson() const
{
    QJsonObject object{{QStringLiteral("host"), host}};
    if (!user.isEmpty())
        object.insert(QStringLiteral("user"), user);
    if (port > 0)
        object.insert(QStringLiteral("port"), port);
    if (!identityFile.isEmpty())
        object.insert(QStringLiteral("identityFile"), identityFile);
    if (!jumpHosts.isEmpty())
        object.insert(QStringLiteral("jumpHosts"), QJsonArray::fromStringList(jumpHosts));
    return object;
}

SshRoute SshRoute::fromJson(const QJsonObject &object)
{
    SshRoute route;
    route.host = object.value(QStringLiteral("host")).toString();
    route.user = object.value(QStringLiteral("user")).toString();
    route.port = object.value(QStringLiteral("port")).toInt();
    route.identityFile = object.value(QStringLiteral("identityFile")).toString();
    for (const QJsonValue &jump : object.value(QStringLiteral("jumpHosts")).toArray())
        route.jumpHosts << jump.toString();
    return route;
}

} // namespace signet::tunnel
