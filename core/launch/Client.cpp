// Client: names and labels.
#include "launch/Client.h"

namespace signet::launch {

QList<Client> allClients()
{
    return {Client::Dbeaver, Client::MySqlWorkbench, Client::SqlWorkbenchJ,
            Client::MySql,   Client::MariaDb,        Client::Psql};
}

QString clientName(Client client)
{
    switch (client) {
    case Client::Dbeaver:
        return QStringLiteral("dbeaver");
    case Client::MySqlWorkbench:
        return QStringLiteral("workbench");
    case Client::SqlWorkbenchJ:
        return QStringLiteral("sqlworkbenchj");
    case Client::MySql:
        return QStringLiteral("mysql");
    case Client::MariaDb:
        return QStringLiteral("mariadb");
    case Client::Psql:
        return QStringLiteral("psql");
    }
    return {};
}

std::optional<Client> clientFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    for (const Client client : allClients()) {
        if (clientName(client) == lower)
            return client;
    }
    if (lower == u"mysql-workbench")
        return Client::MySqlWorkbench;
    if (lower == u"sqlworkbench")
        return Client::SqlWorkbenchJ;
    return std::nullopt;
}

QString clientLabel(Client client)
{
    switch (client) {
    case Client::Dbeaver:
        return QStringLiteral("DBeaver");
    case Client::MySqlWorkbench:
        return QStringLiteral("MySQL Workbench");
    case Client::SqlWorkbenchJ:
        return QStringLiteral("SQL Workbench/J");
    case Client::MySql:
        return QStringLiteral("mysql");
    case Client::MariaDb:
        return QStringLiteral("mariadb");
    case Client::Psql:
        return QStringLiteral("psql");
    }
    return {};
}

QString defaultProgram(Client client)
{
    switch (client) {
    case Client::Dbeaver:
        return QStringLiteral("dbeaver");
    case Client::MySqlWorkbench:
        return QStringLiteral("mysql-workbench");
    case Client::SqlWorkbenchJ:
        return QStringLiteral("sqlworkbench.sh");
    case Client::MySql:
        return QStringLiteral("mysql");
    case Client::MariaDb:
        return QStringLiteral("mariadb");
    case Client::Psql:
        return QStringLiteral("psql");
    }
    return {};
}

} // namespace signet::launch
