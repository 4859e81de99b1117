// SPDX-License-Identifier: GPL-3.0-or-later
// PeerCredentials: /proc/net/tcp lookup and SO_PEERCRED.
#include "proxy/PeerCredentials.h"

#include "common/ProcNetTcp.h"

#ifdef Q_OS_LINUX
#include <pwd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace signet::proxy {

std::optional<uint> PeerCredentials::findTcpOwner(QByteArrayView table, const QHostAddress &clientAddress,
                                                  quint16 clientPort, const QHostAddress &serverAddress,
                                                  quint16 serverPort)
{
    const QList<ProcNetTcpRow> rows = ProcNetTcp::parse(table);
    for (bool v6 : {false, true}) {
        const QByteArray local = ProcNetTcp::endpoint(clientAddress, clientPort, v6);
        const QByteArray remote = ProcNetTcp::endpoint(serverAddress, serverPort, v6);
        if (local.isEmpty() || remote.isEmpty())
            continue;
        for (const ProcNetTcpRow &row : rows) {
            if (row.local == local && row.remote == remote)
                return row.uid;
        }
    }
    return std::nullopt;
}

Result<uint> PeerCredentials::tcpPeerUid(const QHostAddress &clientAddress, quint16 clientPort,
                                         const QHostAddress &serverAddress, quint16 serverPort)
{
#ifdef Q_OS_LINUX
    for (const auto &[table, v6] : ProcNetTcp::readTables()) {
        Q_UNUSED(v6)
        if (const auto uid = findTcpOwner(table, clientAddress, clientPort, serverAddress, serverPort))
            return *uid;
    }
    return makeError(QStringLiteral("proxy.peer-unknown"),
                     QStringLiteral("the connection from %1:%2 is not in /proc/net/tcp")
                         .arg(clientAddress.toString())
                         .arg(clientPort));
#else
    Q_UNUSED(clientAddress)
    Q_UNUSED(clientPort)
    Q_UNUSED(serverAddress)
    Q_UNUSED(serverPort)
    return makeError(QStringLiteral("proxy.peer-unsupported"),
                     QStringLiteral("this system cannot tell which user a TCP client belongs to"));
#endif
}

Result<uint> PeerCredentials::unixPeerUid(qintptr socketDescriptor)
{
#ifdef Q_OS_LINUX
    struct ucred credentials
    {};
    socklen_t length = sizeof(credentials);
    if (getsockopt(int(socketDescriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0)
        return makeError(QStringLiteral("proxy.peer-unknown"),
                         QStringLiteral("the kernel did not say who is at the other end of the socket"));
    return uint(credentials.uid);
#else
    Q_UNUSED(socketDescriptor)
    return makeError(QStringLiteral("proxy.peer-unsupported"),
                     QStringLiteral("this system cannot tell which user a socket client belongs to"));
#endif
}

uint PeerCredentials::currentUid()
{
#ifdef Q_OS_LINUX
    return uint(getuid());
#else
    return 0;
#endif
}

QString PeerCredentials::describeUid(uint uid)
{
#ifdef Q_OS_LINUX
    if (const passwd *entry = getpwuid(uid); entry && entry->pw_name)
        return QStringLiteral("%1 (%2)").arg(QString::fromLocal8Bit(entry->pw_name)).arg(uid);
#endif
    return QString::number(uid);
}

} // namespace signet::proxy
