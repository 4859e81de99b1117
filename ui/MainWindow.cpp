// The main window: the profile tree on the left; header, token panel, actions and tabs on the right.
#include "MainWindow.h"

#include "actions/ProfileActionsBar.h"
#include "ca/CaBundlesDialog.h"
#include "common/SettingsKeys.h"
#include "console/ConsoleTargetDialog.h"
#include "console/ConsoleWidget.h"
#include "db/DbLoginStep.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "help/AboutDialog.h"
#include "help/ShortcutsDialog.h"
#include "launch/LaunchMenu.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileHeader.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTargets.h"
#include "profiles/ProfileTreeModel.h"
#include "profiles/ProfileTreePanel.h"
#include "profiles/RemoveProfileCommand.h"
#include "profiles/SecretStore.h"
#include "settings/SettingsDialog.h"
#include "token/ProfileCredentialLookup.h"
#include "token/ProfileTokenPanel.h"
#include "token/QuickTokenPanel.h"
#include "token/TokenSessions.h"
#include "tray/TokenTray.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace signet::ui {

MainWindow::MainWindow(const Clock &clock, profiles::ProfileStore &store, profiles::SecretStore &secrets,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_store(store)
    , m_secrets(secrets)
    , m_undo(new QUndoStack(this))
    , m_chooseFile([](QWidget *owner, bool save, const QString &title) {
        const QString filter = tr("Signet profiles (*.json);;All files (*)");
        return save ? QFileDialog::getSaveFileName(owner, title, QStringLiteral("signet-profiles.json"),
                                                   filter)
                    : QFileDialog::getOpenFileName(owner, title, QString(), filter);
    })
{
    setWindowTitle(QStringLiteral("Signet"));
    setWindowIcon(QIcon(QStringLiteral(":/signet/icons/signet.svg")));

    m_tree = new ProfileTreePanel(m_store, this);
    m_header = new ProfileHeader(this);
    // Tokens outlive the selection; a profile edited or removed in the store loses its token.
    m_tokenSessions =
        new token::TokenSessions(m_clock, token::profileCredentialLookup(m_secrets, m_clock), this);
    m_tokenSessions->followStore(m_store);
    m_tokenPanel = new ProfileTokenPanel(*m_tokenSessions, this);
    m_tray = new TokenTray(*m_tokenSessions, *m_tokenPanel->clipboard(), *this, this);
    m_tray->showIfAvailable();
    m_editor = new ProfileEditor(m_store, m_secrets, this);
    m_actions = new ProfileActionsBar(m_clock, m_secrets, this);
    m_diagnostics = new DiagnosticsPanel(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->addTab(m_editor, tr("Overview"));
    m_tabs->addTab(m_diagnostics, tr("Diagnostics"));
    // Only the console tabs close.
    for (int i = 0; i < m_tabs->count(); ++i)
        m_tabs->tabBar()->setTabButton(i, QTabBar::RightSide, nullptr);

    m_profilePage = new QWidget(this);
    auto *right = new QVBoxLayout(m_profilePage);
    right->addWidget(m_header);
    right->addWidget(m_tokenPanel);
    right->addWidget(m_actions);
    right->addWidget(m_tabs, 1);

    m_emptyPage = new QLabel(tr("<p style='font-size:large'>No profile selected</p>"
                                "<p>Pick a database on the left, or press <b>%1</b> to add one.</p>")
                                 .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)),
                             this);
    static_cast<QLabel *>(m_emptyPage)->setAlignment(Qt::AlignCenter);
    m_emptyPage->setForegroundRole(QPalette::PlaceholderText);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_profilePage);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_stack);
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

    m_statusSummary = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusSummary);
    createMenus();

    connect(m_tree, &ProfileTreePanel::currentProfileChanged, this, &MainWindow::showCurrent);
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
    connect(m_actions->launchMenu(), &LaunchMenu::noticeShown, this, &MainWindow::setMessage);
    connect(m_actions->launchMenu(), &LaunchMenu::failed, this,
            [this](const Error &error) { setMessage(error.toString()); });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tree, &ProfileTreePanel::newProfileRequested, this, &MainWindow::newProfile);
    connect(m_tree, &ProfileTreePanel::messageRaised, this, &MainWindow::setMessage);
    connect(m_editor, &ProfileEditor::messageRaised, this, &MainWindow::setMessage);
    connect(m_editor, &ProfileEditor::profileSaved, this, [this](const QUuid &id) {
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
    connect(&m_secrets, &profiles::SecretStore::fellBackToMemory, this, [this](const Error &reason) {
        showBanner(reason.toString());
        updateStatus();
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(config::key(config::kWindowGeometry)).toByteArray()))
        resize(980, 640);
    m_splitter->restoreState(settings.value(config::key(config::kWindowSplitter)).toByteArray());
    showCurrent({});
    onStoreChanged();
    // Keyboard first: arrows pick a profile, Enter connects, typing Ctrl+F filters.
    m_tree->view()->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *add = file->addAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Profile"), this,
                                   &MainWindow::newProfile);
    add->setShortcut(QKeySequence::New);
    QAction *save = file->addAction(tr("&Save Profile"), m_editor, &ProfileEditor::save);
    save->setShortcut(QKeySequence::Save);
    QAction *duplicate = file->addAction(tr("D&uplicate Profile"), this, &MainWindow::duplicateProfile);
    duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    QAction *rename = file->addAction(tr("&Rename Profile"), m_tree, &ProfileTreePanel::renameCurrent);
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(rename);
    QAction *remove = file->addAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Delete Profile"),
                                      this, &MainWindow::deleteProfile);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(remove);
    file->addSeparator();
    file->addAction(tr("&Import Profiles…"), this, &MainWindow::importProfiles);
    file->addAction(tr("&Export Profiles…"), this, &MainWindow::exportProfiles);
    file->addSeparator();
    QAction *quick = file->addAction(tr("&Quick Sign…"), this, &MainWindow::showQuickSign);
    quick->setToolTip(tr("Sign for an endpoint typed in by hand, without saving a profile"));
    file->addSeparator();
    file->addAction(tr("&Console…"), this, [this] { ConsoleTargetDialog::openConsole(this); });
    file->addAction(tr("CA &Bundles…"), this, [this] {
        auto *dialog = new CaBundlesDialog(tls::CaBundleStore(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Filter Profiles"), m_tree, &ProfileTreePanel::focusFilter);
    find->setShortcut(QKeySequence::Find);
    edit->addSeparator();
    QAction *preferences = edit->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")),
                                           tr("&Preferences…"), this, &MainWindow::showPreferences);
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));

    QMenu *token = menuBar()->addMenu(tr("&Token"));
    token->addAction(m_tokenPanel->signAction());
    token->addAction(m_tokenPanel->copyAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts…"), this, &MainWindow::showShortcuts);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addAction(tr("&About Signet"), this, &MainWindow::showAbout);
}

void MainWindow::showCurrent(const QUuid &id)
{
    const auto profile = id.isNull() ? std::nullopt : m_store.byId(id);
    if (!profile) {
        if (m_editor->isNew())
            return; // keep the form of a profile being created
        m_tokenPanel->setProfile(std::nullopt);
        m_actions->setProfile(std::nullopt);
        m_stack->setCurrentWidget(m_emptyPage);
        return;
    }
    m_stack->setCurrentWidget(m_profilePage);
    m_header->setVisible(true);
    m_tokenPanel->setVisible(true);
    m_actions->setVisible(true);
    m_header->setProfile(*profile);
    m_tokenPanel->setProfile(profile);
    m_actions->setProfile(profile);
    if (m_editor->isNew() || m_editor->profileId() != id || !m_editor->isDirty()) {
        // Moving to another profile drops unsaved edits; say so rather than lose them silently.
        if (m_editor->isDirty() && m_editor->profileId() != id) {
            const QString name = m_editor->profileFromForm().name;
            setMessage(m_editor->isNew() ? tr("The new profile was not saved.")
                                         : tr("Unsaved changes to \"%1\" were discarded.").arg(name));
        }
        m_editor->editProfile(*profile);
    }
}

void MainWindow::onStoreChanged()
{
    if (!m_selectionRestored && !m_store.profiles().isEmpty()) {
        // First load: come back to the profile used last time, else the first one.
        m_selectionRestored = true;
        const QUuid last(QSettings().value(config::key(config::kWindowLastProfile)).toString());
        if (m_store.byId(last))
            m_tree->selectProfile(last);
        else
            m_tree->selectFirstProfile();
    }
    const QUuid current = m_tree->currentProfileId();
    if (!current.isNull() && m_store.byId(current))
        showCurrent(current);
    updateStatus();
}

void MainWindow::newProfile()
{
    const auto current = m_store.byId(m_tree->currentProfileId());
    m_editor->startNew(current ? current->folder : QString());
    // Nothing to sign yet, and no tree row is being edited.
    m_tokenPanel->setProfile(std::nullopt);
    m_tokenPanel->setVisible(false);
    m_actions->setProfile(std::nullopt);
    m_actions->setVisible(false);
    m_header->setVisible(false);
    m_tree->clearCurrent();
    m_stack->setCurrentWidget(m_profilePage);
    m_tabs->setCurrentWidget(m_editor);
    m_editor->focusName();
}

void MainWindow::duplicateProfile()
{
    const auto current = m_store.byId(m_tree->currentProfileId());
    if (!current)
        return;
    profiles::ConnectionProfile copy = *current;
    copy.id = QUuid::createUuid();
    copy.name = m_store.uniqueName(tr("%1 copy").arg(current->name));
    if (auto added = m_store.add(copy, m_store.indexOf(current->id) + 1); !added)
        return setMessage(added.error().toString());
    if (copy.credentialSource == profiles::CredentialSource::StaticKeys) {
        const QString purpose = profiles::SecretStore::staticKeysPurpose();
        m_secrets.read(profiles::SecretStore::keyFor(current->id, purpose), this,
                       [this, id = copy.id, purpose](const Result<SecretString> &keys) {
                           if (keys)
                               m_secrets.write(profiles::SecretStore::keyFor(id, purpose), *keys, this,
                                               [](const Status &) {});
                       });
    }
    m_tree->selectProfile(copy.id);
    setMessage(tr("Duplicated as \"%1\".").arg(copy.name));
}

void MainWindow::deleteProfile()
{
    const auto current = m_store.byId(m_tree->currentProfileId());
    if (!current)
        return;
    m_undo->push(new RemoveProfileCommand(m_store, m_secrets, this, *current));
    setMessage(tr("Deleted \"%1\". Undo with %2.")
                   .arg(current->name, QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
}

void MainWindow::importProfiles()
{
    const QString path = m_chooseFile(this, false, tr("Import Profiles"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return showBanner(tr("Cannot read %1: %2").arg(path, file.errorString()));
    const auto added = m_store.importJson(file.readAll());
    if (!added)
        return showBanner(tr("Nothing imported from %1: %2").arg(path, added.error().toString()));
    showBanner({});
    if (!added->isEmpty())
        m_tree->selectProfile(added->first().id);
    setMessage(tr("Imported %1. Static keys are not part of an export: enter them again.")
                   .arg(profileCount(added->size())));
}

void MainWindow::exportProfiles()
{
    const QString path = m_chooseFile(this, true, tr("Export Profiles"));
    if (path.isEmpty())
        return;
    QFile file(path);
    const QByteArray bytes = m_store.exportJson();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return showBanner(tr("Cannot write %1: %2").arg(path, file.errorString()));
    setMessage(
        tr("Exported %1 to %2 (no secrets included).").arg(profileCount(m_store.profiles().size()), path));
}

ConsoleWidget *MainWindow::consoleFor(const QUuid &profileId) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *console = qobject_cast<ConsoleWidget *>(m_tabs->widget(i));
        if (console && console->property("profileId").toUuid() == profileId)
            return console;
    }
    return nullptr;
}

void MainWindow::connectCurrent()
{
    const auto profile = m_store.byId(m_tree->currentProfileId());
    if (!profile)
        return;
    if (ConsoleWidget *open = consoleFor(profile->id)) {
        m_tabs->setCurrentWidget(open);
        open->editor()->setFocus();
        return;
    }
    m_actions->requestSigner([this, id = profile->id](Result<db::DbTokenSigner> signer) {
        const auto current = m_store.byId(id);
        if (!current)
            return;
        if (!signer)
            return setMessage(signer.error().toString());
        openConsole(*current, std::move(signer).value());
    });
}

bool MainWindow::openLastProfileConsole()
{
    const QUuid last(QSettings().value(QStringLiteral("window/lastProfile")).toString());
    if (!m_store.byId(last)) {
        setMessage(tr("No profile was used yet: select one and press Enter to open its console."));
        return false;
    }
    m_tree->selectProfile(last);
    connectCurrent();
    return true;
}

void MainWindow::openConsole(const profiles::ConnectionProfile &profile, db::DbTokenSigner signer)
{
    if (ConsoleWidget *open = consoleFor(profile.id))
        return m_tabs->setCurrentWidget(open);
    const auto target = profiles::ProfileTargets::toDbTarget(profile);
    if (!target)
        return setMessage(target.error().toString());
    auto *console = new ConsoleWidget(*target, std::move(signer), m_tabs);
    console->setProperty("profileId", profile.id);
    const int index = m_tabs->addTab(console, tr("Console: %1").arg(profile.name));
    m_tabs->setTabToolTip(index, target->displayName());
    m_tabs->setCurrentIndex(index);
    console->connectToServer();
    console->editor()->setFocus();
}

void MainWindow::closeTab(int index)
{
    auto *console = qobject_cast<ConsoleWidget *>(m_tabs->widget(index));
    if (!console)
        return;
    m_tabs->removeTab(index);
    console->deleteLater();
}

void MainWindow::checkCurrent()
{
    const auto profile = m_store.byId(m_tree->currentProfileId());
    if (!profile)
        return;
    const auto target = profiles::ProfileTargets::toProbeTarget(*profile);
    if (!target)
        return setMessage(target.error().toString());
    m_tabs->setCurrentWidget(m_diagnostics);
    m_actions->requestSigner(
        [this, checked = *profile, probeTarget = *target](Result<db::DbTokenSigner> signer) {
            if (m_tree->currentProfileId() != checked.id)
                return;
            // Without its keys the check still runs DNS, TCP and TLS, and the credentials step says why.
            probe::ProbeOptions options;
            options.credentials = profiles::ProfileTargets::probeCredentials(
                checked, signer ? Result<aws::CredentialChain>(signer->chain())
                                : Result<aws::CredentialChain>(signer.error()));
            if (signer)
                options.login =
                    db::DbLoginStep::make(std::move(signer).value(), {}, options.loginTimeoutMs - 1000);
            m_diagnostics->cancel();
            m_diagnostics->setTarget(probeTarget);
            m_diagnostics->setOptions(options);
            m_diagnostics->run();
        });
}

void MainWindow::showShortcuts()
{
    auto native = [](const QKeySequence &keys) { return keys.toString(QKeySequence::NativeText); };
    const QList<ShortcutsDialog::Group> others{
        {tr("Profile tree"),
         {{tr("Connect to the selected profile"),
           tr("Enter or %1").arg(native(QKeySequence(Qt::CTRL | Qt::Key_Return)))},
          {tr("Clear the filter"), native(QKeySequence(Qt::Key_Escape))}}},
        {tr("Console"),
         {{tr("Run the current statement or selection"), native(QKeySequence(Qt::CTRL | Qt::Key_Return))},
          {tr("Run every statement"), native(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return))},
          {tr("Cancel the running statement"), native(QKeySequence(Qt::Key_Escape))},
          {tr("Copy the selected cells as TSV"), native(QKeySequence::Copy)},
          {tr("Refresh the schema"), native(QKeySequence::Refresh)}}},
    };
    ShortcutsDialog dialog(*menuBar(), others, this);
    dialog.exec();
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

QString MainWindow::profileCount(qsizetype count)
{
    // English plurals without a translation loaded ("%n profile(s)" would show as written).
    return count == 1 ? tr("1 profile") : tr("%1 profiles").arg(count);
}

void MainWindow::updateStatus()
{
    m_statusSummary->setText(
        tr("%1 · keychain: %2").arg(profileCount(m_store.profiles().size()), m_secrets.backendName()));
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

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(config::key(config::kWindowGeometry), saveGeometry());
    settings.setValue(config::key(config::kWindowSplitter), m_splitter->saveState());
    settings.setValue(config::key(config::kWindowLastProfile), m_tree->currentProfileId().toString());
    QMainWindow::closeEvent(event);
}

} // namespace signet::ui
