// SPDX-License-Identifier: GPL-3.0-or-later
// PeerCredentials: /proc/net/tcp lookup and SO_PEERCRED.
#include "proxy/PeerCredentials.h"

#include <QFile>
#include <QList>
#include <QtEndian>

#include <cstring>

#ifdef Q_OS_LINUX
#include <pwd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace signet::proxy {

namespace {

// /proc/net/tcp writes an IPv4 address as one 32-bit word and IPv6 as four, each in host byte
// order, in hex: on little-endian hosts 127.0.0.1 is "0100007F".
QByteArray procAddress(const QHostAddress &address, bool v6)
{
    Q_IPV6ADDR bytes{};
    if (!v6) {
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        if (!isV4)
            return {};
        quint32 word = qToBigEndian(v4); // network order in memory …
        QByteArray raw(reinterpret_cast<const char *>(&word), 4);
        quint32 host = 0;
        std::memcpy(&host, raw.constData(), 4); // … printed as a host-order word
        return QByteArray::number(host, 16).rightJustified(8, '0').toUpper();
    }
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QHostAddress mapped =
        isV4 ? QHostAddress(QStringLiteral("::ffff:") + QHostAddress(v4).toString()) : address;
    bytes = mapped.toIPv6Address();
    QByteArray out;
    for (int word = 0; word < 4; ++word) {
        quint32 host = 0;
        std::memcpy(&host, &bytes[word * 4], 4);
        out += QByteArray::number(host, 16).rightJustified(8, '0').toUpper();
    }
    return out;
}

QByteArray procEndpoint(const QHostAddress &address, quint16 port, bool v6)
{
    const QByteArray host = procAddress(address, v6);
    if (host.isEmpty())
        return {};
    return host + ':' + QByteArray::number(port, 16).rightJustified(4, '0').toUpper();
}

} // namespace

std::optional<uint> PeerCredentials::findTcpOwner(QByteArrayView table, const QHostAddress &clientAddress,
                                                  quint16 clientPort, const QHostAddress &serverAddress,
                                                  quint16 serverPort)
{
    const QList<QByteArray> lines = QByteArray(table.data(), table.size()).split('\n');
    if (lines.isEmpty())
        return std::nullopt;
    for (bool v6 : {false, true}) {
        const QByteArray local = procEndpoint(clientAddress, clientPort, v6);
        const QByteArray remote = procEndpoint(serverAddress, serverPort, v6);
        if (local.isEmpty() || remote.isEmpty())
            continue;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
            if (fields.size() < 8)
                continue;
            if (fields.at(1).toUpper() == local && fields.at(2).toUpper() == remote) {
                bool ok = false;
                const uint uid = fields.at(7).toUInt(&ok);
                if (ok)
                    return uid;
            }
        }
    }
    return std::nullopt;
}

Result<uint> PeerCredentials::tcpPeerUid(const QHostAddress &clientAddress, quint16 clientPort,
                                         const QHostAddress &serverAddress, quint16 serverPort)
{
#ifdef Q_OS_LINUX
    for (const char *path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file(QString::fromLatin1(path));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        // /proc files report size 0; readAll reads to the end.
        const QByteArray table = file.readAll();
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
