// SPDX-License-Identifier: GPL-3.0-or-later
// loadEmulatorEnvironment: a test against the local RDS emulation that runs alone (ctest -R …, no
// `eval "$(emulator env)"` before it) takes the running emulator's SIGNET_EMU_* variables.
#pragma once

#include <QProcess>
#include <QString>

namespace signet::test {

// False when SIGNET_EMU_HOST is still unset (no emulator running).
inline bool loadEmulatorEnvironment()
{
    if (qEnvironmentVariableIsEmpty("SIGNET_EMU_HOST")) {
        QProcess env;
        env.start(qEnvironmentVariable("SIGNET_SOURCE_DIR") + QStringLiteral("/tests/emulator/emulator"),
                  {QStringLiteral("env")});
        if (!env.waitForFinished(20000))
            return false;
        for (const QByteArray &line : env.readAllStandardOutput().split('\n')) {
            const QByteArray assignment = line.startsWith("export ") ? line.mid(7) : line;
            const qsizetype eq = assignment.indexOf('=');
            if (eq > 0)
                qputenv(assignment.left(eq).constData(), assignment.mid(eq + 1));
        }
    }
    return !qEnvironmentVariableIsEmpty("SIGNET_EMU_HOST");
}

} // namespace signet::test
