// SPDX-License-Identifier: GPL-3.0-or-later
// Engine: the table and its look-ups.
#include "endpoint/Engine.h"

namespace signet {

namespace {

constexpr const char *kMySqlClients = "dbeaver workbench sqlworkbenchj mysql mariadb";
constexpr const char *kPostgresClients = "dbeaver sqlworkbenchj psql";
constexpr const char *kMySqlCreateUser = "CREATE USER '%1' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS';";
constexpr const char *kPostgresCreateUser = "CREATE USER \"%1\"; GRANT rds_iam TO \"%1\";";
constexpr const char *kDsqlClients = "psql dbeaver sqlworkbenchj";
// DSQL maps a role to IAM identities rather than granting rds_iam; the ARN is the user's to fill in.
constexpr const char *kDsqlCreateUser =
    "CREATE ROLE \"%1\" WITH LOGIN; AWS IAM GRANT \"%1\" TO 'arn:aws:iam::ACCOUNT:role/ROLE';";

constexpr EngineTraits kEngines[] = {
    {Engine::MySql, "mysql", "", "MySQL", WireFamily::MySql, Dialect::MySql, 3306,
     TlsNegotiation::MySqlSslRequest, kMySqlClients, kMySqlCreateUser, TokenService::RdsDb, "", ""},
    {Engine::MariaDb, "mariadb", "", "MariaDB", WireFamily::MySql, Dialect::MariaDb, 3306,
     TlsNegotiation::MySqlSslRequest, kMySqlClients, kMySqlCreateUser, TokenService::RdsDb, "", ""},
    {Engine::AuroraMySql, "aurora-mysql", "", "Aurora MySQL", WireFamily::MySql, Dialect::MySql, 3306,
     TlsNegotiation::MySqlSslRequest, kMySqlClients, kMySqlCreateUser, TokenService::RdsDb, "", ""},
    {Engine::Postgres, "postgres", "postgresql pg", "PostgreSQL", WireFamily::Postgres, Dialect::Postgres,
     5432, TlsNegotiation::PostgresSslRequest, kPostgresClients, kPostgresCreateUser, TokenService::RdsDb, "",
     ""},
    {Engine::AuroraPostgres, "aurora-postgres", "aurora-postgresql", "Aurora PostgreSQL",
     WireFamily::Postgres, Dialect::Postgres, 5432, TlsNegotiation::PostgresSslRequest, kPostgresClients,
     kPostgresCreateUser, TokenService::RdsDb, "", ""},
    {Engine::AuroraDsql, "aurora-dsql", "dsql", "Aurora DSQL", WireFamily::Postgres, Dialect::Postgres, 5432,
     TlsNegotiation::PostgresSslRequest, kDsqlClients, kDsqlCreateUser, TokenService::Dsql, "postgres",
     "admin"},
};

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

QList<Engine> allEngines()
{
    QList<Engine> engines;
    for (const EngineTraits &row : kEngines)
        engines.append(row.engine);
    return engines;
}

const EngineTraits &engineTraits(Engine engine)
{
    for (const EngineTraits &row : kEngines) {
        if (row.engine == engine)
            return row;
    }
    return kEngines[0];
}

QString engineKey(Engine engine)
{
    return QString::fromLatin1(engineTraits(engine).key);
}

QString engineDisplayName(Engine engine)
{
    return QString::fromLatin1(engineTraits(engine).displayName);
}

std::optional<Engine> engineFromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (const EngineTraits &row : kEngines) {
        if (wanted == QLatin1String(row.key) || words(row.aliases).contains(wanted))
            return row.engine;
    }
    return std::nullopt;
}

Result<Engine> parseEngine(const QString &name)
{
    if (const auto engine = engineFromName(name))
        return *engine;
    return makeError(QStringLiteral("engine.unknown"), QStringLiteral("unknown engine \"%1\"").arg(name),
                     QStringLiteral("Use %1.").arg(engineNamesText()));
}

QString engineNamesText()
{
    QStringList names;
    for (const EngineTraits &row : kEngines) {
        const QStringList aliases = words(row.aliases);
        names << (aliases.isEmpty() ? QString::fromLatin1(row.key)
                                    : QStringLiteral("%1 (%2)").arg(QLatin1String(row.key),
                                                                    aliases.join(QStringLiteral(", "))));
    }
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

WireFamily wireFamily(Engine engine)
{
    return engineTraits(engine).family;
}

Dialect dialect(Engine engine)
{
    return engineTraits(engine).dialect;
}

bool isMySqlFamily(Engine engine)
{
    return wireFamily(engine) == WireFamily::MySql;
}

bool isPostgresFamily(Engine engine)
{
    return wireFamily(engine) == WireFamily::Postgres;
}

int defaultPort(Engine engine)
{
    return engineTraits(engine).defaultPort;
}

TlsNegotiation tlsNegotiation(Engine engine)
{
    return engineTraits(engine).tls;
}

QStringList engineClientNames(Engine engine)
{
    return words(engineTraits(engine).clients);
}

TokenService tokenService(Engine engine)
{
    return engineTraits(engine).tokenService;
}

bool usesDsqlTokens(Engine engine)
{
    return tokenService(engine) == TokenService::Dsql;
}

QString defaultDatabase(Engine engine)
{
    return QString::fromLatin1(engineTraits(engine).defaultDatabase);
}

QString defaultUser(Engine engine)
{
    return QString::fromLatin1(engineTraits(engine).defaultUser);
}

QString createIamUserSql(Engine engine, const QString &user)
{
    QString quoted = user;
    // The name sits inside '…' (MySQL) or "…" (PostgreSQL): double the quote character.
    if (isMySqlFamily(engine))
        quoted.replace(u'\'', QStringLiteral("''"));
    else
        quoted.replace(u'"', QStringLiteral("\"\""));
    return QString::fromLatin1(engineTraits(engine).createUserSql).arg(quoted);
}

} // namespace signet
