// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileSigner: which chain profile signs, what the chain found, and the token for a profile.
#include "profiles/ProfileSigner.h"

#include "token/TokenRequest.h"

namespace signet::profiles {

QString ProfileSigner::chainProfile(const ConnectionProfile &profile)
{
    return profile.credentialSource == CredentialSource::AwsProfile ? profile.awsProfile : QString();
}

Result<aws::ResolvedCredentials> ProfileSigner::acceptResolved(const ConnectionProfile &profile,
                                                               Result<aws::ResolvedCredentials> resolved)
{
    if (resolved && profile.credentialSource == CredentialSource::Environment &&
        resolved->credentials.source != u"environment")
        return makeError(QStringLiteral("credentials.no-environment"),
                         QStringLiteral("profile \"%1\" signs with environment credentials, but "
                                        "AWS_ACCESS_KEY_ID is not set")
                             .arg(profile.name),
                         QStringLiteral("Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick an AWS "
                                        "profile as the credential source."));
    return resolved;
}

Result<token::AuthToken> ProfileSigner::sign(const ConnectionProfile &profile,
                                             const aws::Credentials &credentials, const QDateTime &now,
                                             int expiresIn)
{
    // The profile's own lifetime (DSQL) unless the caller chose one.
    const int lifetime = expiresIn != 0                   ? expiresIn
                         : usesDsqlTokens(profile.engine) ? profile.tokenLifetime
                                                          : 0;
    return token::TokenRequest{profile.engine, profile.host,   profile.port,
                               profile.region, profile.dbUser, lifetime}
        .sign(credentials, now);
}

QString ProfileSigner::describeSource(const ConnectionProfile &profile)
{
    switch (profile.credentialSource) {
    case CredentialSource::AwsProfile:
        return profile.awsProfile.isEmpty() ? QStringLiteral("default AWS profile")
                                            : QStringLiteral("AWS profile %1").arg(profile.awsProfile);
    case CredentialSource::Environment:
        return QStringLiteral("environment");
    case CredentialSource::StaticKeys:
        return QStringLiteral("static keys (keychain)");
    }
    return {};
}

} // namespace signet::profiles
