// SPDX-License-Identifier: GPL-3.0-or-later
// ProcessRunner: how credential_process commands are run, injectable so tests need no real process.
#pragma once

#include "aws/AsyncResult.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

namespace signet::aws {

struct ProcessOutcome final
{
    int exitCode = 0;
    QByteArray standardOutput;
    QByteArray standardError;
};

class ProcessRunner
{
public:
    virtual ~ProcessRunner() = default;
    // Runs `program` with `arguments` (no shell) and calls back once, on the caller's thread, with
    // its exit code and output, or an error if it could not start, crashed or outlived `timeoutMs`.
    virtual void run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                     int timeoutMs, ResultCallback<ProcessOutcome> done) = 0;
};

} // namespace signet::aws
