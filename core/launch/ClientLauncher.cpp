// SPDX-License-Identifier: GPL-3.0-or-later
// ClientLauncher: QProcess::startDetached with program and argument list.
#include "launch/ClientLauncher.h"

#include <QEventLoop>
#include <QProcess>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace signet::launch {

ClientLauncher::ClientLauncher()
    : m_start([](const QString &program, const QStringList &arguments,
                 const QProcessEnvironment &environment) -> Result<qint64> {
        QProcess process;
        process.setProgram(program);
        process.setArguments(arguments);
        process.setProcessEnvironment(environment);
        qint64 pid = 0;
        if (!process.startDetached(&pid))
            return makeError(QStringLiteral("launch.start-failed"), process.errorString());
        return pid;
    })
{}

Result<qint64> ClientLauncher::startDetached(const ClientCommand &command) const
{
    const auto started = m_start(command.program, command.arguments, command.processEnvironment());
    if (!started)
        return makeError(
            QStringLiteral("launch.start-failed"),
            QStringLiteral("could not start %1: %2").arg(command.program, started.error().message),
            QStringLiteral("Check that the client is installed, or set its path in Settings."));
    return started;
}

Result<int> ClientLauncher::runAttached(const ClientCommand &command,
                                        const std::function<void(qint64)> &started)
{
    QProcess process;
    process.setProgram(command.program);
    process.setArguments(command.arguments);
    process.setProcessEnvironment(command.processEnvironment());
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setInputChannelMode(QProcess::ForwardedInputChannel);
#ifdef Q_OS_UNIX
    // Signals Signet ignores (SIGPIPE) would stay ignored in the client; it gets the defaults.
    process.setChildProcessModifier([] { ::signal(SIGPIPE, SIG_DFL); });
#endif
    process.start();
    if (!process.waitForStarted(30000))
        return makeError(QStringLiteral("launch.start-failed"),
                         QStringLiteral("could not start %1: %2").arg(command.program, process.errorString()),
                         QStringLiteral("Check that the client is installed and on PATH."));
    if (started)
        started(process.processId());
    if (process.state() != QProcess::NotRunning) {
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 1;
}

} // namespace signet::launch
