// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileRoutes: the tunnel a profile's route needs, acquired and released through the manager.
#include "profiles/ProfileRoutes.h"

#include "endpoint/Endpoint.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileTargets.h"

#include <QCoreApplication>

namespace signet::profiles {

namespace {

// Times the opening of the spec's tunnel (the manager reports it by signal) and answers the address.
void openTunnel(tunnel::TunnelManager &tunnels, const tunnel::TunnelSpec &spec,
                std::function<void(Result<HostPort>, QString routeText, std::shared_ptr<RouteLease>)> done)
{
    auto elapsed = std::make_shared<qint64>(-1);
    auto timing = std::make_shared<QMetaObject::Connection>();
    const QString key = spec.key();
    *timing = QObject::connect(&tunnels, &tunnel::TunnelManager::tunnelOpened, &tunnels,
                               [elapsed, key](const QString &opened, int, qint64 ms) {
                                   if (opened == key)
                                       *elapsed = ms;
                               });
    tunnels.acquire(spec, [&tunnels, spec, elapsed, timing,
                           done = std::move(done)](Result<HostPort> address) {
        QObject::disconnect(*timing);
        if (!address)
            return done(address.error(), {}, nullptr);
        auto lease = std::make_shared<RouteLease>(tunnels, spec);
        const QString local = hostPortText(address->host, address->port);
        // A tunnel already open for another user was not timed now.
        const QString text = *elapsed >= 0 ? QCoreApplication::translate("signet::profiles::ProfileRoutes",
                                                                         "%1: up in %2 ms (local end %3)")
                                                 .arg(spec.title())
                                                 .arg(*elapsed)
                                                 .arg(local)
                                           : QCoreApplication::translate("signet::profiles::ProfileRoutes",
                                                                         "%1: already open (local end %2)")
                                                 .arg(spec.title(), local);
        done(std::move(address), text, std::move(lease));
    });
}

} // namespace

RouteLease::RouteLease(tunnel::TunnelManager &tunnels, tunnel::TunnelSpec spec)
    : m_tunnels(&tunnels)
    , m_spec(std::move(spec))
    , m_generation(tunnels.generation(m_spec))
{}

RouteLease::~RouteLease()
{
    if (m_tunnels)
        m_tunnels->release(m_spec, m_generation);
}

bool RouteLease::isLive() const
{
    return m_tunnels && m_tunnels->generation(m_spec) == m_generation;
}

ProfileRoutes::ProfileRoutes(tunnel::TunnelManager &tunnels, ProfileService *service)
    : m_tunnels(tunnels)
    , m_service(service)
{}

std::optional<tunnel::TunnelSpec> ProfileRoutes::tunnelSpec(const ConnectionProfile &profile,
                                                            int localPort) const
{
    auto spec = ProfileTargets::tunnelSpec(profile, localPort);
    if (!spec || !spec->isSsm() || !m_service)
        return spec;
    spec->ssmCredentials = [service = m_service, profile](aws::ResultCallback<aws::Credentials> done) {
        if (!service)
            return done(makeError(QStringLiteral("profiles.closed"),
                                  QStringLiteral("the profiles were closed before the SSM session started")));
        service->credentials(profile).then(service.data(), [done](Result<aws::ResolvedCredentials> resolved) {
            if (!resolved)
                return done(resolved.error());
            done(std::move(resolved).value().credentials);
        });
    };
    return spec;
}

bool ProfileRoutes::needsTunnel(const ConnectionProfile &profile)
{
    return ProfileTargets::tunnelSpec(profile).has_value();
}

void ProfileRoutes::acquire(const ConnectionProfile &profile,
                            std::function<void(Result<RoutedProfile>)> done) const
{
    const auto spec = tunnelSpec(profile);
    if (!spec)
        return done(RoutedProfile{profile, {}, nullptr});
    openTunnel(m_tunnels, *spec,
               [profile, done = std::move(done)](Result<HostPort> address, const QString &text,
                                                 std::shared_ptr<RouteLease> lease) {
                   if (!address)
                       return done(address.error());
                   RoutedProfile routed{profile, text, std::move(lease)};
                   routed.profile.viaHost = address->host;
                   routed.profile.viaPort = address->port;
                   done(std::move(routed));
               });
}

probe::TunnelFunction ProfileRoutes::probeStep(const ConnectionProfile &profile) const
{
    const auto spec = tunnelSpec(profile);
    if (!spec)
        return {};
    tunnel::TunnelManager *tunnels = &m_tunnels;
    return [tunnels, spec = *spec](std::function<void(Result<probe::TunnelOpened>)> done) {
        openTunnel(*tunnels, spec,
                   [done](Result<HostPort> address, const QString &text, std::shared_ptr<RouteLease> lease) {
                       if (!address)
                           return done(address.error());
                       done(probe::TunnelOpened{address->host, address->port, text, std::move(lease)});
                   });
    };
}

} // namespace signet::profiles
