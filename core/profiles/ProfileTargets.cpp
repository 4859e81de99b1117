// ProfileTargets: profile → DbTarget / ProbeTarget / LaunchTarget.
#include "profiles/ProfileTargets.h"

#include "profiles/ProfileSigner.h"

namespace signet::profiles {

namespace {

db::Engine dbEngine(Engine engine)
{
    switch (engine) {
    case Engine::MySql:
    case Engine::AuroraMySql:
        return db::Engine::MySql;
    case Engine::MariaDb:
        return db::Engine::MariaDb;
    case Engine::PostgreSql:
    case Engine::AuroraPostgreSql:
        break;
    }
    return db::Engine::Postgres;
}

launch::Engine launchEngine(Engine engine)
{
    switch (dbEngine(engine)) {
    case db::Engine::MySql:
        return launch::Engine::MySql;
    case db::Engine::MariaDb:
        return launch::Engine::MariaDb;
    case db::Engine::Postgres:
        break;
    }
    return launch::Engine::Postgres;
}

} // namespace

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
    target.engine = dbEngine(profile.engine);
    target.host = profile.host;
    target.port = profile.port;
    target.viaHost = profile.viaHost;
    target.viaPort = profile.viaPort;
    target.user = profile.dbUser;
    target.database = profile.database;
    target.region = profile.region;
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
    target.engine =
        isPostgres(profile.engine) ? probe::ProbeTarget::Engine::Postgres : probe::ProbeTarget::Engine::MySql;
    target.host = profile.host;
    target.port = quint16(profile.port);
    target.viaHost = profile.viaHost;
    target.viaPort = quint16(profile.viaPort);
    target.caBundle = *ca;
    target.region = profile.region;
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
    target.engine = launchEngine(profile.engine);
    target.host = profile.host;
    target.port = profile.port;
    target.viaHost = profile.viaHost;
    target.viaPort = profile.viaPort;
    target.user = profile.dbUser;
    target.database = profile.database;
    target.caFile = *ca;
    target.region = profile.effectiveRegion();
    target.profileName = profile.name;
    target.savedProfile = true;
    target.awsProfile = ProfileSigner::chainProfile(profile);
    target.verifyHostName = profile.tlsMode == TlsMode::VerifyFull;
    return target;
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
