// SPDX-License-Identifier: GPL-3.0-or-later
// QProcessRunner: the real ProcessRunner, on QProcess.
#pragma once

#include "aws/ProcessRunner.h"

namespace signet::aws {

class QProcessRunner final : public ProcessRunner
{
public:
    void run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
             int timeoutMs, ResultCallback<ProcessOutcome> done) override;
};

} // namespace signet::aws
