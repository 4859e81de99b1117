// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTargets: one saved profile mapped onto what exec/console, the check and client launch need.
#pragma once

#include "common/Result.h"
#include "db/DbTarget.h"
#include "launch/LaunchTarget.h"
#include "probe/ProbeTarget.h"
#include "profiles/ConnectionProfile.h"
#include "tls/CaBundleStore.h"
#include "tunnel/TunnelSpec.h"

#include <optional>

namespace signet::profiles {

// The CA setting goes through the CaBundleStore (empty = the global bundle, a stored bundle id or a
// PEM path) and comes out as a file path, so every consumer verifies against the same file. The
// credential source becomes the AWS profile to sign with: the named profile, or none for
// Environment and StaticKeys (whose chain the ProfileService builds). Callers go through the
// ProfileService (dbTarget(), probeTarget(), launchTarget()).
class ProfileTargets final
{
public:
    static Result<QString> caFile(const ConnectionProfile &profile, const tls::CaBundleStore &store);

    static Result<db::DbTarget> toDbTarget(const ConnectionProfile &profile,
                                           const tls::CaBundleStore &store = tls::CaBundleStore());
    static Result<probe::ProbeTarget> toProbeTarget(const ConnectionProfile &profile,
                                                    const tls::CaBundleStore &store = tls::CaBundleStore());
    // The tunnel a profile's route needs (none for direct or a manual via): the bastion (or the SSM
    // agent) forwards to the endpoint's real name, and its local end becomes the targets' via. An
    // SSM spec has no credentials yet: ProfileRoutes::tunnelSpec() adds the ProfileService's.
    static std::optional<tunnel::TunnelSpec> tunnelSpec(const ConnectionProfile &profile, int localPort = 0);

    static Result<launch::LaunchTarget>
    toLaunchTarget(const ConnectionProfile &profile, const tls::CaBundleStore &store = tls::CaBundleStore());
};

} // namespace signet::profiles
