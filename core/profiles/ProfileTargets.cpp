// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTargets: profile → DbTarget / ProbeTarget / LaunchTarget.
#include "profiles/ProfileTargets.h"

#include "profiles/ProfileSigner.h"

namespace signet::profiles {

Result<QString> ProfileTargets::caFile(const ConnectionProfile &profile, const tls::CaBundleStore &store)
{
    auto path = store.resolveFor(profile.caFile, profile.engine, profile.host);
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
    // The check names the system store as such rather than by its file.
    const bool system = (profile.caFile.trimmed().isEmpty()
                             ? tls::CaBundleStore::defaultBundleFor(profile.engine, profile.host)
                             : profile.caFile.trimmed()) == tls::CaBundleStore::systemBundleName();
    target.caBundle = system ? tls::CaBundleStore::systemBundleName() : *ca;
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

std::optional<tunnel::TunnelSpec> ProfileTargets::tunnelSpec(const ConnectionProfile &profile, int localPort)
{
    if (profile.ssm.isSet()) {
        tunnel::TunnelSpec spec{{}, profile.host, profile.port, localPort};
        spec.ssm = profile.ssmRoute();
        // The plugin is told the AWS profile as `aws --profile` would tell it; the other sources
        // have no name to give (the plugin then uses its own default chain, and only for resuming).
        const bool named = profile.credentialSource == CredentialSource::AwsProfile;
        spec.ssmProfile = named ? profile.awsProfile : QString();
        spec.ssmSigner = credentialSourceKey(profile.credentialSource) + u':' +
                         (profile.credentialSource == CredentialSource::StaticKeys
                              ? profile.id.toString(QUuid::WithoutBraces)
                              : profile.awsProfile);
        return spec;
    }
    if (!profile.ssh.isSet())
        return std::nullopt;
    return tunnel::TunnelSpec{profile.ssh, profile.host, profile.port, localPort};
}

} // namespace signet::profiles
