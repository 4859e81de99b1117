// SPDX-License-Identifier: GPL-3.0-or-later
// Engine: the one table of database engines Signet knows, with every trait other modules ask about.
#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace signet {

// Adding an engine: a row in kEngines (Engine.cpp) and, when its wire family is new, a strategy in
// core/db and core/probe. docs/architecture.md lists what else to look at.
enum class Engine
{
    MySql,
    MariaDb,
    AuroraMySql,
    Postgres,
    AuroraPostgres,
    AuroraDsql,
};

// The protocol on the wire: decides the driver, the login phase and how TLS starts.
enum class WireFamily
{
    MySql,
    Postgres,
};

// The server product that clients and JDBC drivers are chosen for (Aurora MySQL speaks to the MySQL
// drivers, MariaDB has its own).
enum class Dialect
{
    MySql,
    MariaDb,
    Postgres,
};

// How a connection turns into TLS.
enum class TlsNegotiation
{
    // The server greets in clear; the client answers with an SSL request packet, then TLS.
    MySqlSslRequest,
    // The client sends SSLRequest before the startup message; the server answers 'S', then TLS.
    PostgresSslRequest,
};

// Which IAM token the engine's logins take: RDS's `rds-db:connect` token (host:port and user signed)
// or Aurora DSQL's `dsql:DbConnect[Admin]` token (the host alone, a lifetime up to a week).
enum class TokenService
{
    RdsDb,
    Dsql,
};

struct EngineTraits final
{
    Engine engine;
    const char *key;         // the CLI and JSON name
    const char *aliases;     // other names accepted, space-separated ("" for none)
    const char *displayName; // for people
    WireFamily family;
    Dialect dialect;
    int defaultPort;
    TlsNegotiation tls;
    const char *clients;       // launch client names that can connect, space-separated
    const char *createUserSql; // the SQL that makes %1 an IAM-authenticated user
    TokenService tokenService;
    const char *defaultDatabase; // "" when the engine has none to suggest
    const char *defaultUser;     // "" when there is no built-in IAM login
};

// Every engine, in menu order.
QList<Engine> allEngines();
const EngineTraits &engineTraits(Engine engine);

// "mysql", "aurora-postgres" …: the one name written to JSON and printed.
QString engineKey(Engine engine);
// "Aurora PostgreSQL" …
QString engineDisplayName(Engine engine);
// Any name or alias, case and surrounding spaces ignored; nullopt when unknown.
std::optional<Engine> engineFromName(const QString &name);
// As engineFromName, with an error ("engine.unknown") listing the names.
Result<Engine> parseEngine(const QString &name);
// "mysql, mariadb, aurora-mysql, postgres (postgresql, pg) or aurora-postgres", for help and hints.
QString engineNamesText();

WireFamily wireFamily(Engine engine);
Dialect dialect(Engine engine);
bool isMySqlFamily(Engine engine);
bool isPostgresFamily(Engine engine);
int defaultPort(Engine engine);
TlsNegotiation tlsNegotiation(Engine engine);
// The launch client names (clientName() in core/launch) that can connect to the engine.
QStringList engineClientNames(Engine engine);
TokenService tokenService(Engine engine);
bool usesDsqlTokens(Engine engine);
// The database and user a new profile or command starts with (empty when the engine has none).
QString defaultDatabase(Engine engine);
QString defaultUser(Engine engine);
// The statements that create `user` as an IAM user, the name quoted for the engine.
QString createIamUserSql(Engine engine, const QString &user);
// A query for the setup assistant answering one row (exists, is_iam) about `user`: whether the user
// exists, and whether it logs in with IAM (MySQL: the AWSAuthenticationPlugin; PostgreSQL: a member
// of rds_iam). Both columns are 0 or 1.
QString iamUserLookupSql(Engine engine, const QString &user);
// The statement that lets an IAM user log in as such when it exists without it (PostgreSQL:
// GRANT rds_iam); empty when the engine has no such step.
QString makeIamUserSql(Engine engine, const QString &user);
// The statement that grants `user` every privilege on `database`, and a query answering one row
// (granted: 0 or 1) whether an existing `user` has them (MySQL: a row in mysql.db; PostgreSQL: the
// CREATE privilege, which PUBLIC lacks).
QString grantDatabaseSql(Engine engine, const QString &user, const QString &database);
QString grantLookupSql(Engine engine, const QString &user, const QString &database);

} // namespace signet
