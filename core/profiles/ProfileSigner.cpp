// ProfileSigner: profile → credentials → token.
#include "profiles/ProfileSigner.h"

#include "aws/RdsEndpoint.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace signet::profiles {

SecretString ProfileSigner::encodeStaticKeys(const QString &accessKeyId, const SecretString &secretAccessKey)
{
    QJsonObject object{{QStringLiteral("accessKeyId"), accessKeyId},
                       {QStringLiteral("secretAccessKey"), secretAccessKey.revealText()}};
    QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return SecretString::adopt(std::move(bytes));
}

Result<aws::Credentials> ProfileSigner::decodeStaticKeys(const SecretString &stored)
{
    const QJsonObject object = QJsonDocument::fromJson(stored.reveal()).object();
    aws::Credentials credentials;
    credentials.accessKeyId = object.value(QStringLiteral("accessKeyId")).toString();
    credentials.secretAccessKey =
        SecretString::fromUtf8(object.value(QStringLiteral("secretAccessKey")).toString());
    credentials.source = QStringLiteral("static-keys:keychain");
    if (!credentials.isComplete())
        return makeError(QStringLiteral("credentials.bad-static-keys"),
                         QStringLiteral("the keys stored for this profile are incomplete"),
                         QStringLiteral("Enter the access key id and secret again in the profile."));
    return credentials;
}

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

Result<aws::Credentials> ProfileSigner::resolveCredentials(const ConnectionProfile &profile,
                                                           const aws::CredentialChain &chain)
{
    if (profile.credentialSource == CredentialSource::StaticKeys)
        return makeError(
            QStringLiteral("credentials.needs-keychain"),
            QStringLiteral("profile \"%1\" signs with static keys kept in the keychain").arg(profile.name),
            QStringLiteral("Read them from the SecretStore first."));
    auto resolved = acceptResolved(profile, chain.resolveDetailed(chainProfile(profile)));
    if (!resolved)
        return resolved.error();
    return std::move(resolved).value().credentials;
}

Result<token::AuthToken> ProfileSigner::sign(const ConnectionProfile &profile,
                                             const aws::Credentials &credentials, const QDateTime &now,
                                             int expiresIn)
{
    const auto region = aws::RdsEndpoint::resolveRegion(profile.host, profile.region);
    if (!region)
        return region.error();
    if (credentials.expiration && *credentials.expiration <= now)
        return makeError(QStringLiteral("credentials.expired"),
                         QStringLiteral("the credentials from %1 expired at %2")
                             .arg(credentials.source, credentials.expiration->toUTC().toString(Qt::ISODate)),
                         QStringLiteral("Refresh them (e.g. `aws sso login`) and sign again."));
    return token::AuthToken::generate(profile.host, profile.port, *region, profile.dbUser, credentials, now,
                                      expiresIn);
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
