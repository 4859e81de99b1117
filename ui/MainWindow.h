// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow: composes the profile tree and the workspace — the selected profile's page (header,
// token, actions, Overview / Diagnostics) as the first tab, then one tab per console, each bound to
// its own profile; owns the actions and asks before anything unsaved is lost.
#pragma once

#include "workspace/ProfileFiles.h"

#include <QMainWindow>
#include <QUuid>

#include <functional>

class QDockWidget;
class QLabel;
class QStackedWidget;
class QSplitter;
class QTabWidget;
class QUndoStack;

namespace signet {
class Clock;
struct Error;
} // namespace signet
namespace signet::db {
class DbTokenSigner;
}
namespace signet::probe {
class ProfileChecks;
}
namespace signet::token {
class TokenSessions;
}
namespace signet::tunnel {
class TunnelManager;
}
namespace signet::profiles {
struct ConnectionProfile;
class ProfileService;
class ProfileStore;
class SecretStore;
} // namespace signet::profiles

namespace signet::ui {

class ConsoleOpener;
class ConsoleTab;
class ConsoleWidget;
class DiagnosticsPanel;
class FirstRunPage;
class LocalProxies;
class TunnelFeedback;
class ProxyPanel;
class TunnelPanel;
class ProxyDock;
class MainMenus;
class UnsavedWorkGuard;
class Workspace;
class ProfileActionsBar;
class ProfileEditor;
class ProfileHeader;
class ProfilePage;
class ProfileTokenPanel;
class ProfileTreePanel;
class TokenTray;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // The window reaches profiles and their secrets only through a ProfileService over `store` and
    // `secrets`, which it owns.
    MainWindow(const Clock &clock, profiles::ProfileStore &store, profiles::SecretStore &secrets,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    profiles::ProfileService &profileService() const { return *m_profiles; }
    ProfileTreePanel *treePanel() const { return m_tree; }
    ProfileEditor *editor() const { return m_editor; }
    ProfileTokenPanel *tokenPanel() const { return m_tokenPanel; }
    token::TokenSessions *tokenSessions() const { return m_tokenSessions; }
    TokenTray *tray() const { return m_tray; }
    ProfileHeader *header() const;
    ProfileActionsBar *actionsBar() const { return m_actions; }
    // The selected profile's Diagnostics panel (each profile has its own), or null.
    DiagnosticsPanel *diagnostics() const { return m_diagnostics; }
    DiagnosticsPanel *diagnosticsTab() const { return m_diagnostics; }
    // Every profile's last check, with its time.
    probe::ProfileChecks *checks() const { return m_checks; }
    // The profile page's tabs: Overview | Diagnostics.
    QTabWidget *tabs() const;
    // The profile page, then one tab per console.
    Workspace *workspace() const { return m_workspace; }
    FirstRunPage *firstRunPage() const { return m_firstRun; }
    // The open console of a profile (its tab, its console), or null.
    ConsoleTab *consoleTabFor(const QUuid &profileId) const;
    ConsoleWidget *consoleFor(const QUuid &profileId) const;
    QUndoStack *undoStack() const { return m_undo; }
    // The tunnels of profiles behind an SSH bastion or an SSM instance, shared by consoles, checks and
    // launched clients.
    tunnel::TunnelManager *tunnels() const { return m_tunnels; }
    // The profiles served on local ports ("Serve locally") and the Local proxy panel (View menu).
    LocalProxies *localProxies() const { return m_localProxies; }
    ProxyPanel *proxyPanel() const { return m_proxyPanel; }
    QDockWidget *proxyDock() const;
    TunnelPanel *tunnelPanel() const { return m_tunnelPanel; }
    QDockWidget *tunnelDock() const { return m_tunnelDock; }
    // View › Tunnels: shows or hides the tunnel list.
    QAction *tunnelPanelAction() const;
    // View › Local Proxy: shows or hides the panel.
    QAction *proxyPanelAction() const;
    QString bannerText() const;
    // Selects the profile with that name or id (as `signet profiles` finds it); false, with the
    // reason in the status bar, when there is none.
    bool selectProfileNamed(const QString &name);

    void newProfile();
    void duplicateProfile();
    void deleteProfile();
    void importProfiles();
    // File › Import from AWS…: the databases an AWS profile can see, imported as profiles.
    void importFromAws();
    void exportProfiles();
    // Opens (or focuses) the Console tab of the selected profile and connects it.
    void connectCurrent();
    // File › Console…: asks for a target typed in by hand and opens its console as a tab.
    void askAdHocConsole();
    // Selects the profile used last (selected when the window last closed) and opens its console, as the
    // desktop entry's "Open console for the last profile" does; false, said in the status bar, if none.
    bool openLastProfileConsole();
    // Runs the check of the selected profile in the Diagnostics tab, the real login included.
    void checkCurrent();
    // Opens "Set up IAM access" for the selected profile (its credentials, signer and route first).
    void setUpIamAccess();
    void setUpIamAccessFor(const profiles::ConnectionProfile &profile);

    // File › Quick Sign… and Edit › Preferences….
    void showQuickSign();
    void showPreferences();

    // Asks for a file to open (save == false) or to write; empty when cancelled. QFileDialog unless a
    // test injects its answer.
    using FileChooser = ProfileFiles::FileChooser;
    void setFileChooser(FileChooser chooser);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createProxyDock();
    void createTunnelPanel();
    void showCurrent(const QUuid &id);
    // The user picked a profile in the tree: asks before dropping unsaved edits, then shows it.
    void onTreeSelection(const QUuid &id);
    void updateActions();
    void onStoreChanged();
    void showBanner(const QString &text);
    void showStoreError(const Error &error);
    void updateStatus();
    void setMessage(const QString &message);
    // A route that cannot open until the user acts (no session-manager-plugin), in the banner; empty:
    // takes that banner down again.
    void showTunnelProblem(const QString &text);

    const Clock &m_clock;
    profiles::ProfileStore &m_store;
    profiles::ProfileService *m_profiles = nullptr;
    tunnel::TunnelManager *m_tunnels = nullptr;
    // Tunnel events in the status line, the SSM plugin banner, bastion key trust.
    TunnelFeedback *m_tunnelFeedback = nullptr;
    LocalProxies *m_localProxies = nullptr;
    ProxyPanel *m_proxyPanel = nullptr;
    ProxyDock *m_proxyDock = nullptr;
    MainMenus *m_menus = nullptr;
    UnsavedWorkGuard *m_unsaved = nullptr;
    ConsoleOpener *m_consoles = nullptr;
    TunnelPanel *m_tunnelPanel = nullptr;
    QDockWidget *m_tunnelDock = nullptr;
    // The banner's text while it shows a route problem (not a store error).
    QString m_tunnelBanner;
    QUndoStack *m_undo = nullptr;
    ProfileFiles *m_files = nullptr;
    QSplitter *m_splitter = nullptr;
    ProfileTreePanel *m_tree = nullptr;
    Workspace *m_workspace = nullptr;
    QStackedWidget *m_stack = nullptr;
    FirstRunPage *m_firstRun = nullptr;
    QWidget *m_emptyPage = nullptr;
    ProfilePage *m_profilePage = nullptr;
    token::TokenSessions *m_tokenSessions = nullptr;
    ProfileTokenPanel *m_tokenPanel = nullptr;
    TokenTray *m_tray = nullptr;
    ProfileActionsBar *m_actions = nullptr;
    probe::ProfileChecks *m_checks = nullptr;
    DiagnosticsPanel *m_diagnostics = nullptr;
    ProfileEditor *m_editor = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_statusSummary = nullptr;
    QWidget *m_quickSign = nullptr;
    bool m_selectionRestored = false;
    // The tree is being put back after the user kept unsaved edits.
    bool m_revertingSelection = false;
};

} // namespace signet::ui
