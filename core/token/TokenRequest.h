// SPDX-License-Identifier: GPL-3.0-or-later
// TokenRequest: what to sign a login token for, and the one place that picks the RDS or DSQL signer.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "endpoint/Engine.h"
#include "token/AuthToken.h"

#include <QDateTime>
#include <QString>

namespace signet::token {

struct TokenRequest final
{
    Engine engine = Engine::Postgres;
    // The endpoint name (never a tunnel's address) and its port; DSQL signs the host alone.
    QString host;
    int port = 0;
    // Already resolved (resolveSigningRegion); may be empty for an RDS or DSQL endpoint name.
    QString region;
    // The database user (RDS) or role (DSQL: `admin` takes DbConnectAdmin, others DbConnect).
    QString user;
    // Seconds, 1 to maxLifetime(engine); 0 for defaultLifetime().
    int expiresIn = 0;

    // The longest lifetime the engine's service accepts: 900 s for RDS, a week for DSQL.
    static int maxLifetime(Engine engine);
    // 900 s for both (botocore's fixed lifetime, the DSQL signers' default).
    static int defaultLifetime() { return AuthToken::MaxExpiresIn; }

    // Refuses expired credentials ("credentials.expired", the hint says to refresh them), then
    // signs with the engine's token service. Errors never name a secret.
    Result<AuthToken> sign(const aws::Credentials &credentials, const QDateTime &now) const;
};

} // namespace signet::token
