// SPDX-License-Identifier: GPL-3.0-or-later
// CommandBuilder: one builder per client; each returns a structured ClientCommand.
#pragma once

#include "common/Result.h"
#include "launch/Client.h"
#include "launch/ClientCommand.h"
#include "launch/LaunchTarget.h"

#include <QString>

namespace signet::launch {

// Dispatches to the builder for `client` after validating the target. `token` is the signed
// IAM token; it ends up only where the builder documents (file, environment, clipboard).
Result<ClientCommand> buildCommand(Client client, const LaunchTarget &target, const QString &token,
                                   const BuildOptions &options = {});

// Oracle's mysql: --defaults-extra-file (0600, [client] password=…) first, then --protocol=TCP
// --host --port --user --ssl-ca --ssl-mode=VERIFY_IDENTITY --enable-cleartext-plugin [DB].
// Inline delivery: MYSQL_PWD instead of the file.
Result<ClientCommand> buildMySqlCommand(const LaunchTarget &target, const QString &token,
                                        const BuildOptions &options);
// mariadb: as mysql but --ssl --ssl-ca --ssl-verify-server-cert and no cleartext flag.
Result<ClientCommand> buildMariaDbCommand(const LaunchTarget &target, const QString &token,
                                          const BuildOptions &options);
// psql "conninfo" with the token in PGPASSWORD.
Result<ClientCommand> buildPsqlCommand(const LaunchTarget &target, const QString &token,
                                       const BuildOptions &options);
// dbeaver -con "driver=…|host=…|…"; the spec is also returned by dbeaverConnectionSpec().
Result<ClientCommand> buildDbeaverCommand(const LaunchTarget &target, const QString &token,
                                          const BuildOptions &options);
Result<QString> dbeaverConnectionSpec(const LaunchTarget &target, const QString &token,
                                      const BuildOptions &options);
// DBeaver's driver id for the engine: mysql8, mariaDB, postgres-jdbc.
QString dbeaverDriverId(Engine engine);
// mysql-workbench --query user@host:port; the token goes to the clipboard.
Result<ClientCommand> buildWorkbenchCommand(const LaunchTarget &target, const QString &token,
                                            const BuildOptions &options);
// mysql-workbench --query user@127.0.0.1:PORT for `local`, the address of the profile's local proxy
// (core/proxy): nothing secret to hand over, Workbench connects with no password.
Result<ClientCommand> buildWorkbenchProxyCommand(const LaunchTarget &local, const BuildOptions &options = {});
// SQL Workbench/J with -url -username -password -driver [-driverJar], through -arguments=FILE
// (0600) for PrivateFile delivery.
Result<ClientCommand> buildSqlWorkbenchJCommand(const LaunchTarget &target, const QString &token,
                                                const BuildOptions &options);

} // namespace signet::launch
