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

namespace {

// A name for inside '…' (MySQL: a string literal, so backslashes escaped as stringLiteral does, and
// the name created is the name looked up) or "…" (PostgreSQL): the quote character doubled.
QString quotedName(Engine engine, const QString &name)
{
    QString quoted = name;
    if (isMySqlFamily(engine))
        quoted.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("''"));
    else
        quoted.replace(u'"', QStringLiteral("\"\""));
    return quoted;
}

// A string literal: '…' with quotes doubled (and, for MySQL, backslashes escaped).
QString stringLiteral(Engine engine, const QString &text)
{
    QString quoted = text;
    if (isMySqlFamily(engine))
        quoted.replace(u'\\', QStringLiteral("\\\\"));
    quoted.replace(u'\'', QStringLiteral("''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

QString createIamUserSql(Engine engine, const QString &user)
{
    return QString::fromLatin1(engineTraits(engine).createUserSql).arg(quotedName(engine, user));
}

QString iamUserLookupSql(Engine engine, const QString &user)
{
    const QString name = stringLiteral(engine, user);
    if (isMySqlFamily(engine))
        return QStringLiteral("SELECT COUNT(*) > 0, COALESCE(MAX(plugin = 'AWSAuthenticationPlugin'), 0) "
                              "FROM mysql.user WHERE User = %1")
            .arg(name);
    return QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %1)::int, "
                          "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                          "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = 'rds_iam' "
                          "AND u.rolname = %1)::int")
        .arg(name);
}

QString makeIamUserSql(Engine engine, const QString &user)
{
    if (isMySqlFamily(engine) || usesDsqlTokens(engine))
        return {};
    return QStringLiteral("GRANT rds_iam TO \"%1\";").arg(quotedName(engine, user));
}

QString grantDatabaseSql(Engine engine, const QString &user, const QString &database)
{
    if (isMySqlFamily(engine)) {
        QString db = database;
        db.replace(u'`', QStringLiteral("``"));
        return QStringLiteral("GRANT ALL PRIVILEGES ON `%1`.* TO '%2'@'%';")
            .arg(db, quotedName(engine, user));
    }
    return QStringLiteral("GRANT ALL PRIVILEGES ON DATABASE \"%1\" TO \"%2\";")
        .arg(quotedName(engine, database), quotedName(engine, user));
}

QString grantLookupSql(Engine engine, const QString &user, const QString &database)
{
    if (isMySqlFamily(engine))
        return QStringLiteral("SELECT COUNT(*) > 0 FROM mysql.db WHERE User = %1 AND Db = %2")
            .arg(stringLiteral(engine, user), stringLiteral(engine, database));
    return QStringLiteral("SELECT has_database_privilege(%1, %2, 'CREATE')::int")
        .arg(stringLiteral(engine, user), stringLiteral(engine, database));
}

} // namespace signet
