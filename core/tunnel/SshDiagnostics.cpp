// SPDX-License-Identifier: GPL-3.0-or-later
// SshDiagnostics: OpenSSH's stderr lines mapped onto errors that name SSH, never the database.
#include "tunnel/SshDiagnostics.h"

namespace signet::tunnel {

namespace {

constexpr int kMaxMessages = 40;

bool has(const QStringList &lines, const QString &needle)
{
    for (const QString &line : lines) {
        if (line.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString firstWith(const QStringList &lines, const QString &needle)
{
    for (const QString &line : lines) {
        if (line.contains(needle, Qt::CaseInsensitive))
            return line;
    }
    return {};
}

QString bastionName(const SshRoute &route)
{
    return route.port > 0 ? QStringLiteral("%1 (port %2)").arg(route.host).arg(route.port) : route.host;
}

QString keyscanCommand(const SshRoute &route)
{
    return route.port > 0 && route.port != 22
               ? QStringLiteral("ssh-keyscan -p %1 %2 >> ~/.ssh/known_hosts").arg(route.port).arg(route.host)
               : QStringLiteral("ssh-keyscan %1 >> ~/.ssh/known_hosts").arg(route.host);
}

} // namespace

void SshDiagnostics::feed(const QByteArray &bytes)
{
    m_pending += bytes;
    qsizetype end;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        line(QString::fromUtf8(m_pending.left(end)).trimmed());
        m_pending.remove(0, end + 1);
    }
    // A line without its newline yet stays pending, but never grows without bound.
    if (m_pending.size() > 4096)
        m_pending = m_pending.right(4096);
}

void SshDiagnostics::line(const QString &text)
{
    if (text.isEmpty())
        return;
    static const QString kAuthenticating = QStringLiteral("Authenticating to ");
    static const QString kHostKey = QStringLiteral("Server host key: ");
    if (const qsizetype at = text.indexOf(kAuthenticating); at >= 0 && text.startsWith(u"debug")) {
        const QString where = text.mid(at + kAuthenticating.size()).section(QStringLiteral(" as '"), 0, 0);
        const qsizetype colon = where.lastIndexOf(u':');
        m_hops.append(Hop{where.left(colon), colon > 0 ? where.mid(colon + 1).toInt() : 0, {}, false, false});
        return;
    }
    if (const qsizetype at = text.indexOf(kHostKey); at >= 0) {
        m_fingerprint = text.mid(at + kHostKey.size()).trimmed();
        if (!m_hops.isEmpty())
            m_hops.last().fingerprint = m_fingerprint;
        return;
    }
    if (!m_hops.isEmpty() && text.contains(QStringLiteral("is known and matches the")))
        m_hops.last().keyVerified = true;
    if (!m_hops.isEmpty() && text.startsWith(QStringLiteral("Authenticated to ")))
        m_hops.last().authenticated = true;
    if (text.contains(QStringLiteral("open failed")))
        m_openFailed = text;
    if (text.startsWith(QStringLiteral("debug")) || text.startsWith(QStringLiteral("OpenSSH_")) ||
        text.startsWith(u'@') || text.startsWith(QStringLiteral("Authenticated to")) ||
        text.startsWith(QStringLiteral("Transferred:")) || text.startsWith(QStringLiteral("Bytes per")))
        return;
    m_messages << text;
    if (m_messages.size() > kMaxMessages)
        m_messages.removeFirst();
}

Error SshDiagnostics::localPortBusy(int port)
{
    return makeError(QString::fromLatin1(SshError::LocalPortBusy),
                     QStringLiteral("another program already listens on 127.0.0.1:%1, the SSH tunnel's "
                                    "local port; the tunnel was not opened")
                         .arg(port),
                     QStringLiteral("Choose another local port for the tunnel (or let Signet choose "
                                    "one), or stop the program that holds it."));
}

int SshDiagnostics::failedHop(bool hostKey) const
{
    for (qsizetype i = 0; i < m_hops.size(); ++i) {
        const Hop &hop = m_hops.at(i);
        if (hostKey ? !hop.fingerprint.isEmpty() && !hop.keyVerified : !hop.authenticated)
            return int(i);
    }
    return -1;
}

SshRoute SshDiagnostics::hopRoute(const SshRoute &route, int hop) const
{
    // Hops come in the route's order: the jump hosts, then the bastion.
    if (hop < 0 || hop >= route.jumpHosts.size() || hop >= m_hops.size())
        return route;
    SshRoute jump;
    jump.host = m_hops.at(hop).host;
    jump.port = m_hops.at(hop).port;
    if (const auto parsed = SshRoute::parseDestination(route.jumpHosts.at(hop));
        parsed && jump.host.isEmpty())
        jump = *parsed;
    return jump;
}

QString SshDiagnostics::hopName(const SshRoute &route, int hop) const
{
    if (hop < 0 || hop >= route.jumpHosts.size() || hop >= m_hops.size())
        return QStringLiteral("bastion ") + bastionName(route);
    return QStringLiteral("jump host ") + bastionName(hopRoute(route, hop));
}

Error SshDiagnostics::explain(const SshRoute &route, const QString &remote, int exitCode) const
{
    QStringList lines = m_messages;
    if (!m_pending.trimmed().isEmpty())
        lines << QString::fromUtf8(m_pending).trimmed();
    const QString bastion = bastionName(route);
    if (has(lines, QStringLiteral("Address already in use")) ||
        has(lines, QStringLiteral("cannot listen to port"))) {
        const QString bind = firstWith(lines, QStringLiteral("Address already in use"));
        const int port = bind.section(u']', 1, 1).section(u':', 1, 1).toInt();
        return localPortBusy(port);
    }
    // With jump hosts, the hop whose key was refused may be one of them: name and fingerprint that one.
    const int keyHop = failedHop(true);
    const QString keyHopName = hopName(route, keyHop);
    const SshRoute keyRoute = hopRoute(route, keyHop);
    const QString keyPrint = keyHop >= 0 ? m_hops.at(keyHop).fingerprint : m_fingerprint;
    const QString key = keyPrint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(keyPrint);

    if (has(lines, QStringLiteral("REMOTE HOST IDENTIFICATION HAS CHANGED")) ||
        has(lines, QStringLiteral("has changed and you have requested strict checking")))
        return makeError(QString::fromLatin1(SshError::HostKeyChanged),
                         QStringLiteral("the SSH host key of %1 has changed%2; the tunnel was not opened")
                             .arg(keyHopName, key),
                         QStringLiteral("This is either a reinstalled host or someone in the middle. Confirm "
                                        "the new fingerprint with the host's administrator, then replace the "
                                        "old key: ssh-keygen -R %1, and add the new one with %2.")
                             .arg(keyRoute.host, keyscanCommand(keyRoute)));
    if (has(lines, QStringLiteral("host key is known for")) ||
        has(lines, QStringLiteral("Host key verification failed")) ||
        has(lines, QStringLiteral("authenticity of host")))
        return makeError(
            QString::fromLatin1(SshError::HostKeyUnknown),
            QStringLiteral("the SSH host key of %1 is not known%2; the tunnel was not "
                           "opened")
                .arg(keyHopName, key),
            QStringLiteral("Compare the fingerprint with the one the host's administrator "
                           "gives you, then add the key to known_hosts: %1 (or connect once with "
                           "ssh and accept it).")
                .arg(keyscanCommand(keyRoute)));
    if (has(lines, QStringLiteral("Permission denied")) ||
        has(lines, QStringLiteral("Too many authentication failures")) ||
        has(lines, QStringLiteral("no more authentication methods")))
        return makeError(
            QString::fromLatin1(SshError::AuthRefused),
            QStringLiteral("the %1 refused the SSH key%2 (%3)")
                .arg(hopName(route, failedHop(false)),
                     route.user.isEmpty() || hopRoute(route, failedHop(false)) != route
                         ? QString()
                         : QStringLiteral(" for user %1").arg(route.user),
                     firstWith(lines, QStringLiteral("Permission denied")).isEmpty()
                         ? lines.value(lines.size() - 1)
                         : firstWith(lines, QStringLiteral("Permission denied"))),
            QStringLiteral("This is the SSH login to the bastion, not the database login: check "
                           "the identity file, that the agent holds the key (ssh-add -l) and that "
                           "the bastion's authorized_keys lists it."));
    for (const QString &needle :
         {QStringLiteral("Connection refused"), QStringLiteral("timed out"),
          QStringLiteral("No route to host"), QStringLiteral("Could not resolve hostname"),
          QStringLiteral("Network is unreachable"), QStringLiteral("Connection closed by"),
          QStringLiteral("Connection reset by")}) {
        const QString found = firstWith(lines, needle);
        if (found.isEmpty() || found.contains(QStringLiteral("open failed")))
            continue;
        return makeError(QString::fromLatin1(SshError::Unreachable),
                         QStringLiteral("cannot reach the SSH bastion %1: %2")
                             .arg(bastion, found.startsWith(QStringLiteral("ssh: ")) ? found.mid(5) : found),
                         QStringLiteral("Check the bastion's name and port, that it is running and that a "
                                        "firewall or security group lets this machine reach it."));
    }
    if (has(lines, QStringLiteral("Could not request local forwarding")) ||
        has(lines, QStringLiteral("Address already in use")) ||
        has(lines, QStringLiteral("forwarding failed")) || !m_openFailed.isEmpty())
        return makeError(
            QString::fromLatin1(SshError::ForwardFailed),
            QStringLiteral("the SSH bastion %1 could not forward to %2: %3")
                .arg(bastion, remote, m_openFailed.isEmpty() ? lines.value(lines.size() - 1) : m_openFailed),
            QStringLiteral("The SSH login worked; check that the bastion can reach the database "
                           "(its security group, the endpoint name) and that the bastion allows "
                           "port forwarding."));
    const QString last = lines.isEmpty() ? QStringLiteral("no message") : lines.last();
    return makeError(
        QString::fromLatin1(SshError::Failed),
        QStringLiteral("ssh to bastion %1 exited with code %2: %3").arg(bastion).arg(exitCode).arg(last),
        QStringLiteral("Run ssh yourself with the same destination to see what the bastion says."));
}

} // namespace signet::tunnel
