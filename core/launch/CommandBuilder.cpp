// CommandBuilder: validation and dispatch to the per-client builders.
#include "launch/CommandBuilder.h"

namespace signet::launch {

Result<ClientCommand> buildCommand(Client client, const LaunchTarget &target, const QString &token,
                                   const BuildOptions &options)
{
    const Status valid = target.validate();
    if (!valid)
        return valid.error();
    if (token.isEmpty())
        return makeError(QStringLiteral("launch.no-token"),
                         QStringLiteral("there is no token to hand to the client"),
                         QStringLiteral("Sign a token first."));
    const bool mysqlClient =
        client == Client::MySql || client == Client::MariaDb || client == Client::MySqlWorkbench;
    if ((mysqlClient && !isMySqlFamily(target.engine)) ||
        (client == Client::Psql && isMySqlFamily(target.engine)))
        return makeError(QStringLiteral("launch.wrong-engine"),
                         QStringLiteral("%1 cannot connect to a %2 database")
                             .arg(clientLabel(client), engineName(target.engine)),
                         isMySqlFamily(target.engine)
                             ? QStringLiteral("Use mysql, mariadb, DBeaver or MySQL Workbench.")
                             : QStringLiteral("Use psql, DBeaver or SQL Workbench/J."));
    switch (client) {
    case Client::MySql:
        return buildMySqlCommand(target, token, options);
    case Client::MariaDb:
        return buildMariaDbCommand(target, token, options);
    case Client::Psql:
        return buildPsqlCommand(target, token, options);
    case Client::Dbeaver:
        return buildDbeaverCommand(target, token, options);
    case Client::MySqlWorkbench:
        return buildWorkbenchCommand(target, token, options);
    case Client::SqlWorkbenchJ:
        return buildSqlWorkbenchJCommand(target, token, options);
    }
    return makeError(QStringLiteral("launch.unknown-client"), QStringLiteral("unknown client"));
}

} // namespace signet::launch
