// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyTcpServer: the listener's TCP server; with local TLS its clients are QSslSockets that start
// in plain text and switch to TLS when the client asks (PostgreSQL SSLRequest, MySQL SSL request).
#pragma once

#include <QTcpServer>

namespace signet::proxy {

class ProxyTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyTcpServer)

public:
    using QTcpServer::QTcpServer;

    // Accepted sockets become QSslSockets (not yet encrypted) from now on.
    void setUpgradeable(bool upgradeable) { m_upgradeable = upgradeable; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    bool m_upgradeable = false;
};

} // namespace signet::proxy
