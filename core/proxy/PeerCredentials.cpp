// SPDX-License-Identifier: GPL-3.0-or-later
// PeerCredentials: /proc/net/tcp lookup and SO_PEERCRED.
#include "proxy/PeerCredentials.h"

#include "common/ProcNetTcp.h"

#ifdef Q_OS_LINUX
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace signet::proxy {

#ifdef Q_OS_LINUX
namespace {

// Closes a file descriptor when it goes out of scope.
struct Descriptor final
{
    int fd;
    ~Descriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// Fills a sock_diag address field (4 bytes of IPv4 or 16 of IPv6, network order). False when the
// address does not fit the family.
bool putAddress(__be32 (&field)[4], const QHostAddress &address, int family)
{
    if (family == AF_INET) {
        bool ok = false;
        const quint32 v4 = address.toIPv4Address(&ok); // also unwraps ::ffff:a.b.c.d
        if (!ok)
            return false;
        field[0] = htonl(v4);
        return true;
    }
    const Q_IPV6ADDR v6 = address.toIPv6Address(); // an IPv4 address in its mapped form
    static_assert(sizeof(v6) == sizeof(field));
    std::memcpy(field, &v6, sizeof(field));
    return true;
}

// One exact lookup of the socket src=client dst=server in the kernel's TCP tables of `family`
// (NETLINK_SOCK_DIAG, what `ss` uses): the owner's uid, nullopt when there is no such socket.
// Unlike reading /proc/net/tcp, the cost does not grow with the number of sockets on the machine.
std::optional<uint> sockDiagOwner(int family, const QHostAddress &client, quint16 clientPort,
                                  const QHostAddress &server, quint16 serverPort)
{
    struct Request
    {
        nlmsghdr header;
        inet_diag_req_v2 body;
    } request{};
    request.header.nlmsg_len = sizeof(request);
    request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    request.header.nlmsg_flags = NLM_F_REQUEST;
    request.body.sdiag_family = quint8(family);
    request.body.sdiag_protocol = IPPROTO_TCP;
    request.body.idiag_states = ~0U;
    request.body.id.idiag_sport = htons(clientPort);
    request.body.id.idiag_dport = htons(serverPort);
    request.body.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    request.body.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    if (!putAddress(request.body.id.idiag_src, client, family) ||
        !putAddress(request.body.id.idiag_dst, server, family))
        return std::nullopt;

    const Descriptor socket{::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)};
    if (socket.fd < 0)
        return std::nullopt;
    const timeval limit{1, 0}; // the kernel answers at once; never block the proxy's thread for long
    ::setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(socket.fd, &request, sizeof(request), 0, reinterpret_cast<const sockaddr *>(&kernel),
                 sizeof(kernel)) != ssize_t(sizeof(request)))
        return std::nullopt;

    alignas(nlmsghdr) char answer[4096];
    ssize_t size = 0;
    do
        size = ::recv(socket.fd, answer, sizeof(answer), 0);
    while (size < 0 && errno == EINTR);
    if (size <= 0)
        return std::nullopt;
    for (auto *message = reinterpret_cast<const nlmsghdr *>(answer); NLMSG_OK(message, size_t(size));
         message = NLMSG_NEXT(message, size)) {
        if (message->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
            message->nlmsg_len >= NLMSG_LENGTH(sizeof(inet_diag_msg))) {
            const auto *found = static_cast<const inet_diag_msg *>(NLMSG_DATA(message));
            return uint(found->idiag_uid);
        }
        if (message->nlmsg_type == NLMSG_ERROR || message->nlmsg_type == NLMSG_DONE)
            break; // ENOENT: no such socket in this family
    }
    return std::nullopt;
}

} // namespace
#endif

std::optional<uint> PeerCredentials::sockDiagTcpOwner(const QHostAddress &clientAddress, quint16 clientPort,
                                                      const QHostAddress &serverAddress, quint16 serverPort)
{
#ifdef Q_OS_LINUX
    // An IPv4 client of a dual-stack listener shows as ::ffff:a.b.c.d here, but its own socket is an
    // IPv4 one; an IPv6 client is only in the IPv6 table.
    for (const int family : {AF_INET, AF_INET6}) {
        if (const auto uid = sockDiagOwner(family, clientAddress, clientPort, serverAddress, serverPort))
            return uid;
    }
#else
    Q_UNUSED(clientAddress)
    Q_UNUSED(clientPort)
    Q_UNUSED(serverAddress)
    Q_UNUSED(serverPort)
#endif
    return std::nullopt;
}

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
    if (const auto uid = sockDiagTcpOwner(clientAddress, clientPort, serverAddress, serverPort))
        return *uid;
    // Where sock_diag is not available (a container's seccomp filter, a kernel without it): the tables
    // themselves, which costs a read of every TCP socket on the machine per client.
    for (const auto &[table, v6] : ProcNetTcp::readTables()) {
        Q_UNUSED(v6)
        if (const auto uid = findTcpOwner(table, clientAddress, clientPort, serverAddress, serverPort))
            return *uid;
    }
    return makeError(QStringLiteral("proxy.peer-unknown"),
                     QStringLiteral("the connection from %1:%2 is not in the kernel's TCP tables")
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
