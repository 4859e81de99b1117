// SPDX-License-Identifier: GPL-3.0-or-later
// LocalPort: asks the OS for a free port by binding port 0 and letting go.
#include "tunnel/LocalPort.h"

#include "common/ProcNetTcp.h"

#include <QTcpServer>

namespace signet::tunnel {

Result<int> chooseFreeLocalPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return makeError(QStringLiteral("tunnel.no-port"),
                         QStringLiteral("no free local port for the tunnel: %1").arg(server.errorString()),
                         QStringLiteral("Close programs holding many ports, or choose the tunnel's port."));
    return int(server.serverPort());
}

bool isLocalPortFree(int port)
{
    if (port <= 0 || port > 65535)
        return false;
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, quint16(port));
}

PortListener localPortListener(int port, qint64 pid)
{
#ifdef Q_OS_LINUX
    const quint64 inode = ProcNetTcp::listeningInode(QHostAddress(QHostAddress::LocalHost), quint16(port));
    if (inode == 0)
        return PortListener::Nobody;
    return ProcNetTcp::heldByProcessTree(pid, inode) ? PortListener::Process : PortListener::Other;
#else
    Q_UNUSED(port)
    Q_UNUSED(pid)
    return PortListener::Unknown;
#endif
}

} // namespace signet::tunnel
