// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: the profile tree on the left; the workspace (profile page, consoles) on the right.
#include "MainWindow.h"

#include "actions/ProfileActionsBar.h"
#include "common/ProfileColour.h"
#include "common/SettingsKeys.h"
#include "console/ConsoleWidget.h"
#include "db/DbLoginStep.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "discovery/ImportDialog.h"
#include "launch/LaunchMenu.h"
#include "probe/ProfileChecks.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileHeader.h"
#include "profiles/ProfileRoutes.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreeModel.h"
#include "profiles/ProfileTreePanel.h"
#include "profiles/RemoveProfileCommand.h"
#include "proxy/LocalProxies.h"
#include "proxy/ProxyPanel.h"
#include "proxy/ServeLocallyControl.h"
#include "settings/SettingsDialog.h"
#include "setup/SetupDialog.h"
#include "token/ProfileCredentialLookup.h"
#include "token/ProfileTokenPanel.h"
#include "token/QuickTokenPanel.h"
#include "token/TokenSessions.h"
#include "tray/TokenTray.h"
#include "tunnel/TunnelManager.h"
#include "workspace/ConsoleOpener.h"
#include "workspace/ConsoleTab.h"
#include "workspace/FirstRunPage.h"
#include "workspace/MainMenus.h"
#include "workspace/ProfileFiles.h"
#include "workspace/ProfilePage.h"
#include "workspace/ProxyDock.h"
#include "workspace/TunnelFeedback.h"
#include "workspace/TunnelPanel.h"
#include "workspace/UnsavedWorkGuard.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace signet::ui {

namespace {
// How long quitting waits for SSM sessions to be terminated on the service side.
constexpr int kQuitTunnelWaitMs = 3000;
} // namespace

