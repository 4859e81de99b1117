// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleOpener: opens consoles as workspace tabs — a saved profile's (through its route: direct, an
// SSH bastion or an SSM instance, the tab holding the tunnel while it lives) or one for a target typed
// into File › Console… — connects them and puts the keyboard in their editor.
#pragma once

#include "db/DbTokenSigner.h"

#include <QObject>
#include <QSet>
#include <QUuid>

class QWidget;

namespace signet::profiles {
struct ConnectionProfile;
class ProfileService;
} // namespace signet::profiles
namespace signet::tunnel {
class TunnelManager;
}

namespace signet::ui {

class TunnelFeedback;
class Workspace;

class ConsoleOpener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleOpener)

public:
    ConsoleOpener(QWidget &window, Workspace &workspace, profiles::ProfileService &profiles,
                  tunnel::TunnelManager &tunnels, TunnelFeedback &feedback);

    // Focuses the profile's console, else opens one (once: a second request while its tunnel opens
    // does nothing) signed by `signer`.
    void open(const profiles::ConnectionProfile &profile, db::DbTokenSigner signer);
    // File › Console…: asks for the target (window-modal, no nested event loop) and opens its tab.
    void askAdHoc();

Q_SIGNALS:
    void messageRaised(const QString &message);
    // A console opened through a tunnel: a route problem shown before is over.
    void routeOpened();
    void consoleOpened();

private:
    void opened(class ConsoleTab *tab);

    QWidget &m_window;
    Workspace &m_workspace;
    profiles::ProfileService &m_profiles;
    tunnel::TunnelManager &m_tunnels;
    TunnelFeedback &m_feedback;
    // Consoles waiting for their tunnel to open (a second Enter must not open a second tab).
    QSet<QUuid> m_opening;
};

} // namespace signet::ui
