// SPDX-License-Identifier: GPL-3.0-or-later
// SshTunnel: starts `ssh -N -L`, watches its stderr, and calls the tunnel open once a connection
// through the local port stays up.
#include "tunnel/SshTunnel.h"

#include "tunnel/LocalPort.h"
#include "tunnel/TunnelProcess.h"

#include <QTcpSocket>

#include <utility>

namespace signet::tunnel {

SshTunnel::SshTunnel(TunnelSpec spec, SshTunnelOptions options, QObject *parent)
    : Tunnel(std::move(spec), parent)
    , m_options(std::move(options))
    , m_localPort(this->spec().localPort)
{
    if (m_options.configFile.isEmpty())
        m_options.configFile = qEnvironmentVariable("SIGNET_SSH_CONFIG");
    m_poll.setInterval(m_options.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &SshTunnel::poll);
    m_settle.setSingleShot(true);
    connect(&m_settle, &QTimer::timeout, this, &SshTunnel::settle);
}

SshTunnel::~SshTunnel()
{
    stop();
}

QStringList SshTunnel::arguments(const TunnelSpec &spec, int localPort, const SshTunnelOptions &options)
{
    const SshRoute &route = spec.route;
    QStringList args{
        QStringLiteral("-v"), QStringLiteral("-N"),
        QStringLiteral("-o"), QStringLiteral("ExitOnForwardFailure=yes"),
        QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
        QStringLiteral("-o"), QStringLiteral("ServerAliveInterval=%1").arg(options.serverAliveSeconds),
        QStringLiteral("-o"), QStringLiteral("ServerAliveCountMax=3"),
        QStringLiteral("-o"), QStringLiteral("ConnectTimeout=10")};
    if (!options.configFile.isEmpty())
        args << QStringLiteral("-F") << options.configFile;
    if (!route.identityFile.isEmpty())
        args << QStringLiteral("-i") << route.identityFile << QStringLiteral("-o")
             << QStringLiteral("IdentitiesOnly=yes");
    if (route.port > 0)
        args << QStringLiteral("-p") << QString::number(route.port);
    if (!route.user.isEmpty())
        args << QStringLiteral("-l") << route.user;
    if (!route.jumpHosts.isEmpty())
        args << QStringLiteral("-J") << route.jumpHosts.join(u',');
    const QString remote = spec.remoteHost.contains(u':') ? u'[' + spec.remoteHost + u']' : spec.remoteHost;
    args << QStringLiteral("-L")
         << QStringLiteral("127.0.0.1:%1:%2:%3").arg(localPort).arg(remote).arg(spec.remotePort)
         << QStringLiteral("--") << route.host;
    return args;
}

void SshTunnel::start()
{
    if (m_process)
        return;
    m_done = false;
    m_open = false;
    m_portTaken = false;
    m_diagnostics = {};
    m_elapsed.start();
    if (m_localPort <= 0) {
        const auto port = chooseFreeLocalPort();
        if (!port) {
            fail(port.error());
            return;
        }
        m_localPort = *port;
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this]() { m_diagnostics.feed(m_process->readAllStandardError()); });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        fail(makeError(QString::fromLatin1(SshError::NotStarted),
                       QStringLiteral("cannot start the SSH client \"%1\": %2")
                           .arg(m_options.program, m_process->errorString()),
                       QStringLiteral("Install OpenSSH's client (the ssh command) or put it on the PATH.")));
    });
    connect(m_process, &QProcess::finished, this, [this](int exitCode) { processFinished(exitCode); });
    detachFromTerminal(m_process);
    m_process->start(m_options.program, arguments(spec(), m_localPort, m_options));
    m_poll.start();
}

void SshTunnel::stop()
{
    m_done = true;
    m_poll.stop();
    m_settle.stop();
    if (m_probe)
        m_probe->abort();
    if (!m_process)
        return;
    endProcess(std::exchange(m_process, nullptr), this);
}

qint64 SshTunnel::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void SshTunnel::poll()
{
    if (m_done || m_open)
        return;
    if (m_elapsed.elapsed() > m_options.readyTimeoutMs) {
        if (m_portTaken) {
            fail(SshDiagnostics::localPortBusy(m_localPort));
            return;
        }
        const Error why = m_diagnostics.explain(spec().route, spec().remoteText());
        fail(makeError(QString::fromLatin1(SshError::Timeout),
                       QStringLiteral("the SSH tunnel through %1 did not open within %2 s")
                           .arg(spec().route.host)
                           .arg(m_options.readyTimeoutMs / 1000),
                       why.code == QLatin1String(SshError::Failed)
                           ? QStringLiteral("Check that the bastion answers SSH.")
                           : why.message));
        return;
    }
    if (m_probe)
        return;
    // Only ssh's own listener counts: another program on the chosen port (taken after it was chosen,
    // or a port given) would accept the probe too. ssh then fails to bind and exits
    // (ExitOnForwardFailure); until it does, the tunnel is not ready.
    const PortListener listener = localPortListener(m_localPort, processId());
    if (listener == PortListener::Nobody || listener == PortListener::Other) {
        m_portTaken = listener == PortListener::Other;
        return;
    }
    m_probe = new QTcpSocket(this);
    QTcpSocket *socket = m_probe;
    connect(socket, &QTcpSocket::connected, this, [this]() { m_settle.start(m_options.settleMs); });
    // A refused connection: ssh is not listening yet; the next poll tries again.
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket]() {
        if (m_settle.isActive()) {
            m_settle.stop();
            // Connected and at once closed: the bastion could not open the channel to the database.
            if (m_diagnostics.forwardOpenFailed() ||
                socket->error() == QAbstractSocket::RemoteHostClosedError) {
                socket->deleteLater();
                QTimer::singleShot(50, this, [this]() {
                    if (!m_done && !m_open)
                        fail(m_diagnostics.explain(spec().route, spec().remoteText()));
                });
                return;
            }
        }
        socket->deleteLater();
    });
    socket->connectToHost(QHostAddress::LocalHost, quint16(m_localPort));
}

void SshTunnel::settle()
{
    if (m_done || m_open)
        return;
    if (const PortListener listener = localPortListener(m_localPort, processId());
        listener == PortListener::Other || listener == PortListener::Nobody) {
        m_portTaken = listener == PortListener::Other;
        if (m_probe) {
            m_probe->disconnect(this);
            m_probe->abort();
            m_probe->deleteLater();
        }
        return;
    }
    if (m_probe) {
        m_probe->disconnect(this);
        m_probe->abort();
        m_probe->deleteLater();
    }
    m_open = true;
    m_poll.stop();
    Q_EMIT opened(m_elapsed.elapsed());
}

void SshTunnel::fail(const Error &error)
{
    if (!m_done)
        endWith(error, false);
}

void SshTunnel::processFinished(int exitCode)
{
    if (m_done)
        return;
    m_diagnostics.feed(m_process->readAllStandardError());
    const Error why = m_diagnostics.explain(spec().route, spec().remoteText(), exitCode);
    endWith(why, m_open);
}

} // namespace signet::tunnel
