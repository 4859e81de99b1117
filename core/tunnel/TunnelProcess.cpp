// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelProcess: a tunnel process's session and its end.
#include "tunnel/TunnelProcess.h"

#include <QProcess>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace signet::tunnel {

void detachFromTerminal(QProcess *process)
{
#ifdef Q_OS_LINUX
    process->setChildProcessModifier([]() {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
#else
    Q_UNUSED(process);
#endif
}

void endProcess(QProcess *process, const QObject *receiver)
{
    process->disconnect(receiver);
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(2000)) {
            process->kill();
            process->waitForFinished(1000);
        }
    }
    process->deleteLater();
}

} // namespace signet::tunnel
