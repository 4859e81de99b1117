// SPDX-License-Identifier: GPL-3.0-or-later
// DbTarget: everything needed to reach one database as one IAM user (no secret in it).
#pragma once

#include "common/Result.h"
#include "endpoint/Endpoint.h"
#include "endpoint/Engine.h"

#include <QString>

namespace signet::db {

// The endpoint (host the token is signed for and the certificate must name, port, region, via)
// plus who logs in and how TLS is verified.
struct DbTarget final : Endpoint
{
    Engine engine = Engine::Postgres;
    QString user;
    QString database;
    // PEM bundle that must anchor the server's certificate chain (e.g. the RDS global bundle).
    QString caFile;
    // AWS profile to sign with; empty = the default chain.
    QString awsProfile;
    // verify-full (true): the certificate must name `host`. verify-ca (false): the chain is still
    // verified against caFile, the name is not (the profile editor warns about it).
    bool verifyHostName = true;

    bool isMySqlFamily() const { return signet::isMySqlFamily(engine); }
    // "iam_user@host:port/db", for tab titles and messages.
    QString displayName() const;

    // Checks the fields a connection needs; errors name the field and the fix ("db.target.*").
    Status validate() const;
};

} // namespace signet::db
