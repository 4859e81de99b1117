// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileActionsBar: [Connect ⏎] [Open in ▾] [Check] [Serve locally] [Set up IAM…] for the selected
// profile, under its token panel.
#pragma once

#include "common/Result.h"
#include "db/DbTokenSigner.h"
#include "launch/LaunchMenu.h"
#include "profiles/ConnectionProfile.h"
#include "profiles/ProfileRoutes.h"
#include "tunnel/TunnelManager.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QPushButton;
class QToolButton;

namespace signet {
class Clock;
}
namespace signet::profiles {
class ProfileService;
}

namespace signet::ui {

class LocalProxies;
class ServeLocallyControl;

// Connect and Check are requests the main window carries out (a console tab, the diagnostics tab);
// Open in is a LaunchMenu whose provider signs via ProfileSigner with credentials the ProfileService
// looks up, without blocking, when the menu opens.
class ProfileActionsBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileActionsBar)

public:
    ProfileActionsBar(const Clock &clock, profiles::ProfileService &profiles, QWidget *parent = nullptr);
    ~ProfileActionsBar() override;

    void setProfile(const std::optional<profiles::ConnectionProfile> &profile);
    const std::optional<profiles::ConnectionProfile> &profile() const { return m_profile; }

    // The signer a session for the profile uses; static keys are read from the keychain first.
    // `done` runs once, on the GUI thread, while this bar lives.
    void requestSigner(std::function<void(Result<db::DbTokenSigner>)> done);
    // Starts looking up the credentials Open in signs with (the menu does so when it opens).
    void prepareCredentials();
    // The lookup prepareCredentials() started has answered (with credentials or an error).
    bool credentialsReady() const { return m_credentials.has_value(); }

    QPushButton *connectButton() const { return m_connect; }
    QToolButton *openInButton() const { return m_openIn; }
    QPushButton *checkButton() const { return m_check; }
    QPushButton *setupButton() const { return m_setup; }
    LaunchMenu *launchMenu() const { return m_menu; }
    // Where Open in gets the SSH tunnel of a profile behind a bastion (the window's manager). A tunnel
    // opened for a launched client stays up until Signet quits: the client outlives the menu.
    void setTunnels(tunnel::TunnelManager *tunnels) { m_tunnels = tunnels; }
    // Adds [Serve locally] on port [N] over the window's local proxies; Open in MySQL Workbench then
    // connects through the profile's local proxy (started if need be), with no password.
    void setLocalProxies(LocalProxies *proxies);
    ServeLocallyControl *serveControl() const { return m_serve; }

Q_SIGNALS:
    void connectRequested();
    void checkRequested();
    void setupRequested();

private:
    // The request for the selected profile, through its route (an SSH tunnel opened first).
    void requestLaunch(bool connects, LaunchRequestDone done);
    Result<LaunchRequest> launchRequest(const profiles::ConnectionProfile &routed) const;
    // The address of the selected profile's local proxy, started on its port if it is not running.
    void localProxyAddress(LocalProxyDone done);

    const Clock &m_clock;
    profiles::ProfileService &m_profiles;
    std::optional<profiles::ConnectionProfile> m_profile;
    // Credentials for Open in, for the profile they were looked up for; a generation drops stale answers.
    std::optional<Result<aws::Credentials>> m_credentials;
    quint64 m_generation = 0;
    QPushButton *m_connect = nullptr;
    QToolButton *m_openIn = nullptr;
    QPushButton *m_check = nullptr;
    QPushButton *m_setup = nullptr;
    ServeLocallyControl *m_serve = nullptr;
    QPointer<LocalProxies> m_proxies;
    LaunchMenu *m_menu = nullptr;
    QPointer<tunnel::TunnelManager> m_tunnels;
    // The tunnels Open in holds for launched clients (one lease per route, given back when Signet
    // quits; replaced when the tunnel it held was given up).
    QHash<QString, std::shared_ptr<profiles::RouteLease>> m_launchLeases;
};

} // namespace signet::ui
