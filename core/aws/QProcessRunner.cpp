// SPDX-License-Identifier: GPL-3.0-or-later
// QProcessRunner: asynchronous QProcess with a kill on timeout.
#include "aws/QProcessRunner.h"

#include <QProcess>
#include <QTimer>

#include <memory>

namespace signet::aws {

void QProcessRunner::run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                         int timeoutMs, ResultCallback<ProcessOutcome> done)
{
    auto *process = new QProcess;
    process->setProgram(program);
    process->setArguments(arguments);
    process->setProcessEnvironment(env);
    process->setInputChannelMode(QProcess::ForwardedInputChannel);
    auto finished = std::make_shared<bool>(false);
    auto callback = std::make_shared<ResultCallback<ProcessOutcome>>(std::move(done));
    auto finish = [process, finished, callback](Result<ProcessOutcome> result) {
        if (*finished)
            return;
        *finished = true;
        process->disconnect();
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(1000);
        }
        process->deleteLater();
        (*callback)(std::move(result));
    };
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, process, [finish, program, timeoutMs] {
        finish(
            makeError(QStringLiteral("process.timeout"),
                      QStringLiteral("%1 did not finish within %2 s and was stopped")
                          .arg(program)
                          .arg(timeoutMs / 1000),
                      QStringLiteral("Check that the command does not wait for input, or run it by hand.")));
    });
    QObject::connect(
        process, &QProcess::errorOccurred, process, [process, finish, program](QProcess::ProcessError error) {
            if (error == QProcess::FailedToStart)
                finish(
                    makeError(QStringLiteral("process.failed-to-start"),
                              QStringLiteral("could not start %1: %2").arg(program, process->errorString()),
                              QStringLiteral("Check the command's path and permissions.")));
        });
    QObject::connect(process, &QProcess::finished, process,
                     [process, finish, program](int exitCode, QProcess::ExitStatus status) {
                         if (status == QProcess::CrashExit) {
                             finish(makeError(QStringLiteral("process.crashed"),
                                              QStringLiteral("%1 crashed").arg(program)));
                             return;
                         }
                         ProcessOutcome outcome;
                         outcome.exitCode = exitCode;
                         outcome.standardOutput = process->readAllStandardOutput();
                         outcome.standardError = process->readAllStandardError();
                         finish(std::move(outcome));
                     });
    timer->start(timeoutMs);
    process->start();
}

} // namespace signet::aws
