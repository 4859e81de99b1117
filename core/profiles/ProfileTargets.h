// ProfileTargets: one saved profile mapped onto what exec/console, the check and client launch need.
#pragma once

#include "aws/CredentialChain.h"
#include "aws/Credentials.h"
#include "common/Result.h"
#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "launch/LaunchTarget.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeTarget.h"
#include "profiles/ConnectionProfile.h"
#include "tls/CaBundleStore.h"

namespace signet::profiles {

// The CA setting goes through the CaBundleStore (empty = the global bundle, a stored bundle id or a
// PEM path) and comes out as a file path, so every consumer verifies against the same file. The
// credential source becomes the AWS profile to sign with: the named profile, or none (the default
// chain, environment keys first) for Environment and StaticKeys.
class ProfileTargets final
{
public:
    static Result<QString> caFile(const ConnectionProfile &profile, const tls::CaBundleStore &store);

    static Result<db::DbTarget> toDbTarget(const ConnectionProfile &profile,
                                           const tls::CaBundleStore &store = tls::CaBundleStore());
    static Result<probe::ProbeTarget> toProbeTarget(const ConnectionProfile &profile,
                                                    const tls::CaBundleStore &store = tls::CaBundleStore());
    static Result<launch::LaunchTarget>
    toLaunchTarget(const ConnectionProfile &profile, const tls::CaBundleStore &store = tls::CaBundleStore());

    // The signer a DbSession for this profile uses. An AWS profile signs through the whole chain;
    // Environment sees only the AWS_* key variables of `system`, and StaticKeys only the keys read
    // from the keychain — neither falls back to other credentials in the AWS config files.
    // The check's credentials step for this profile: what `signingChain` (the chain of the profile's
    // tokenSigner(), or why there is none, e.g. no secret in the keychain) resolves, checked against
    // the profile's source and named by it (static keys from the keychain, environment keys).
    static probe::CredentialsFunction probeCredentials(const ConnectionProfile &profile,
                                                       Result<aws::CredentialChain> signingChain);

    static db::DbTokenSigner
    tokenSigner(const ConnectionProfile &profile, const aws::Credentials &staticKeys = {},
                const QProcessEnvironment &system = QProcessEnvironment::systemEnvironment());
};

} // namespace signet::profiles
