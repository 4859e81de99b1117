// SPDX-License-Identifier: GPL-3.0-or-later
// TokenRequest: the expired-credentials check and the RDS/DSQL signer choice.
#include "token/TokenRequest.h"

#include "endpoint/Endpoint.h"
#include "token/DsqlToken.h"

namespace signet::token {

int TokenRequest::maxLifetime(Engine engine)
{
    return usesDsqlTokens(engine) ? DsqlToken::MaxExpiresIn : AuthToken::MaxExpiresIn;
}

Result<AuthToken> TokenRequest::sign(const aws::Credentials &credentials, const QDateTime &now) const
{
    if (credentials.expiration && *credentials.expiration <= now)
        return makeError(QStringLiteral("credentials.expired"),
                         QStringLiteral("the credentials from %1 expired at %2")
                             .arg(credentials.source, credentials.expiration->toUTC().toString(Qt::ISODate)),
                         QStringLiteral("Refresh them (e.g. `aws sso login`) and try again."));
    const int lifetime = expiresIn > 0 ? expiresIn : defaultLifetime();
    const auto signingRegion = resolveSigningRegion(host, region);
    if (!signingRegion)
        return signingRegion.error();
    if (!usesDsqlTokens(engine))
        return AuthToken::generate(host, port, *signingRegion, user, credentials, now, lifetime);
    const auto dsql =
        DsqlToken::generate(host, *signingRegion, DsqlToken::actionForRole(user), credentials, now, lifetime);
    if (!dsql)
        return dsql.error();
    return AuthToken::fromDsql(*dsql, user, port);
}

} // namespace signet::token
