// SPDX-License-Identifier: GPL-3.0-or-later
// TerminalMfaPrompt: asks for an MFA code on the terminal (stderr prompt, stdin answer).
#pragma once

#include "aws/CredentialChainOptions.h"

namespace signet::cli {

// A prompt when stdin is a terminal; otherwise none, so the chain reports that a code is needed
// (and suggests --mfa-code) instead of waiting on a pipe.
aws::MfaPrompt terminalMfaPrompt();

// The chain options every CLI command uses: the terminal prompt and an optional --mfa-code.
aws::CredentialChainOptions cliChainOptions(const QString &mfaCode);

} // namespace signet::cli
