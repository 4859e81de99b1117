// SPDX-License-Identifier: GPL-3.0-or-later
// Client: the database clients Signet can start, and the options every builder shares.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace signet::launch {

enum class Client
{
    Dbeaver,
    MySqlWorkbench,
    SqlWorkbenchJ,
    MySql,
    MariaDb,
    Psql,
};

QList<Client> allClients();
// The CLI word: dbeaver, workbench, sqlworkbenchj, mysql, mariadb, psql.
QString clientName(Client client);
std::optional<Client> clientFromName(const QString &name);
// For menus: "DBeaver", "MySQL Workbench" …
QString clientLabel(Client client);
// The executable name looked up on PATH when no path is configured.
QString defaultProgram(Client client);

// How a builder hands over the token where the client has a choice.
enum class TokenDelivery
{
    // A 0600 temporary file (mysql/mariadb option file, SQL Workbench/J -arguments file) or the
    // environment: never argv. For starting the client now.
    PrivateFile,
    // Environment variables or arguments only, so the command still works when pasted later
    // (--print, "Copy command"). No file is created.
    Inline,
};

struct BuildOptions final
{
    TokenDelivery delivery = TokenDelivery::PrivateFile;
    // The client executable (a configured or detected path); empty = defaultProgram().
    QString program;
    // Where private files go; empty = the system temporary directory.
    QString tempDirectory;
    // Where generated PKCS12 trust stores are kept (they must outlive the client); empty = the
    // temporary directory.
    QString trustStoreDirectory;
    // SQL Workbench/J: the JDBC driver jar to load, when known.
    QString jdbcDriverJar;
    // The `signet` executable for "password command" lines.
    QString signetProgram = QStringLiteral("signet");
};

} // namespace signet::launch
