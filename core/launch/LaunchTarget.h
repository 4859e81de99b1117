// LaunchTarget: what a client needs to reach one database, independent of how profiles are stored.
#pragma once

#include "common/Result.h"

#include <QString>

#include <optional>

namespace signet::launch {

enum class Engine
{
    MySql,
    MariaDb,
    Postgres,
};

QString engineName(Engine engine);
std::optional<Engine> engineFromName(const QString &name);
bool isMySqlFamily(Engine engine);

// A connection profile maps onto this in one call. The token is always signed for host:port;
// viaHost/viaPort (a tunnel or port forward) is only where the TCP connection goes.
struct LaunchTarget final
{
    Engine engine = Engine::Postgres;
    QString host;
    int port = 0;
    QString viaHost;
    int viaPort = 0;
    QString user;
    QString database;
    QString caFile;
    QString region;
    // For display and window titles.
    QString profileName;
    // profileName names a saved profile (`signet token NAME` signs for it).
    bool savedProfile = false;
    // The AWS profile that signs (for the "password command" line).
    QString awsProfile;
    // false: the profile is verify-ca (chain only). Clients are then told to check the chain only.
    bool verifyHostName = true;
    // The certificate name cannot be checked by the client: a tunnel (the client would match the
    // tunnel's address) or a verify-ca profile.
    bool chainOnly() const { return hasVia() || !verifyHostName; }

    bool hasVia() const { return !viaHost.isEmpty(); }
    QString connectHost() const { return hasVia() ? viaHost : host; }
    int connectPort() const { return hasVia() && viaPort > 0 ? viaPort : port; }
    // A name for the connection in the client: the profile name, else user@host.
    QString displayName() const;

    // Checks the fields every builder relies on (errors "launch.*" name the field).
    Status validate() const;
};

} // namespace signet::launch
