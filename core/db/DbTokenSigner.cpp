// DbTokenSigner: credentials → region → AuthToken for a DbTarget.
#include "db/DbTokenSigner.h"

#include "aws/RdsEndpoint.h"

namespace signet::db {

DbTokenSigner::DbTokenSigner(aws::CredentialChain chain, const Clock &clock)
    : m_chain(std::move(chain))
    , m_clock(&clock)
{}

Result<token::AuthToken> DbTokenSigner::sign(const DbTarget &target) const
{
    QString region = target.region;
    if (region.isEmpty() && aws::RdsEndpoint::regionFromHost(target.host).isEmpty())
        region = m_chain.defaultRegion(target.awsProfile);
    const auto resolved = aws::RdsEndpoint::resolveRegion(target.host, region);
    if (!resolved)
        return resolved.error();
    const auto credentials = m_chain.resolve(target.awsProfile);
    if (!credentials)
        return credentials.error();
    const QDateTime now = m_clock->now();
    if (credentials->expiration && *credentials->expiration <= now)
        return makeError(
            QStringLiteral("credentials.expired"),
            QStringLiteral("the credentials from %1 expired at %2")
                .arg(credentials->source, credentials->expiration->toUTC().toString(Qt::ISODate)),
            QStringLiteral("Refresh them (e.g. `aws sso login`) and connect again."));
    return token::AuthToken::generate(target.host, target.port, *resolved, target.user, *credentials, now);
}

} // namespace signet::db
