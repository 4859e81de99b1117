// SPDX-License-Identifier: GPL-3.0-or-later
// PeerCredentials: which Unix user owns the other end of a local connection (Linux).
#pragma once

#include "common/Result.h"

#include <QByteArrayView>
#include <QHostAddress>

#include <optional>

namespace signet::proxy {

// A TCP client on loopback is the socket whose local end is the client's address and port and whose
// remote end is the proxy's; its owner is found with one exact sock_diag (netlink) lookup, or, where
// that is not allowed, in /proc/net/tcp (or tcp6)'s uid column. A Unix socket asks the kernel
// (SO_PEERCRED). Elsewhere than Linux both say "unknown".
class PeerCredentials final
{
public:
    // The uid in a /proc/net/tcp{,6} table of the socket local=`client` remote=`server`; pure.
    static std::optional<uint> findTcpOwner(QByteArrayView table, const QHostAddress &clientAddress,
                                            quint16 clientPort, const QHostAddress &serverAddress,
                                            quint16 serverPort);
    // The owner by sock_diag alone; nullopt when there is no such socket or netlink is refused.
    static std::optional<uint> sockDiagTcpOwner(const QHostAddress &clientAddress, quint16 clientPort,
                                                const QHostAddress &serverAddress, quint16 serverPort);
    // sock_diag, else /proc/net/tcp and /proc/net/tcp6.
    static Result<uint> tcpPeerUid(const QHostAddress &clientAddress, quint16 clientPort,
                                   const QHostAddress &serverAddress, quint16 serverPort);
    static Result<uint> unixPeerUid(qintptr socketDescriptor);
    static uint currentUid();
    // "alice (1000)", or the number alone when the user has no name.
    static QString describeUid(uint uid);
};

} // namespace signet::proxy
