// SPDX-License-Identifier: GPL-3.0-or-later
// SsmTunnel: AWS Systems Manager port forwarding: StartSession, then Amazon's session-manager-plugin
// started exactly as the AWS CLI starts it, the tunnel called open once its local port answers, and
// TerminateSession when it stops.
#pragma once

#include "aws/Credentials.h"
#include "aws/SsmClient.h"
#include "tunnel/Tunnel.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

class QTcpSocket;

namespace signet::tunnel {

namespace SsmError {
inline constexpr auto PluginMissing = "tunnel.ssm-plugin-missing";
inline constexpr auto PluginFailed = "tunnel.ssm-plugin-failed";
// A plugin of 1.2.497.0 or older takes the session (its token included) only on its command line,
// where every user of the machine can read it: refused before any session is started.
inline constexpr auto PluginTooOld = "tunnel.ssm-plugin-too-old";
inline constexpr auto NoCredentials = "tunnel.ssm-no-credentials";
inline constexpr auto Timeout = "tunnel.timeout";
} // namespace SsmError

struct SsmTunnelOptions final
{
    // The plugin; empty: SIGNET_SSM_PLUGIN, else session-manager-plugin on the PATH.
    QString program;
    // What the plugin and the endpoint overrides see; unset: this process's environment.
    std::optional<QProcessEnvironment> environment;
    // From the plugin's start to its local port answering.
    int readyTimeoutMs = 20000;
    // Before that: the credentials (which may wait for a sign-in) and StartSession.
    int sessionTimeoutMs = 180'000;
    int pollMs = 100;
};

class SsmTunnel final : public Tunnel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SsmTunnel)

public:
    // The variable the AWS CLI hands the session to plugins newer than 1.2.497.0 in.
    static constexpr auto ResponseVariable = "AWS_SSM_START_SESSION_RESPONSE";

    explicit SsmTunnel(TunnelSpec spec, SsmTunnelOptions options = {}, QObject *parent = nullptr);
    ~SsmTunnel() override;

    // The plugin to run, or why there is none (with how to install it).
    static Result<QString> findPlugin(const QProcessEnvironment &environment);
    // Whether the plugin (its `--version` output) takes the session in ResponseVariable.
    static bool pluginTakesResponseVariable(const QString &versionOutput);
    // The plugin's arguments, as the AWS CLI passes them: the session (or ResponseVariable), the
    // region, "StartSession", the AWS profile name or "", the StartSession request, the endpoint.
    static QStringList pluginArguments(const QString &sessionArgument, const QString &region,
                                       const QString &profile, const QJsonObject &request,
                                       const QUrl &endpoint);
    // {"SessionId", "TokenValue", "StreamUrl"}: the part of StartSession's answer the AWS CLI hands on.
    static QByteArray sessionJson(const aws::SsmSession &session);

    int localPort() const override { return m_localPort; }
    void start() override;
    // Stops the plugin and ends the session (TerminateSession runs on after this returns; see
    // waitForTerminations()).
    void stop() override;
    qint64 processId() const;
    QString sessionId() const { return m_session ? m_session->sessionId : QString(); }

    // For a process about to exit: runs a local event loop until every TerminateSession sent has
    // been answered or `timeoutMs` passed. True when none is left.
    static bool waitForTerminations(int timeoutMs);

private:
    void checkVersion();
    void startSession(const QString &pluginVersion);
    void startPlugin(const QString &pluginVersion);
    void poll();
    void fail(const Error &error);
    void processFinished(int exitCode);
    Error pluginError(const QString &what) const;
    QProcessEnvironment environment() const;

    SsmTunnelOptions m_options;
    QString m_plugin;
    int m_localPort = 0;
    quint64 m_generation = 0;
    std::optional<aws::Credentials> m_credentials;
    std::optional<aws::SsmSession> m_session;
    QUrl m_endpoint;
    QProcess *m_process = nullptr;
    QByteArray m_output;
    QTimer m_poll;
    QPointer<QTcpSocket> m_probe;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_pluginStarted;
    bool m_open = false;
    bool m_done = false;
};

} // namespace signet::tunnel