MainWindow::MainWindow(const Clock &clock, profiles::ProfileStore &store, profiles::SecretStore &secrets,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_store(store)
    , m_profiles(new profiles::ProfileService(store, secrets, this))
    , m_tunnels(new tunnel::TunnelManager({}, this))
    , m_undo(new QUndoStack(this))
    , m_files(new ProfileFiles(*this, store))
{
    setWindowTitle(QStringLiteral("Signet"));
    setWindowIcon(QIcon(QStringLiteral(":/signet/icons/signet.svg")));

    m_tree = new ProfileTreePanel(m_store, this);
    // Tokens outlive the selection; a profile edited or removed in the store loses its token.
    m_tokenSessions =
        new token::TokenSessions(m_clock, token::profileCredentialLookup(*m_profiles, m_clock), this);
    m_tokenSessions->followStore(m_store);
    m_tokenPanel = new ProfileTokenPanel(*m_tokenSessions, this);
    m_tray = new TokenTray(*m_tokenSessions, *m_tokenPanel->clipboard(), *this, this);
    connect(m_profiles, &profiles::ProfileService::keysChanged, m_tokenPanel,
            &ProfileTokenPanel::credentialsChanged);
    m_tray->showIfAvailable();
    m_editor = new ProfileEditor(*m_profiles, this);
    m_actions = new ProfileActionsBar(m_clock, *m_profiles, this);
    m_actions->setTunnels(m_tunnels);
    m_localProxies = new LocalProxies(*m_profiles, *m_tunnels, this);
    m_localProxies->followStore(m_store);
    m_tray->showProxies(*m_localProxies);
    m_actions->setLocalProxies(m_localProxies);
    // Every profile's last check, kept here: the Diagnostics tab shows the selected profile's.
    m_checks = new probe::ProfileChecks(this);
    m_diagnostics = new DiagnosticsPanel(this);
    m_diagnostics->setObjectName(QStringLiteral("profileDiagnostics"));
    m_diagnostics->setChecks(*m_checks);
    m_profilePage = new ProfilePage(*m_tokenPanel, *m_actions, *m_editor, *m_diagnostics, this);

    m_firstRun = new FirstRunPage(this);
    auto *empty = new QLabel(tr("<p style='font-size:large'>No profile selected</p>"
                                "<p>Pick a database in the list, or press <b>%1</b> to add one.</p>")
                                 .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)),
                             this);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);
    m_emptyPage = empty;

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_firstRun);
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_profilePage);
    m_workspace = new Workspace(m_stack, this);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_workspace);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({280, 620});
    m_splitter->setChildrenCollapsible(false);
    m_tree->setMinimumWidth(200);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: rgba(239, 143, 0, 40); border: 1px solid "
                                           "rgba(239, 143, 0, 170); border-radius: 3px; padding: 6px; }"));
    m_banner->setVisible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    connect(m_files, &ProfileFiles::problemChanged, this, &MainWindow::showBanner);
    connect(m_files, &ProfileFiles::messageRaised, this, &MainWindow::setMessage);
    connect(m_files, &ProfileFiles::imported, m_tree, &ProfileTreePanel::selectProfile);
    m_statusSummary = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusSummary);
    createProxyDock();
    createTunnelPanel();
    m_menus = new MainMenus(*this);
    m_unsaved = new UnsavedWorkGuard(*this, m_store, *m_editor, *m_workspace, *m_localProxies);
    connect(m_unsaved, &UnsavedWorkGuard::messageRaised, this, &MainWindow::setMessage);
    m_tunnelFeedback = new TunnelFeedback(*m_tunnels, m_store, this);
    connect(m_tunnelFeedback, &TunnelFeedback::message, this, &MainWindow::setMessage);
    connect(m_tunnelFeedback, &TunnelFeedback::problem, this, &MainWindow::showTunnelProblem);
    m_consoles = new ConsoleOpener(*this, *m_workspace, *m_profiles, *m_tunnels, *m_tunnelFeedback);
    connect(m_consoles, &ConsoleOpener::messageRaised, this, &MainWindow::setMessage);
    connect(m_consoles, &ConsoleOpener::routeOpened, this, [this] { showTunnelProblem({}); });
    connect(m_consoles, &ConsoleOpener::consoleOpened, this, &MainWindow::updateActions);

    connect(m_tree, &ProfileTreePanel::currentProfileChanged, this, &MainWindow::onTreeSelection);
    connect(m_firstRun, &FirstRunPage::newProfileRequested, this, &MainWindow::newProfile);
    connect(m_firstRun, &FirstRunPage::importRequested, this, &MainWindow::importProfiles);
    connect(m_firstRun, &FirstRunPage::awsImportRequested, this, &MainWindow::importFromAws);
    connect(m_checks, &probe::ProfileChecks::checkFinished, m_profilePage,
            &ProfilePage::updateDiagnosticsTitle);
    connect(m_checks, &probe::ProfileChecks::checkForgotten, m_profilePage,
            &ProfilePage::updateDiagnosticsTitle);
    connect(m_diagnostics, &DiagnosticsPanel::runRequested, this, &MainWindow::checkCurrent);
    connect(m_workspace, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    // Enter (or a double click) on a profile connects, as does Ctrl+Enter anywhere in the tree.
    connect(m_tree, &ProfileTreePanel::profileActivated, this, [this](const QUuid &id) {
        if (id == m_tree->currentProfileId())
            connectCurrent();
    });
    auto *connectShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_tree);
    connectShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(connectShortcut, &QShortcut::activated, this, &MainWindow::connectCurrent);
    connect(m_actions, &ProfileActionsBar::connectRequested, this, &MainWindow::connectCurrent);
    connect(m_actions, &ProfileActionsBar::checkRequested, this, &MainWindow::checkCurrent);
    connect(m_actions, &ProfileActionsBar::setupRequested, this, &MainWindow::setUpIamAccess);
    connect(m_actions->launchMenu(), &LaunchMenu::noticeShown, this, &MainWindow::setMessage);
    connect(m_actions->launchMenu(), &LaunchMenu::failed, this,
            [this](const Error &error) { setMessage(error.toString()); });
    connect(m_tree, &ProfileTreePanel::newProfileRequested, this, &MainWindow::newProfile);
    connect(m_tree, &ProfileTreePanel::messageRaised, this, &MainWindow::setMessage);
    connect(m_editor, &ProfileEditor::messageRaised, this, &MainWindow::setMessage);
    connect(m_editor, &ProfileEditor::profileSaved, this, [this](const QUuid &id) {
        if (m_unsaved->isSavingBeforeLeaving())
            return; // the user is moving to the profile they clicked
        m_tree->selectProfile(id);
        showCurrent(id);
    });
    connect(m_tokenPanel, &ProfileTokenPanel::messageRaised, this, &MainWindow::setMessage);
    connect(m_tokenSessions, &token::TokenSessions::secondsLeftChanged, m_tree->model(),
            &ProfileTreeModel::setTokenSecondsLeft);
    connect(&m_store, &profiles::ProfileStore::profilesChanged, this, &MainWindow::onStoreChanged);
    connect(&m_store, &profiles::ProfileStore::reloadedFromDisk, this,
            [this] { setMessage(tr("Profiles reloaded: they were changed outside this window.")); });
    connect(&m_store, &profiles::ProfileStore::storeFailed, this, &MainWindow::showStoreError);
    connect(m_profiles, &profiles::ProfileService::keychainFellBack, this, [this](const Error &reason) {
        showBanner(reason.toString());
        updateStatus();
    });

    QSettings settings;
    // First start: most of the screen (a 1366×768 laptop gets nearly all of it), never more.
    if (!restoreGeometry(settings.value(config::key(config::kWindowGeometry)).toByteArray()))
        resize(QSize(1280, 800).boundedTo(screen()->availableSize() * 0.95));
    m_splitter->restoreState(settings.value(config::key(config::kWindowSplitter)).toByteArray());
    showCurrent({});
    onStoreChanged();
    // Keyboard first: arrows pick a profile, Enter connects, typing Ctrl+F filters.
    m_tree->view()->setFocus();
}

