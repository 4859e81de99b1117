// SPDX-License-Identifier: GPL-3.0-or-later
// ProcNetTcp: the rows of Linux's /proc/net/tcp and /proc/net/tcp6 (which socket is whose), read by
// the proxy (the Unix user of a client) and the tunnels (the process listening on their local port).
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>

namespace signet {

struct ProcNetTcpRow final
{
    QByteArray local;  // "0100007F:1F90" as the table writes it (upper case)
    QByteArray remote; // the same for the other end
    int state = 0;     // 0x0A: listening
    uint uid = 0;
    quint64 inode = 0; // "socket:[inode]" in the owner's /proc/PID/fd
};

class ProcNetTcp final
{
public:
    static constexpr int Listening = 0x0A;

    // How the table writes an address and port: each 32-bit word of the address in host byte order,
    // in hex (127.0.0.1 is "0100007F" on little-endian hosts). An IPv4 address in the IPv6 table is
    // its mapped form. Empty when the address does not fit the table.
    static QByteArray endpoint(const QHostAddress &address, quint16 port, bool v6);
    // The rows of one table's text (the header line skipped).
    static QList<ProcNetTcpRow> parse(QByteArrayView table);
    // /proc/net/tcp, then /proc/net/tcp6, each with whether it is the IPv6 table; empty elsewhere.
    static QList<std::pair<QByteArray, bool>> readTables();
    // The inode of the socket listening on address:port; 0 when none (or not Linux).
    static quint64 listeningInode(const QHostAddress &address, quint16 port);
    // Whether process `pid` or one of its descendants holds the socket `inode` (Linux: /proc/PID/fd).
    static bool heldByProcessTree(qint64 pid, quint64 inode);
};

} // namespace signet
