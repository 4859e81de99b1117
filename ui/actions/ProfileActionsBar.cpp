// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileActionsBar: the three buttons, the Open in menu's provider and the signer for sessions.
#include "actions/ProfileActionsBar.h"

#include "common/Clock.h"
#include "profiles/ProfileRoutes.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileSigner.h"
#include "proxy/LocalProxies.h"
#include "proxy/ServeLocallyControl.h"

#include <QHBoxLayout>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace signet::ui {

using profiles::ConnectionProfile;
using profiles::ProfileSigner;

ProfileActionsBar::ProfileActionsBar(const Clock &clock, profiles::ProfileService &profiles, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_profiles(profiles)
{
    m_connect = new QPushButton(QIcon::fromTheme(QStringLiteral("network-connect")), tr("Connect ⏎"), this);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setToolTip(tr("Open a console for this profile with a fresh token (Enter in the list)"));
    m_menu = new LaunchMenu(
        [this](bool connects, LaunchRequestDone done) { requestLaunch(connects, std::move(done)); }, this);
    m_openIn = new QToolButton(this);
    m_openIn->setObjectName(QStringLiteral("openInButton"));
    m_openIn->setText(tr("Open in"));
    // The style draws the menu arrow in the palette's colours (a style sheet here turned the button
    // white in the dark theme).
    m_openIn->setToolTip(tr("Start a database client signed in with a fresh token, or copy its command"));
    m_openIn->setPopupMode(QToolButton::InstantPopup);
    m_openIn->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_openIn->setMenu(m_menu);
    // An instant popup draws its arrow inside the button: room for it, so it never sits on the text.
    m_openIn->setMinimumWidth(
        m_openIn->sizeHint().width() +
        m_openIn->style()->pixelMetric(QStyle::PM_MenuButtonIndicator, nullptr, m_openIn));
    m_check = new QPushButton(QIcon::fromTheme(QStringLiteral("dialog-information")), tr("Check"), this);
    m_check->setObjectName(QStringLiteral("checkButton"));
    m_check->setToolTip(tr("Check step by step that this database can be reached and logged in to"));
    m_setup = new QPushButton(tr("Set up IAM…"), this);
    m_setup->setObjectName(QStringLiteral("setupButton"));
    m_setup->setToolTip(tr("Make IAM login work for this profile: IAM authentication on the database, the "
                           "rds-db:connect policy, the database user — each change shown first"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_connect);
    layout->addWidget(m_openIn);
    layout->addWidget(m_check);
    layout->addWidget(m_setup);
    layout->addStretch(1);

    connect(m_connect, &QPushButton::clicked, this, &ProfileActionsBar::connectRequested);
    connect(m_check, &QPushButton::clicked, this, &ProfileActionsBar::checkRequested);
    connect(m_setup, &QPushButton::clicked, this, &ProfileActionsBar::setupRequested);
    connect(m_menu, &QMenu::aboutToShow, this, &ProfileActionsBar::prepareCredentials);
    setProfile(std::nullopt);
}

ProfileActionsBar::~ProfileActionsBar() = default;

void ProfileActionsBar::setProfile(const std::optional<ConnectionProfile> &profile)
{
    if (!profile || !m_profile || !(*profile == *m_profile)) {
        m_credentials.reset();
        ++m_generation;
    }
    m_profile = profile;
    // Open in offers the clients that can talk to this engine (no psql for MariaDB).
    if (profile)
        m_menu->setClientNames(engineClientNames(profile->engine));
    for (QWidget *button : {static_cast<QWidget *>(m_connect), static_cast<QWidget *>(m_openIn),
                            static_cast<QWidget *>(m_check), static_cast<QWidget *>(m_setup)})
        button->setEnabled(profile.has_value());
    // Aurora DSQL has no database users or IAM switch to set up: its access is the IAM policy alone.
    m_setup->setVisible(!profile || !usesDsqlTokens(profile->engine));
    if (m_serve)
        m_serve->setProfile(profile);
}

void ProfileActionsBar::setLocalProxies(LocalProxies *proxies)
{
    if (m_serve || !proxies)
        return;
    m_proxies = proxies;
    m_serve = new ServeLocallyControl(*proxies, this);
    m_menu->setLocalProxyProvider([this](LocalProxyDone done) { localProxyAddress(std::move(done)); });
    // After Check, before Set up IAM…
    static_cast<QHBoxLayout *>(layout())->insertWidget(3, m_serve);
    setProfile(m_profile);
}

void ProfileActionsBar::requestSigner(std::function<void(Result<db::DbTokenSigner>)> done)
{
    if (!m_profile)
        return done(makeError(QStringLiteral("ui.no-profile"), tr("no profile is selected"),
                              tr("Pick a profile in the list.")));
    m_profiles.tokenSigner(*m_profile).then(this, [done](Result<db::DbTokenSigner> signer) {
        done(std::move(signer));
    });
}

void ProfileActionsBar::prepareCredentials()
{
    if (!m_profile)
        return;
    if (m_credentials && m_credentials->ok()) {
        const auto &expiration = m_credentials->value().expiration;
        if (!expiration || *expiration > m_clock.now().addSecs(60))
            return; // still good
    }
    m_credentials.reset();
    const quint64 generation = ++m_generation;
    const ConnectionProfile profile = *m_profile;
    QPointer<ProfileActionsBar> self(this);
    auto store = [self, generation](Result<aws::Credentials> credentials) {
        if (self && self->m_generation == generation)
            self->m_credentials = std::move(credentials);
    };
    m_profiles.credentials(profile).then(this, [store](Result<aws::ResolvedCredentials> resolved) {
        if (!resolved)
            return store(resolved.error());
        store(std::move(resolved).value().credentials);
    });
}

void ProfileActionsBar::requestLaunch(bool connects, LaunchRequestDone done)
{
    if (!m_profile)
        return done(makeError(QStringLiteral("ui.no-profile"), tr("no profile is selected"),
                              tr("Pick a profile in the list.")));
    if (!connects || !profiles::ProfileRoutes::needsTunnel(*m_profile))
        return done(launchRequest(*m_profile));
    if (!m_tunnels)
        return done(makeError(QStringLiteral("tunnel.unavailable"),
                              tr("\"%1\" is reached through a tunnel (an SSH bastion or SSM), and no tunnel "
                                 "can be opened here")
                                  .arg(m_profile->name),
                              tr("Open it from the main window.")));
    // Behind a bastion or an SSM instance: the client connects to the tunnel's local end, signed for
    // the real endpoint; an SSM session starts with the profile's credentials.
    const ConnectionProfile profile = *m_profile;
    profiles::ProfileRoutes(*m_tunnels, &m_profiles)
        .acquire(profile, [guard = QPointer<ProfileActionsBar>(this), profile,
                           done = std::move(done)](Result<profiles::RoutedProfile> routed) {
            if (!routed)
                return done(routed.error());
            if (!guard)
                return;
            // One lease per route while Signet runs (the client outlives the menu); a lease on a
            // tunnel that was given up since is replaced.
            const QString key = routed->lease->spec().key();
            const auto held = guard->m_launchLeases.constFind(key);
            if (held == guard->m_launchLeases.cend() || !(*held)->isLive())
                guard->m_launchLeases.insert(key, routed->lease);
            if (!guard->m_profile || guard->m_profile->id != profile.id)
                return done(makeError(QStringLiteral("ui.profile-changed"),
                                      tr("the selection changed while its tunnel opened"),
                                      tr("Choose the client again.")));
            done(guard->launchRequest(routed->profile));
        });
}

Result<LaunchRequest> ProfileActionsBar::launchRequest(const ConnectionProfile &routed) const
{
    if (!m_credentials)
        return makeError(QStringLiteral("credentials.pending"),
                         tr("the credentials for \"%1\" are still being looked up").arg(routed.name),
                         tr("Try again in a moment."));
    if (!*m_credentials)
        return m_credentials->error();
    auto target = m_profiles.launchTarget(routed);
    if (!target)
        return target.error();
    const auto token = ProfileSigner::sign(routed, m_credentials->value(), m_clock.now());
    if (!token)
        return token.error();
    return LaunchRequest{std::move(target).value(), token->text()};
}

} // namespace signet::ui

namespace signet::ui {

void ProfileActionsBar::localProxyAddress(LocalProxyDone done)
{
    if (!m_profile || !m_proxies)
        return done(makeError(QStringLiteral("ui.no-profile"), tr("no profile is selected"),
                              tr("Pick a profile in the list.")));
    const ConnectionProfile profile = *m_profile;
    auto local = [guard = QPointer<ProfileActionsBar>(this),
                  profile](quint16 port) -> Result<launch::LaunchTarget> {
        if (!guard)
            return makeError(QStringLiteral("ui.closed"), tr("the window was closed"));
        auto target = guard->m_profiles.launchTarget(profile);
        if (!target)
            return target.error();
        // The client talks to the proxy on loopback; the proxy does TLS and the token upstream.
        target->host = QStringLiteral("127.0.0.1");
        target->port = port;
        target->viaHost.clear();
        target->viaPort = 0;
        target->caFile.clear();
        return target;
    };
    if (const proxy::ProxyListener *running = m_proxies->listener(profile.id))
        return done(local(running->port()));
    if (const auto entry = m_proxies->entry(profile.id);
        entry && entry->state == LocalProxies::State::Starting)
        return done(makeError(QStringLiteral("proxy.starting"),
                              tr("the local proxy of \"%1\" is still starting").arg(profile.name),
                              tr("Try again in a moment.")));
    m_proxies->start(profile, m_proxies->portFor(profile),
                     [local, done](Result<proxy::ProxyListener *> listener) {
                         if (!listener)
                             return done(listener.error());
                         done(local((*listener)->port()));
                     });
}

} // namespace signet::ui
