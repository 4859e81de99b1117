// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileRoutes: a saved profile's route as its connections use it. A direct or manual-via profile is
// used as it is; a profile behind an SSH bastion or SSM port forwarding gets the tunnel's local end as
// its via address (the tunnel shared through one TunnelManager), while the token and TLS keep naming
// the real endpoint. An SSM tunnel starts its session with the profile's credentials from the
// ProfileService given.
// The GUI, `check` and the tests go through it, so every front-end routes the same way.
#pragma once

#include "common/Result.h"
#include "probe/ProbeOptions.h"
#include "profiles/ConnectionProfile.h"
#include "tunnel/TunnelManager.h"

#include <QPointer>

#include <functional>
#include <memory>

namespace signet::profiles {

// One hold on a tunnel: given back when the last copy of its shared_ptr goes (a console tab, a
// check's run, a launched client), and only to the tunnel it was taken on.
class RouteLease final
{
public:
    RouteLease(tunnel::TunnelManager &tunnels, tunnel::TunnelSpec spec);
    ~RouteLease();
    Q_DISABLE_COPY_MOVE(RouteLease)

    const tunnel::TunnelSpec &spec() const { return m_spec; }
    // The tunnel it holds is still running (not given up and replaced).
    bool isLive() const;

private:
    QPointer<tunnel::TunnelManager> m_tunnels;
    tunnel::TunnelSpec m_spec;
    quint64 m_generation = 0;
};

// The profile to connect with, how the route came about (for the user: "SSH tunnel to bastion: up in
// 180 ms (local end 127.0.0.1:40123)"; empty for a direct route), and the hold on its tunnel (null
// for a direct route): keep it as long as the connection needs the tunnel.
struct RoutedProfile final
{
    ConnectionProfile profile;
    QString routeText;
    std::shared_ptr<RouteLease> lease;
};

class ProfileService;

class ProfileRoutes final
{
public:
    // `service` gives an SSM route its credentials (without one, an SSM route fails to open); it
    // must outlive the tunnels opened.
    explicit ProfileRoutes(tunnel::TunnelManager &tunnels, ProfileService *service = nullptr);

    tunnel::TunnelManager &tunnels() const { return m_tunnels; }

    static bool needsTunnel(const ConnectionProfile &profile);
    // ProfileTargets::tunnelSpec() with, for SSM, the profile's credentials through the service.
    std::optional<tunnel::TunnelSpec> tunnelSpec(const ConnectionProfile &profile, int localPort = 0) const;
    // Calls `done` once (on this thread; at once when no tunnel is needed) with the routed profile,
    // whose lease holds the tunnel.
    void acquire(const ConnectionProfile &profile, std::function<void(Result<RoutedProfile>)> done) const;

    // The check's route step for the profile (unset for a direct route); the probe holds the
    // tunnel's lease while its run lasts.
    probe::TunnelFunction probeStep(const ConnectionProfile &profile) const;

private:
    tunnel::TunnelManager &m_tunnels;
    QPointer<ProfileService> m_service;
};

} // namespace signet::profiles
