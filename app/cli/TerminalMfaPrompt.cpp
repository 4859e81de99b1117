// SPDX-License-Identifier: GPL-3.0-or-later
// TerminalMfaPrompt: the CLI's answer to "which MFA code?".
#include "cli/TerminalMfaPrompt.h"

#include "cli/CommandLine.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>

namespace signet::cli {

aws::MfaPrompt terminalMfaPrompt()
{
    if (!::isatty(STDIN_FILENO))
        return {};
    return [](const QString &profile, const QString &serial, aws::ResultCallback<QString> answer) {
        const QByteArray prompt =
            QStringLiteral("Enter MFA code for %1 (profile %2): ").arg(serial, profile).toUtf8();
        std::fwrite(prompt.constData(), 1, size_t(prompt.size()), stderr);
        std::fflush(stderr);
        std::string line;
        if (!std::getline(std::cin, line)) {
            answer(makeError(QStringLiteral("credentials.mfa-cancelled"),
                             QStringLiteral("no MFA code was entered")));
            return;
        }
        answer(QString::fromStdString(line).trimmed());
    };
}

aws::CredentialChainOptions cliChainOptions(const QString &mfaCode)
{
    aws::CredentialChainOptions options;
    options.mfaCode = mfaCode.trimmed();
    options.mfaPrompt = terminalMfaPrompt();
    return options;
}

} // namespace signet::cli
