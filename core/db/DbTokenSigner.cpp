// SPDX-License-Identifier: GPL-3.0-or-later
// DbTokenSigner: credentials → region → the engine's token (RDS or DSQL) for a DbTarget.
#include "db/DbTokenSigner.h"

#include "token/TokenRequest.h"

namespace signet::db {

DbTokenSigner::DbTokenSigner(aws::CredentialChain chain, const Clock &clock)
    : m_chain(std::move(chain))
    , m_clock(&clock)
{}

Result<token::AuthToken> DbTokenSigner::sign(const DbTarget &target) const
{
    const auto resolved =
        resolveSigningRegion(target.host, target.region, m_chain.defaultRegion(target.awsProfile));
    if (!resolved)
        return resolved.error();
    const auto credentials = m_chain.resolve(target.awsProfile);
    if (!credentials)
        return credentials.error();
    return token::TokenRequest{target.engine, target.host, target.port, *resolved, target.user}.sign(
        *credentials, m_clock->now());
}

} // namespace signet::db
