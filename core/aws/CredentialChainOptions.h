// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialChainOptions: what the credential chain needs from outside (clock, processes, the user).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/ProcessRunner.h"
#include "common/Clock.h"

#include <memory>

class QNetworkAccessManager;

namespace signet::aws {

// Asks the user for the current code of MFA device `mfaSerial` (for assuming the role of `profile`)
// and answers once: the code, or an error (cancelled). The GUI shows a dialog, the CLI a prompt.
using MfaPrompt =
    std::function<void(const QString &profile, const QString &mfaSerial, ResultCallback<QString> answer)>;

struct CredentialChainOptions final
{
    const Clock *clock = &Clock::system();
    // Runs credential_process; a QProcessRunner when unset.
    std::shared_ptr<ProcessRunner> processRunner;
    // A code given up front (`--mfa-code`) is used before asking.
    QString mfaCode;
    MfaPrompt mfaPrompt;
    // Null: a manager per thread.
    QNetworkAccessManager *network = nullptr;
    int httpTimeoutMs = 10000;
    int processTimeoutMs = 60000;
};

} // namespace signet::aws
