// SPDX-License-Identifier: GPL-3.0-or-later
// SsmTunnel: StartSession, session-manager-plugin as the AWS CLI runs it, readiness, TerminateSession.
#include "tunnel/SsmTunnel.h"

#include "aws/ServiceEndpoints.h"
#include "tunnel/LocalPort.h"
#include "tunnel/TunnelProcess.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QVersionNumber>

#include <utility>

namespace signet::tunnel {

namespace {

constexpr auto kPluginName = "session-manager-plugin";
// TerminateSession calls sent and not yet answered, for waitForTerminations().
int g_terminating = 0;

QString installHint()
{
    return QStringLiteral("Install Amazon's Session Manager plugin: on Debian or Ubuntu download "
                          "https://s3.amazonaws.com/session-manager-downloads/plugin/latest/ubuntu_64bit/"
                          "session-manager-plugin.deb "
                          "and install it with sudo dpkg -i session-manager-plugin.deb (other systems: "
                          "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                          "session-manager-working-with-install-plugin.html), "
                          "or set SIGNET_SSM_PLUGIN to the plugin's path.");
}

} // namespace

SsmTunnel::SsmTunnel(TunnelSpec spec, SsmTunnelOptions options, QObject *parent)
    : Tunnel(std::move(spec), parent)
    , m_options(std::move(options))
    , m_localPort(this->spec().localPort)
{
    m_poll.setInterval(m_options.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &SsmTunnel::poll);
}

SsmTunnel::~SsmTunnel()
{
    stop();
}

QProcessEnvironment SsmTunnel::environment() const
{
    return m_options.environment ? *m_options.environment : QProcessEnvironment::systemEnvironment();
}

Result<QString> SsmTunnel::findPlugin(const QProcessEnvironment &environment)
{
    const QString configured = environment.value(QStringLiteral("SIGNET_SSM_PLUGIN"));
    if (!configured.isEmpty()) {
        const QFileInfo file(configured);
        if (file.isFile() && file.isExecutable())
            return file.absoluteFilePath();
        return makeError(
            QString::fromLatin1(SsmError::PluginMissing),
            QStringLiteral("SIGNET_SSM_PLUGIN names \"%1\", which is not an executable file").arg(configured),
            installHint());
    }
    const QStringList path = environment.value(QStringLiteral("PATH")).split(u':', Qt::SkipEmptyParts);
    const QString found = QStandardPaths::findExecutable(QString::fromLatin1(kPluginName), path);
    if (!found.isEmpty())
        return found;
    return makeError(
        QString::fromLatin1(SsmError::PluginMissing),
        QStringLiteral("Amazon's session-manager-plugin, which SSM port forwarding needs, is not "
                       "installed (not found on the PATH)"),
        installHint());
}

bool SsmTunnel::pluginTakesResponseVariable(const QString &versionOutput)
{
    // As the AWS CLI: whitespace removed, 1 to 4 numbers, newer than 1.2.497.0 (the last plugin that
    // took the session only as an argument); anything else is an old plugin.
    QString text = versionOutput;
    text.remove(QRegularExpression(QStringLiteral("\\s+")));
    static const QRegularExpression pattern(QStringLiteral("^\\d+(\\.\\d+){0,3}$"));
    if (!pattern.match(text).hasMatch())
        return false;
    return QVersionNumber::fromString(text).normalized() > QVersionNumber(1, 2, 497);
}

QByteArray SsmTunnel::sessionJson(const aws::SsmSession &session)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("SessionId"), session.sessionId},
                                     {QStringLiteral("TokenValue"), session.tokenValue.revealText()},
                                     {QStringLiteral("StreamUrl"), session.streamUrl}})
        .toJson(QJsonDocument::Compact);
}

QStringList SsmTunnel::pluginArguments(const QString &sessionArgument, const QString &region,
                                       const QString &profile, const QJsonObject &request,
                                       const QUrl &endpoint)
{
    return {sessionArgument,
            region,
            QStringLiteral("StartSession"),
            profile,
            QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact)),
            endpoint.toString()};
}

void SsmTunnel::start()
{
    if (m_process)
        return;
    ++m_generation;
    m_done = false;
    m_open = false;
    m_output.clear();
    m_session.reset();
    m_elapsed.start();
    m_pluginStarted.invalidate();
    m_poll.start();
    // Failures before anything started are reported from the event loop, as a process's would be.
    const quint64 generation = m_generation;
    auto failLater = [this, generation](const Error &error) {
        QTimer::singleShot(0, this, [this, generation, error]() {
            if (m_generation == generation)
                fail(error);
        });
    };
    const auto plugin = findPlugin(environment());
    if (!plugin)
        return failLater(plugin.error());
    m_plugin = *plugin;
    if (m_localPort <= 0) {
        const auto port = chooseFreeLocalPort();
        if (!port)
            return failLater(port.error());
        m_localPort = *port;
    }
    if (!spec().ssmCredentials)
        return failLater(
            makeError(QString::fromLatin1(SsmError::NoCredentials),
                      QStringLiteral("the SSM session to %1 has no AWS credentials to start it with")
                          .arg(spec().ssm.target),
                      QStringLiteral("Open the profile through Signet's profile services.")));
    QPointer<SsmTunnel> self(this);
    spec().ssmCredentials([self, generation](Result<aws::Credentials> credentials) {
        if (!self || self->m_done || self->m_generation != generation)
            return;
        if (!credentials) {
            self->fail(credentials.error());
            return;
        }
        self->m_credentials = std::move(credentials).value();
        self->checkVersion();
    });
}

