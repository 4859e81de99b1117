// SPDX-License-Identifier: GPL-3.0-or-later
// PsqlCommand: psql with a verify-full conninfo and the token in PGPASSWORD.
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"

namespace signet::launch {

Result<ClientCommand> buildPsqlCommand(const LaunchTarget &target, const QString &token,
                                       const BuildOptions &options)
{
    const auto conninfo = libpqConninfo(target);
    if (!conninfo)
        return conninfo.error();
    ClientCommand command;
    command.program = options.program.isEmpty() ? QStringLiteral("psql") : options.program;
    command.arguments << *conninfo;
    // libpq reads PGPASSWORD from its own environment: out of argv either way, no file needed.
    command.environment << EnvironmentEntry{QStringLiteral("PGPASSWORD"), token, true};
    command.secrets << token;
    return command;
}

} // namespace signet::launch
