// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyTcpServer: accepting clients as QSslSockets that can switch to TLS mid-stream.
#include "proxy/ProxyTcpServer.h"

#include <QSslSocket>

#include <unistd.h>

namespace signet::proxy {

void ProxyTcpServer::incomingConnection(qintptr descriptor)
{
    if (!m_upgradeable) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    // Unbuffered: a MySQL client sends its TLS ClientHello right behind its SSL request, often in
    // the same segment. A buffered QSslSocket would pull those bytes into its own plain-text buffer
    // when the session reads the request, and the handshake would never see them; unbuffered, the
    // session reads exactly the request and the rest stays in the socket for the handshake.
    if (!socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState,
                                     QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    addPendingConnection(socket);
}

} // namespace signet::proxy
