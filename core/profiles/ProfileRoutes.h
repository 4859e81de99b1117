// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileRoutes: a saved profile's route as its connections use it. A direct or manual-via profile is
// used as it is; a profile behind an SSH bastion gets the tunnel's local end as its via address (the
// tunnel shared through one TunnelManager), while the token and TLS keep naming the real endpoint.
// The GUI, `check` and the tests go through it, so every front-end routes the same way.
#pragma once

#include "common/Result.h"
#include "probe/ProbeOptions.h"
#include "profiles/ConnectionProfile.h"
#include "tunnel/TunnelManager.h"

#include <functional>
#include <memory>

namespace signet::profiles {

// The profile to connect with, and how the route came about (for the user: "SSH tunnel to bastion:
// up in 180 ms (local end 127.0.0.1:40123)"; empty for a direct route).
struct RoutedProfile final
{
    ConnectionProfile profile;
    QString routeText;
};

class ProfileRoutes final
{
public:
    explicit ProfileRoutes(tunnel::TunnelManager &tunnels);

    tunnel::TunnelManager &tunnels() const { return m_tunnels; }

    static bool needsTunnel(const ConnectionProfile &profile);
    // Calls `done` once (on this thread; at once when no tunnel is needed) with the routed profile.
    // A route that opened a tunnel holds it until release(profile) is called once for this acquire.
    void acquire(const ConnectionProfile &profile, std::function<void(Result<RoutedProfile>)> done) const;
    void release(const ConnectionProfile &profile) const;

    // The check's route step for the profile (unset for a direct route). When the step opened the
    // tunnel, `*held` becomes true and the caller releases it (release(profile)) after the check.
    probe::TunnelFunction probeStep(const ConnectionProfile &profile, std::shared_ptr<bool> held) const;

private:
    tunnel::TunnelManager &m_tunnels;
};

} // namespace signet::profiles
