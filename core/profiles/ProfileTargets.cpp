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

} // namespace signet::profiles
