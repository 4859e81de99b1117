// SPDX-License-Identifier: GPL-3.0-or-later
// WorkbenchCommand: MySQL Workbench, which takes no password on its command line.
#include "launch/CommandBuilder.h"

namespace signet::launch {

Result<ClientCommand> buildWorkbenchCommand(const LaunchTarget &target, const QString &token,
                                            const BuildOptions &options)
{
    ClientCommand command;
    command.program = options.program.isEmpty() ? QStringLiteral("mysql-workbench") : options.program;
    command.arguments
        << QStringLiteral("--query")
        << QStringLiteral("%1@%2:%3").arg(target.user, target.connectHost()).arg(target.connectPort());
    command.clipboardSecret = token;
    command.secrets << token;
    command.notice =
        QStringLiteral("The token is on the clipboard: paste it when MySQL Workbench asks for the "
                       "password. In the connection's Advanced tab, tick \"Enable Cleartext "
                       "Authentication Plugin\", and under SSL set \"Require and Verify Identity\" "
                       "with the CA file %1.")
            .arg(target.caFile.isEmpty() ? QStringLiteral("(none set)") : target.caFile);
    return command;
}

} // namespace signet::launch
