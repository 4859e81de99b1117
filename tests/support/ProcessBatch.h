// SPDX-License-Identifier: GPL-3.0-or-later
// runProcesses: one program run once per argument list, a few at a time, for tests whose command
// lines do not depend on each other (a process start is most of what each costs).
#pragma once

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

namespace signet::test {

struct ProcessRun
{
    int exitCode = -1; // -1: it did not finish within the time limit (it was killed)
    QByteArray out;
    QByteArray err;
};

// The results in the order of argumentLists. Standard input is closed at once.
QList<ProcessRun> runProcesses(const QString &program, const QList<QStringList> &argumentLists,
                               const QProcessEnvironment &env, int parallel = 4, int timeoutMs = 30'000);

} // namespace signet::test
