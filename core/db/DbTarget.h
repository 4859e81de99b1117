// DbTarget: everything needed to reach one database as one IAM user (no secret in it).
#pragma once

#include "common/Result.h"

#include <QString>

namespace signet::db {

enum class Engine
{
    MySql,
    MariaDb,
    Postgres,
};

struct DbTarget final
{
    Engine engine = Engine::Postgres;
    // The endpoint the token is signed for and the certificate must name.
    QString host;
    int port = 0;
    // "Connect via" (an SSH tunnel, a bastion): where the TCP connection goes. Empty = host:port.
    QString viaHost;
    int viaPort = 0;
    QString user;
    QString database;
    // Empty = from the endpoint name, else the AWS profile's or the environment's region.
    QString region;
    // PEM bundle that must anchor the server's certificate chain (e.g. the RDS global bundle).
    QString caFile;
    // AWS profile to sign with; empty = the default chain.
    QString awsProfile;
    // verify-full (true): the certificate must name `host`. verify-ca (false): the chain is still
    // verified against caFile, the name is not (the profile editor warns about it).
    bool verifyHostName = true;

    bool isMySqlFamily() const { return engine != Engine::Postgres; }
    bool hasVia() const { return !viaHost.isEmpty(); }
    QString connectHost() const { return hasVia() ? viaHost : host; }
    int connectPort() const { return hasVia() && viaPort > 0 ? viaPort : port; }
    // "iam_user@host:port/db", for tab titles and messages.
    QString displayName() const;

    // Checks the fields a connection needs; errors name the field and the fix ("db.target.*").
    Status validate() const;
};

QString engineName(Engine engine);
// "mysql", "mariadb", "postgres" (also "postgresql", "pg"); error for anything else.
Result<Engine> engineFromName(const QString &name);
// "HOST:PORT" or "[v6]:PORT" into viaHost/viaPort.
Status parseVia(const QString &text, DbTarget &target);

} // namespace signet::db
