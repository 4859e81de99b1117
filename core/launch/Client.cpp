// SPDX-License-Identifier: GPL-3.0-or-later
// Client: names, labels and default programs, from one table.
#include "launch/Client.h"

#include <array>

namespace signet::launch {

namespace {

struct ClientInfo
{
    Client client;
    const char16_t *name;
    const char16_t *label;
    const char16_t *program;
};

constexpr std::array<ClientInfo, 6> kClients{{
    {Client::Dbeaver, u"dbeaver", u"DBeaver", u"dbeaver"},
    {Client::MySqlWorkbench, u"workbench", u"MySQL Workbench", u"mysql-workbench"},
    {Client::SqlWorkbenchJ, u"sqlworkbenchj", u"SQL Workbench/J", u"sqlworkbench.sh"},
    {Client::MySql, u"mysql", u"mysql", u"mysql"},
    {Client::MariaDb, u"mariadb", u"mariadb", u"mariadb"},
    {Client::Psql, u"psql", u"psql", u"psql"},
}};

const ClientInfo &info(Client client)
{
    for (const ClientInfo &entry : kClients) {
        if (entry.client == client)
            return entry;
    }
    return kClients.front();
}

} // namespace

QList<Client> allClients()
{
    QList<Client> clients;
    for (const ClientInfo &entry : kClients)
        clients << entry.client;
    return clients;
}

QString clientName(Client client)
{
    return QString::fromUtf16(info(client).name);
}

std::optional<Client> clientFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    for (const ClientInfo &entry : kClients) {
        if (lower == QStringView(entry.name))
            return entry.client;
    }
    if (lower == u"mysql-workbench")
        return Client::MySqlWorkbench;
    if (lower == u"sqlworkbench")
        return Client::SqlWorkbenchJ;
    return std::nullopt;
}

QString clientLabel(Client client)
{
    return QString::fromUtf16(info(client).label);
}

QString defaultProgram(Client client)
{
    return QString::fromUtf16(info(client).program);
}

} // namespace signet::launch
