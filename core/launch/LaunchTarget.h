// SPDX-License-Identifier: GPL-3.0-or-later
// LaunchTarget: what a client needs to reach one database, independent of how profiles are stored.
#pragma once

#include "common/Result.h"
#include "endpoint/Endpoint.h"
#include "endpoint/Engine.h"

#include <QString>

namespace signet::launch {

// A connection profile maps onto this in one call. The token is always signed for host:port;
// viaHost/viaPort (a tunnel or port forward) is only where the TCP connection goes.
struct LaunchTarget final : Endpoint
{
    Engine engine = Engine::Postgres;
    QString user;
    QString database;
    QString caFile;
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

    // A name for the connection in the client: the profile name, else user@host.
    QString displayName() const;

    // Checks the fields every builder relies on (errors "launch.*" name the field).
    Status validate() const;
};

} // namespace signet::launch