MainWindow::~MainWindow()
{
    // Listeners and their connections go before the services and tunnels they use.
    delete m_localProxies;
    m_localProxies = nullptr;
    // The tunnels close as the window's children go; the panel need not follow them.
    disconnect(m_tunnels, nullptr, m_tunnelPanel, nullptr);
}

void MainWindow::createProxyDock()
{
    m_proxyDock = new ProxyDock(*m_localProxies, m_store, this);
    m_proxyPanel = m_proxyDock->panel();
    addDockWidget(Qt::BottomDockWidgetArea, m_proxyDock);
    m_proxyDock->hide();
    connect(m_proxyPanel, &ProxyPanel::messageRaised, this, &MainWindow::setMessage);
    connect(m_actions->serveControl(), &ServeLocallyControl::messageRaised, this, &MainWindow::setMessage);
    connect(m_actions->serveControl(), &ServeLocallyControl::serving, this,
            [this] { m_proxyDock->showServing(m_tree->currentProfileId()); });
    connect(m_localProxies, &LocalProxies::entryChanged, this, &MainWindow::updateStatus);
}

void MainWindow::createTunnelPanel()
{
    m_tunnelPanel = new TunnelPanel(*m_tunnels, this);
    m_tunnelDock = new QDockWidget(tr("Tunnels"), this);
    m_tunnelDock->setObjectName(QStringLiteral("tunnelDock"));
    m_tunnelDock->setWidget(m_tunnelPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_tunnelDock);
    if (m_proxyDock)
        tabifyDockWidget(m_proxyDock, m_tunnelDock);
    m_tunnelDock->hide();
    QAction *toggle = m_tunnelDock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("tunnelPanelAction"));
    toggle->setText(tr("&Tunnels"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    toggle->setToolTip(tr("The SSH and SSM tunnels Signet runs, and who uses them"));
}

QAction *MainWindow::tunnelPanelAction() const
{
    return m_tunnelDock->toggleViewAction();
}

ProfileHeader *MainWindow::header() const
{
    return m_profilePage->header();
}

QTabWidget *MainWindow::tabs() const
{
    return m_profilePage->tabs();
}

QDockWidget *MainWindow::proxyDock() const
{
    return m_proxyDock;
}

QAction *MainWindow::proxyPanelAction() const
{
    return m_proxyDock->toggleViewAction();
}

void MainWindow::showCurrent(const QUuid &id)
{
    const auto profile = id.isNull() ? std::nullopt : m_store.byId(id);
    if (!profile) {
        if (!m_editor->isNew()) {
            m_profilePage->showNone();
            // An empty list: the welcome with its buttons, not "pick a database" over nothing.
            m_stack->setCurrentWidget(m_store.profiles().isEmpty() ? static_cast<QWidget *>(m_firstRun)
                                                                   : m_emptyPage);
            m_workspace->setPageTitle(m_store.profiles().isEmpty() ? tr("Welcome") : tr("Profiles"));
        }
        updateActions();
        return;
    }
    m_stack->setCurrentWidget(m_profilePage);
    m_profilePage->showProfile(*profile);
    m_workspace->setPageTitle(profile->name, profile_colour::dot(profile_colour::of(*profile)));
    updateActions();
}

void MainWindow::onTreeSelection(const QUuid &id)
{
    if (m_revertingSelection)
        return;
    const bool leaving = m_editor->isNew() || m_editor->profileId() != id;
    if (leaving && !m_unsaved->confirmLeavingEditor()) {
        // Keep the edits: the tree goes back to the profile being edited (none for a new one).
        m_revertingSelection = true;
        if (m_editor->isNew())
            m_tree->clearCurrent();
        else
            m_tree->selectProfile(m_editor->profileId());
        m_revertingSelection = false;
        return;
    }
    showCurrent(id);
    if (!id.isNull())
        m_workspace->showProfilePage();
}

void MainWindow::updateActions()
{
    m_menus->updateEnabled(m_stack->currentWidget() == m_profilePage,
                           m_store.byId(m_tree->currentProfileId()).has_value(), m_editor->isNew(),
                           qobject_cast<ConsoleTab *>(m_workspace->currentWidget()) != nullptr);
}

void MainWindow::onStoreChanged()
{
    // While a new profile is being written, a change to the file (its own save, or another Signet's)
    // must not select anything: that would reload the form over what the user typed.
    if (!m_selectionRestored && !m_store.profiles().isEmpty() && !m_editor->isNew()) {
        // First load: come back to the profile used last time, else the first one.
        m_selectionRestored = true;
        const QUuid last(QSettings().value(config::key(config::kWindowLastProfile)).toString());
        if (!m_editor->isNew()) {
            if (m_store.byId(last))
                m_tree->selectProfile(last);
            else
                m_tree->selectFirstProfile();
        }
    }
    for (const profiles::ConnectionProfile &profile : m_store.profiles())
        m_workspace->updateProfile(profile);
    // A removed profile's check goes; an edited one's says when it was for the old target.
    for (const QUuid &id : m_checks->profileIds()) {
        const auto profile = m_store.byId(id);
        if (!profile) {
            m_checks->forget(id);
            continue;
        }
        if (const auto target = m_profiles->probeTarget(*profile))
            m_checks->profileChanged(id, profile->name, *target);
    }
    const QUuid current = m_tree->currentProfileId();
    // While the form is saved before leaving it, the clicked profile is shown right after.
    if (!m_unsaved->isSavingBeforeLeaving()) {
        if (!current.isNull() && m_store.byId(current))
            showCurrent(current);
        else if (current.isNull())
            showCurrent({}); // the list emptied (or filled from empty): first run or "none selected"
    }
    updateStatus();
}

void MainWindow::newProfile()
{
    if (!m_unsaved->confirmLeavingEditor())
        return;
    const auto current = m_store.byId(m_tree->currentProfileId());
    m_editor->startNew(current ? current->folder : QString());
    m_revertingSelection = true; // leaving the tree is no question: the form is what the user asked for
    m_tree->clearCurrent();
    m_revertingSelection = false;
    m_stack->setCurrentWidget(m_profilePage);
    m_workspace->setPageTitle(tr("New profile"));
    m_workspace->showProfilePage();
    m_profilePage->showNew();
    updateActions();
}

void MainWindow::duplicateProfile()
{
    const auto current = m_store.byId(m_tree->currentProfileId());
    if (!current)
        return;
    // The copy takes the original's keys along; the tree selects it once it is saved.
    m_profiles->duplicate(current->id).then(this, [this](const Result<profiles::ConnectionProfile> &copy) {
        if (!copy)
            return setMessage(tr("Not duplicated: %1").arg(copy.error().toString()));
        m_tree->selectProfile(copy->id);
        setMessage(tr("Duplicated as \"%1\".").arg(copy->name));
    });
}

void MainWindow::deleteProfile()
{
    const auto current = m_store.byId(m_tree->currentProfileId());
    if (!current)
        return;
    m_checks->forget(current->id);
    m_undo->push(new RemoveProfileCommand(*m_profiles, this, *current,
                                          [this](const Error &error) { setMessage(error.toString()); }));
    setMessage(tr("Deleted \"%1\". Undo with %2.")
                   .arg(current->name, QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
}

void MainWindow::importProfiles()
{
    m_files->importFile();
}

void MainWindow::importFromAws()
{
    if (auto *open = findChild<ImportDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new ImportDialog(*m_profiles, QProcessEnvironment::systemEnvironment(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::importFinished, this, [this](const discovery::ImportSummary &summary) {
        showBanner({});
        setMessage(tr("Imported from AWS: %1 added, %2 updated.").arg(summary.added).arg(summary.updated));
    });
    dialog->show();
}

void MainWindow::exportProfiles()
{
    m_files->exportFile();
}

void MainWindow::setFileChooser(FileChooser chooser)
{
    m_files->setFileChooser(std::move(chooser));
}

ConsoleTab *MainWindow::consoleTabFor(const QUuid &profileId) const
{
    return m_workspace->consoleTabFor(profileId);
}

ConsoleWidget *MainWindow::consoleFor(const QUuid &profileId) const
{
    ConsoleTab *tab = consoleTabFor(profileId);
    return tab ? tab->console() : nullptr;
}

void MainWindow::connectCurrent()
{
    const auto profile = m_store.byId(m_tree->currentProfileId());
    if (!profile)
        return;
    if (ConsoleTab *open = consoleTabFor(profile->id)) {
        m_workspace->setCurrentWidget(open);
        open->console()->editor()->setFocus();
        return;
    }
    m_actions->requestSigner([this, id = profile->id](Result<db::DbTokenSigner> signer) {
        const auto current = m_store.byId(id);
        if (!current)
            return;
        if (!signer)
            return setMessage(signer.error().toString());
        m_consoles->open(*current, std::move(signer).value());
    });
}

bool MainWindow::openLastProfileConsole()
{
    const QUuid last(QSettings().value(config::key(config::kWindowLastProfile)).toString());
    if (!m_store.byId(last)) {
        setMessage(tr("No profile was used yet: select one and press Enter to open its console."));
        return false;
    }
    m_tree->selectProfile(last);
    connectCurrent();
    return true;
}

void MainWindow::askAdHocConsole()
{
    m_consoles->askAdHoc();
}

void MainWindow::showTunnelProblem(const QString &text)
{
    // Only the banner this put up is taken down: a store error shown there stays.
    if (text.isEmpty() && (m_tunnelBanner.isEmpty() || bannerText() != m_tunnelBanner))
        return;
    m_tunnelBanner = text;
    showBanner(text);
}

void MainWindow::checkCurrent()
{
    const auto profile = m_store.byId(m_tree->currentProfileId());
    if (!profile)
        return;
    const auto target = m_profiles->probeTarget(*profile);
    if (!target)
        return setMessage(target.error().toString());
    m_workspace->showProfilePage();
    m_profilePage->showDiagnostics();
    // The check is kept for this profile, whichever profile is shown when it starts or ends.
    m_actions->requestSigner(
        [this, checked = *profile, probeTarget = *target](Result<db::DbTokenSigner> signer) {
            if (!m_store.byId(checked.id))
                return;
            // Without its keys the check still runs DNS, TCP and TLS, and the credentials step says why.
            probe::ProbeOptions options;
            options.credentials = m_profiles->probeCredentials(checked);
            if (signer)
                options.login =
                    db::DbLoginStep::make(std::move(signer).value(), {}, options.loginTimeoutMs - 1000);
            // Behind a bastion the check's route step opens the tunnel; each run holds it while it lasts.
            options.tunnel = profiles::ProfileRoutes(*m_tunnels, m_profiles).probeStep(checked);
            m_checks->start(checked.id, checked.name, probeTarget, options);
        });
}

void MainWindow::setUpIamAccess()
{
    const auto profile = m_store.byId(m_tree->currentProfileId());
    if (profile)
        setUpIamAccessFor(*profile);
}

void MainWindow::setUpIamAccessFor(const profiles::ConnectionProfile &profile)
{
    SetupDialog::Opener opener;
    opener.parent = this;
    opener.profiles = m_profiles;
    opener.tunnels = m_tunnels;
    opener.say = [this](const QString &message) { setMessage(message); };
    opener.routeFailed = [this, profile](const Error &error) {
        m_tunnelFeedback->routeFailed(profile, error, [this, profile] { setUpIamAccessFor(profile); });
    };
    SetupDialog::open(opener, profile);
}

void MainWindow::showPreferences()
{
    SettingsDialog dialog(launch::ClientDetector::system(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // Clipboard copies read the timeout when they happen; the menus re-detect with the new paths.
    const auto paths = launch::ClientDetector::configuredPaths(QSettings());
    for (LaunchMenu *menu : findChildren<LaunchMenu *>())
        menu->setConfiguredPaths(paths);
    setMessage(tr("Preferences saved."));
}

void MainWindow::showQuickSign()
{
    if (!m_quickSign) {
        auto *dialog = new QDialog(this);
        dialog->setWindowTitle(tr("Quick Sign"));
        auto *layout = new QVBoxLayout(dialog);
        auto *panel = new QuickTokenPanel(*m_tokenSessions, dialog);
        layout->addWidget(panel);
        connect(panel, &QuickTokenPanel::statusChanged, this, &MainWindow::setMessage);
        dialog->resize(620, 380);
        m_quickSign = dialog;
    }
    m_quickSign->show();
    m_quickSign->raise();
    m_quickSign->activateWindow();
}

void MainWindow::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString MainWindow::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void MainWindow::showStoreError(const Error &error)
{
    showBanner(error.toString());
}

void MainWindow::updateStatus()
{
    QString text =
        tr("%1 · keychain: %2")
            .arg(ProfileFiles::profileCount(m_store.profiles().size()), m_profiles->keychainName());
    if (const qsizetype served = m_localProxies->service().keys().size(); served > 0)
        text += served == 1 ? tr(" · proxy: 1 listener") : tr(" · proxy: %1 listeners").arg(served);
    m_statusSummary->setText(text);
}

bool MainWindow::selectProfileNamed(const QString &name)
{
    const auto found = m_store.find(name);
    if (!found) {
        setMessage(found.error().toString());
        return false;
    }
    m_tree->selectProfile(found->id);
    return true;
}

void MainWindow::setMessage(const QString &message)
{
    statusBar()->showMessage(message, 10'000);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // Light ↔ dark: the header's colours and the page's icon follow (unsaved edits are kept).
    if (event->type() == QEvent::PaletteChange && m_menus)
        showCurrent(m_tree->currentProfileId());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_unsaved->confirmQuit()) {
        event->ignore();
        return;
    }
    m_localProxies->stopAll();
    QSettings settings;
    settings.setValue(config::key(config::kWindowGeometry), saveGeometry());
    settings.setValue(config::key(config::kWindowSplitter), m_splitter->saveState());
    settings.setValue(config::key(config::kWindowLastProfile), m_tree->currentProfileId().toString());
    QMainWindow::closeEvent(event);
    // Quitting ends every tunnel; SSM sessions are also ended on the service side (TerminateSession),
    // waited for a few seconds at most so an unreachable endpoint cannot hold the quit. The window goes
    // first: nothing clicked or typed during the wait may open a new tunnel or ask to quit again.
    hide();
    setEnabled(false);
    m_tunnels->closeAllAndWait(kQuitTunnelWaitMs);
}

} // namespace signet::ui
