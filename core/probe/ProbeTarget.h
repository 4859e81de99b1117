// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeTarget: what the check reaches; a connection profile maps onto it one field at a time.
#pragma once

#include "common/Result.h"
#include "endpoint/Endpoint.h"
#include "endpoint/Engine.h"

#include <QString>

namespace signet::probe {

// The endpoint: host is the TLS name checked and the host tokens are signed for; via is the tunnel
// or port-forward actually connected to; an empty region comes from the endpoint name or the AWS
// configuration.
struct ProbeTarget final : Endpoint
{
    Engine engine = Engine::MySql;
    QString caBundle; // a stored bundle id or a PEM file; empty means the global RDS bundle
    QString user;
    QString database; // for the login step; empty: the server's default for the user
    QString awsProfile;
    bool verifyHostName = true; // false: the profile is verify-ca (the name is a warning, not a failure)

    // The problems that make the check impossible to start (no host, port 0 …), or Unit.
    Status validate() const;
};

} // namespace signet::probe
