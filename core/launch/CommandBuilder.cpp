// SPDX-License-Identifier: GPL-3.0-or-later
// CommandBuilder: validation and dispatch to the per-client builders.
#include "launch/CommandBuilder.h"

namespace signet::launch {

namespace {

// "psql, DBeaver or SQL Workbench/J".
QString clientLabels(const QStringList &names)
{
    QStringList labels;
    for (const QString &name : names) {
        if (const auto client = clientFromName(name))
            labels << clientLabel(*client);
    }
    if (labels.isEmpty())
        return {};
    const QString last = labels.takeLast();
    return labels.isEmpty() ? last : labels.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

} // namespace

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
    if (!engineClientNames(target.engine).contains(clientName(client)))
        return makeError(QStringLiteral("launch.wrong-engine"),
                         QStringLiteral("%1 cannot connect to a %2 database")
                             .arg(clientLabel(client), engineDisplayName(target.engine)),
                         QStringLiteral("Use %1.").arg(clientLabels(engineClientNames(target.engine))));
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
