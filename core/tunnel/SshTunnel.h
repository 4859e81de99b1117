// SPDX-License-Identifier: GPL-3.0-or-later
// SshTunnel: the system's OpenSSH client forwarding a local port to the database through a bastion.
#pragma once

#include "tunnel/SshDiagnostics.h"
#include "tunnel/Tunnel.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QProcess>
#include <QTimer>

class QTcpSocket;

namespace signet::tunnel {

struct SshTunnelOptions final
{
    QString program = QStringLiteral("ssh");
    // An ssh_config passed with -F instead of ~/.ssh/config; empty: SIGNET_SSH_CONFIG, else ssh's own.
    QString configFile;
    int readyTimeoutMs = 20000;
    int pollMs = 100;
    // After the first connection through the forward, how long to watch for ssh closing it (the
    // bastion cannot reach the database) before calling the tunnel open.
    int settleMs = 150;
    int serverAliveSeconds = 15;
};

class SshTunnel final : public Tunnel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshTunnel)

public:
    explicit SshTunnel(TunnelSpec spec, SshTunnelOptions options = {}, QObject *parent = nullptr);
    ~SshTunnel() override;

    // ssh's arguments: never StrictHostKeyChecking=no; BatchMode so it never prompts; -v so the host
    // key's fingerprint reaches the diagnostics.
    static QStringList arguments(const TunnelSpec &spec, int localPort, const SshTunnelOptions &options);

    int localPort() const override { return m_localPort; }
    void start() override;
    void stop() override;
    // The ssh process id while it runs (tests kill it); 0 otherwise.
    qint64 processId() const;

private:
    void poll();
    void settle();
    void fail(const Error &error);
    void processFinished(int exitCode);

    SshTunnelOptions m_options;
    int m_localPort = 0;
    QProcess *m_process = nullptr;
    SshDiagnostics m_diagnostics;
    QTimer m_poll;
    QTimer m_settle;
    QPointer<QTcpSocket> m_probe;
    QElapsedTimer m_elapsed;
    bool m_open = false;
    bool m_done = false;
    // Another program was seen listening on the local port.
    bool m_portTaken = false;
};

} // namespace signet::tunnel