void SsmTunnel::checkVersion()
{
    // As the AWS CLI, ask the plugin its version first: it says how the session is handed over.
    auto *version = new QProcess(this);
    version->setProcessEnvironment(environment());
    version->setStandardInputFile(QProcess::nullDevice());
    const quint64 generation = m_generation;
    connect(version, &QProcess::errorOccurred, this,
            [this, version, generation](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart)
                    return;
                version->deleteLater();
                if (m_generation == generation && !m_done)
                    fail(pluginError(version->errorString()));
            });
    connect(
        version, &QProcess::finished, this,
        [this, version, generation](int exitCode, QProcess::ExitStatus status) {
            version->deleteLater();
            if (m_generation != generation || m_done)
                return;
            const QString output = QString::fromUtf8(version->readAllStandardOutput()).trimmed();
            static const QRegularExpression number(QStringLiteral("^\\d+(\\.\\d+){0,3}$"));
            if (status != QProcess::NormalExit || exitCode != 0 || !number.match(output).hasMatch()) {
                // Not knowing its version is not knowing whether it keeps the token off its command line.
                fail(makeError(
                    QString::fromLatin1(SsmError::PluginTooOld),
                    QStringLiteral("cannot tell the version of the Session Manager plugin \"%1\" "
                                   "(`--version` %2): Signet runs only plugins newer than 1.2.497.0, "
                                   "which take the session's token outside their command line")
                        .arg(m_plugin, status != QProcess::NormalExit ? QStringLiteral("crashed")
                                       : exitCode != 0
                                           ? QStringLiteral("exited with %1").arg(exitCode)
                                           : QStringLiteral("printed \"%1\"").arg(output.left(40))),
                    QStringLiteral("Install the latest plugin, or point SIGNET_SSM_PLUGIN at the "
                                   "plugin itself rather than a wrapper. ") +
                        installHint()));
                return;
            }
            if (!pluginTakesResponseVariable(output)) {
                // The AWS CLI would pass the session JSON as an argument; Signet does not put a session
                // token where /proc/PID/cmdline shows it to everyone.
                fail(makeError(QString::fromLatin1(SsmError::PluginTooOld),
                               QStringLiteral("the Session Manager plugin \"%1\" (version %2) is too old: "
                                              "versions up to 1.2.497.0 take the session's token on their "
                                              "command line, where other users of this machine can read it")
                                   .arg(m_plugin, output),
                               QStringLiteral("Update it to the latest version. ") + installHint()));
                return;
            }
            startSession(output);
        });
    version->start(m_plugin, {QStringLiteral("--version")});
}

void SsmTunnel::startSession(const QString &pluginVersion)
{
    const aws::SsmClient client(aws::ServiceEndpoints(environment()), spec().ssm.region, *m_credentials);
    m_endpoint = client.endpoint();
    const QJsonObject request = aws::SsmClient::portForwardingRequest(spec().ssm.target, spec().remoteHost,
                                                                      spec().remotePort, m_localPort);
    const quint64 generation = m_generation;
    // The answer may come after this tunnel was stopped, restarted or deleted (quit, an idle close,
    // Ctrl-C): the session it made is then ended from copies, and a quit waits for it like for a
    // TerminateSession.
    ++g_terminating;
    const QPointer<SsmTunnel> self(this);
    client.startSession(request).then([self, generation, pluginVersion, env = environment(),
                                       region = spec().ssm.region,
                                       credentials = *m_credentials](Result<aws::SsmSession> session) {
        --g_terminating;
        if (!self || self->m_done || self->m_generation != generation) {
            if (session) {
                ++g_terminating;
                aws::SsmClient(aws::ServiceEndpoints(env), region, credentials)
                    .terminateSession(session->sessionId)
                    .then([](const Status &) { --g_terminating; });
            }
            return;
        }
        if (!session) {
            self->fail(session.error());
            return;
        }
        self->m_session = std::move(session).value();
        self->startPlugin(pluginVersion);
    });
}

