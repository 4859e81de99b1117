// ProfileTargets: profile → DbTarget / ProbeTarget / LaunchTarget.
#include "profiles/ProfileTargets.h"

#include "profiles/ProfileSigner.h"

namespace signet::profiles {

Result<QString> ProfileTargets::caFile(const ConnectionProfile &profile, const tls::CaBundleStore &store)
{
    auto path = store.resolve(profile.caFile);
    if (!path) {
        Error error = path.error();
        error.message = QStringLiteral("profile \"%1\": %2").arg(profile.name, error.message);
        return error;
    }
    return path;
}

Result<db::DbTarget> ProfileTargets::toDbTarget(const ConnectionProfile &profile,
                                                const tls::CaBundleStore &store)
{
    const auto ca = caFile(profile, store);
    if (!ca)
        return ca.error();
    db::DbTarget target;
    static_cast<Endpoint &>(target) = profile.endpoint();
    target.engine = profile.engine;
    target.user = profile.dbUser;
    target.database = profile.database;
    target.caFile = *ca;
    target.awsProfile = ProfileSigner::chainProfile(profile);
    target.verifyHostName = profile.tlsMode == TlsMode::VerifyFull;
    return target;
}

Result<probe::ProbeTarget> ProfileTargets::toProbeTarget(const ConnectionProfile &profile,
                                                         const tls::CaBundleStore &store)
{
    const auto ca = caFile(profile, store);
    if (!ca)
        return ca.error();
    probe::ProbeTarget target;
    static_cast<Endpoint &>(target) = profile.endpoint();
    target.engine = profile.engine;
    target.caBundle = *ca;
    target.user = profile.dbUser;
    target.database = profile.database;
    target.awsProfile = ProfileSigner::chainProfile(profile);
    target.verifyHostName = profile.tlsMode == TlsMode::VerifyFull;
    return target;
}

Result<launch::LaunchTarget> ProfileTargets::toLaunchTarget(const ConnectionProfile &profile,
                                                            const tls::CaBundleStore &store)
{
    const auto ca = caFile(profile, store);
    if (!ca)
        return ca.error();
    launch::LaunchTarget target;
    static_cast<Endpoint &>(target) = profile.endpoint();
    target.region = profile.effectiveRegion();
    target.engine = profile.engine;
    target.user = profile.dbUser;
    target.database = profile.database;
    target.caFile = *ca;
    target.profileName = profile.name;
    target.savedProfile = true;
    target.awsProfile = ProfileSigner::chainProfile(profile);
    target.verifyHostName = profile.tlsMode == TlsMode::VerifyFull;
    return target;
}

probe::CredentialsFunction ProfileTargets::probeCredentials(const ConnectionProfile &profile,
                                                            Result<aws::CredentialChain> signingChain)
{
    if (!signingChain)
        return probe::credentialsFailing(signingChain.error());
    return [profile, chain = std::move(signingChain).value()](
               const probe::ProbeTarget &, aws::ResultCallback<aws::ResolvedCredentials> done) {
        chain.resolve(ProfileSigner::chainProfile(profile),
                      [profile, done = std::move(done)](Result<aws::ResolvedCredentials> resolved) {
                          if (resolved && profile.credentialSource == CredentialSource::StaticKeys) {
                              // The signer sees the keychain's keys; say so rather than how they travel.
                              resolved->provider = aws::keychainProvider();
                              resolved->profile.clear();
                              resolved->file.clear();
                              resolved->credentials.source = QStringLiteral("static-keys:keychain");
                              return done(std::move(resolved));
                          }
                          done(ProfileSigner::acceptResolved(profile, std::move(resolved)));
                      });
    };
}

db::DbTokenSigner ProfileTargets::tokenSigner(const ConnectionProfile &profile,
                                              const aws::Credentials &staticKeys,
                                              const QProcessEnvironment &system)
{
    if (profile.credentialSource == CredentialSource::AwsProfile)
        return db::DbTokenSigner(aws::CredentialChain(system));
    // Environment and static keys: only those keys may sign, never whatever profile the AWS config
    // files would fall back to.
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    if (profile.credentialSource == CredentialSource::Environment) {
        for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                                 "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION"}) {
            const QString key = QString::fromLatin1(name);
            if (system.contains(key))
                env.insert(key, system.value(key));
        }
        return db::DbTokenSigner(aws::CredentialChain(env));
    }
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), staticKeys.accessKeyId);
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), staticKeys.secretAccessKey.revealText());
    if (!staticKeys.sessionToken.isEmpty())
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), staticKeys.sessionToken.revealText());
    return db::DbTokenSigner(aws::CredentialChain(env));
}

} // namespace signet::profiles
