// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleOpener: route, target and tab for a new console.
#include "workspace/ConsoleOpener.h"

#include "console/ConsoleTargetDialog.h"
#include "console/ConsoleWidget.h"
#include "profiles/ProfileRoutes.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileTargets.h"
#include "tunnel/TunnelManager.h"
#include "workspace/ConsoleTab.h"
#include "workspace/TunnelFeedback.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

namespace signet::ui {

ConsoleOpener::ConsoleOpener(QWidget &window, Workspace &workspace, profiles::ProfileService &profiles,
                             tunnel::TunnelManager &tunnels, TunnelFeedback &feedback)
    : QObject(&window)
    , m_window(window)
    , m_workspace(workspace)
    , m_profiles(profiles)
    , m_tunnels(tunnels)
    , m_feedback(feedback)
{}

void ConsoleOpener::open(const profiles::ConnectionProfile &profile, db::DbTokenSigner signer)
{
    if (ConsoleTab *open = m_workspace.consoleTabFor(profile.id))
        return m_workspace.setCurrentWidget(open);
    if (m_opening.contains(profile.id))
        return;
    if (const auto spec = profiles::ProfileTargets::tunnelSpec(profile)) {
        m_opening.insert(profile.id);
        Q_EMIT messageRaised(tr("Opening the %1 for \"%2\"…").arg(spec->title(), profile.name));
    }
    // Behind a bastion or an SSM instance the console connects to the tunnel's local end; the token and
    // TLS keep the endpoint's name. The tab holds the tunnel until it closes.
    profiles::ProfileRoutes(m_tunnels, &m_profiles)
        .acquire(profile, [this, profile, signer](Result<profiles::RoutedProfile> routed) mutable {
            m_opening.remove(profile.id);
            if (!routed)
                return m_feedback.routeFailed(profile, routed.error(),
                                              [this, profile, signer] { open(profile, signer); });
            // The routed profile's lease holds the tunnel: dropped on a failure here, or kept by the
            // tab until it closes.
            const auto target = m_profiles.dbTarget(routed->profile);
            if (!target)
                return Q_EMIT messageRaised(target.error().toString());
            if (ConsoleTab *open = m_workspace.consoleTabFor(profile.id))
                return m_workspace.setCurrentWidget(open);
            ConsoleTab *tab = m_workspace.openConsole(profile, *target, std::move(signer));
            if (routed->lease) {
                connect(tab, &QObject::destroyed, &m_tunnels,
                        [lease = routed->lease]() mutable { lease.reset(); });
                Q_EMIT messageRaised(routed->routeText);
                Q_EMIT routeOpened();
            }
            opened(tab);
        });
}

void ConsoleOpener::askAdHoc()
{
    if (auto *open = m_window.findChild<ConsoleTargetDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new ConsoleTargetDialog(&m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConsoleTargetDialog::targetAccepted, this, [this](const db::DbTarget &target) {
        // Signs with the target's AWS profile, or the default credential chain. The dialog is gone:
        // the keyboard goes back to the window, into the new console's editor.
        m_window.activateWindow();
        opened(m_workspace.openAdHocConsole(target, db::DbTokenSigner()));
    });
    dialog->open();
}

void ConsoleOpener::opened(ConsoleTab *tab)
{
    tab->console()->connectToServer();
    tab->console()->editor()->setFocus();
    Q_EMIT consoleOpened();
}

} // namespace signet::ui