void SsmTunnel::startPlugin(const QString &pluginVersion)
{
    QProcessEnvironment env = environment();
    // Only plugins newer than 1.2.497.0 get here (checkVersion): the session goes in the variable.
    Q_UNUSED(pluginVersion);
    env.insert(QString::fromLatin1(ResponseVariable), QString::fromUtf8(sessionJson(*m_session)));
    const QString sessionArgument = QString::fromLatin1(ResponseVariable);
    const QJsonObject request = aws::SsmClient::portForwardingRequest(spec().ssm.target, spec().remoteHost,
                                                                      spec().remotePort, m_localPort);
    m_process = new QProcess(this);
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardInputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this]() {
        // Keeps the tail only: the plugin chats for as long as the session lasts.
        m_output += m_process->readAllStandardOutput();
        if (m_output.size() > 4000)
            m_output = m_output.right(2000);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(pluginError(m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int exitCode) { processFinished(exitCode); });
    detachFromTerminal(m_process);
    m_process->start(m_plugin, pluginArguments(sessionArgument, spec().ssm.region, spec().ssmProfile, request,
                                               m_endpoint));
    m_pluginStarted.start();
}

Error SsmTunnel::pluginError(const QString &what) const
{
    return makeError(QString::fromLatin1(SsmError::PluginFailed),
                     QStringLiteral("cannot run the Session Manager plugin \"%1\": %2").arg(m_plugin, what),
                     installHint());
}

void SsmTunnel::stop()
{
    m_done = true;
    m_poll.stop();
    if (m_probe)
        m_probe->abort();
    if (m_process)
        endProcess(std::exchange(m_process, nullptr), this);
    // The plugin gone, the session is ended on the service side too (as the AWS CLI does when the
    // plugin cannot run), so no session lingers on the agent until its idle timeout.
    if (m_session && m_credentials) {
        const aws::SsmClient client(aws::ServiceEndpoints(environment()), spec().ssm.region, *m_credentials);
        ++g_terminating;
        client.terminateSession(m_session->sessionId).then([](const Status &) { --g_terminating; });
    }
    m_session.reset();
}

bool SsmTunnel::waitForTerminations(int timeoutMs)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (g_terminating > 0 && elapsed.elapsed() < timeoutMs) {
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return g_terminating == 0;
}

qint64 SsmTunnel::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void SsmTunnel::poll()
{
    if (m_done || m_open)
        return;
    if (!m_pluginStarted.isValid()) {
        if (m_elapsed.elapsed() > m_options.sessionTimeoutMs)
            fail(makeError(QString::fromLatin1(SsmError::Timeout),
                           QStringLiteral("the SSM session to %1 did not start within %2 s")
                               .arg(spec().ssm.target)
                               .arg(m_options.sessionTimeoutMs / 1000),
                           QStringLiteral("Check the network and the AWS sign-in, then try again.")));
        return;
    }
    if (m_pluginStarted.elapsed() > m_options.readyTimeoutMs) {
        fail(makeError(QString::fromLatin1(SsmError::Timeout),
                       QStringLiteral("the SSM session to %1 did not open its local port within %2 s%3")
                           .arg(spec().ssm.target)
                           .arg(m_options.readyTimeoutMs / 1000)
                           .arg(m_output.trimmed().isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (the plugin said: %1)")
                                          .arg(QString::fromUtf8(m_output.trimmed().right(300)))),
                       QStringLiteral("Check that the instance's SSM agent is up to date and reaches the "
                                      "database.")));
        return;
    }
    if (m_probe)
        return;
    // Only the plugin's own listener counts, not another program on the chosen port.
    if (const PortListener listener = localPortListener(m_localPort, processId());
        listener == PortListener::Nobody || listener == PortListener::Other)
        return;
    m_probe = new QTcpSocket(this);
    QTcpSocket *socket = m_probe;
    connect(socket, &QTcpSocket::connected, this, [this, socket]() {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        m_open = true;
        m_poll.stop();
        Q_EMIT opened(m_elapsed.elapsed());
    });
    // Refused: the plugin is not listening yet; the next poll tries again.
    connect(socket, &QTcpSocket::errorOccurred, socket, &QObject::deleteLater);
    socket->connectToHost(QHostAddress::LocalHost, quint16(m_localPort));
}

void SsmTunnel::fail(const Error &error)
{
    if (!m_done)
        endWith(error, false);
}

void SsmTunnel::processFinished(int exitCode)
{
    if (m_done)
        return;
    m_output += m_process->readAllStandardOutput();
    const QString said = QString::fromUtf8(m_output.trimmed().right(400));
    const Error why = makeError(
        QString::fromLatin1(SsmError::PluginFailed),
        QStringLiteral("the Session Manager plugin for the session to %1 ended (exit code %2)%3")
            .arg(spec().ssm.target)
            .arg(exitCode)
            .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said),
        QStringLiteral("Check the plugin's message; the instance's SSM agent must reach the database."));
    endWith(why, m_open);
}

} // namespace signet::tunnel
