// SPDX-License-Identifier: GPL-3.0-or-later
// WorkbenchCommand: MySQL Workbench, which takes no password on its command line.
#include "launch/CommandBuilder.h"

namespace signet::launch {

namespace {

// mysql-workbench --query user@host:port: Workbench opens that connection at once.
ClientCommand queryCommand(const LaunchTarget &target, const BuildOptions &options)
{
    ClientCommand command;
    command.program = options.program.isEmpty() ? QStringLiteral("mysql-workbench") : options.program;
    command.arguments
        << QStringLiteral("--query")
        << QStringLiteral("%1@%2:%3").arg(target.user, target.connectHost()).arg(target.connectPort());
    return command;
}

} // namespace

Result<ClientCommand> buildWorkbenchProxyCommand(const LaunchTarget &local, const BuildOptions &options)
{
    if (const Status valid = local.validate(); !valid)
        return valid.error();
    ClientCommand command = queryCommand(local, options);
    command.notice =
        QStringLiteral("MySQL Workbench connects to Signet's local proxy on %1:%2: no password "
                       "is needed (leave it empty if asked); Signet logs in with a fresh IAM token "
                       "over verified TLS.")
            .arg(local.connectHost())
            .arg(local.connectPort());
    return command;
}

Result<ClientCommand> buildWorkbenchCommand(const LaunchTarget &target, const QString &token,
                                            const BuildOptions &options)
{
    ClientCommand command = queryCommand(target, options);
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
