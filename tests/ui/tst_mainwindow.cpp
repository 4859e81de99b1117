// SPDX-License-Identifier: GPL-3.0-or-later
// The main window as a user drives it: create a profile, a bad port, filter, select by name, Ctrl+N,
// the shortcuts list, delete with undo, rename, errors inline; the actions row (Enter connects into a
// Console tab, Check fills the Diagnostics tab, Open in signs for the profile); reloads, import and
// export, geometry. The token panel has tst_token_panel. Offscreen, temporary HOME.
#include "MainWindowFixture.h"

#include "MainWindow.h"
#include "actions/ProfileActionsBar.h"
#include "common/Clock.h"
#include "console/ConsoleWidget.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "help/ShortcutsDialog.h"
#include "probe/Probe.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileHeader.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreeModel.h"
#include "profiles/ProfileTreePanel.h"
#include "token/ProfileTokenPanel.h"
#include "workspace/ConsoleTab.h"
#include "workspace/Workspace.h"

#include "TestHttpServer.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;
using namespace signet::ui::test_support;

class TestMainWindow final : public QObject
{
    Q_OBJECT

    LocalSts m_sts;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sts.start()); }
    void init() { resetProfilesAndKeys(); }

    void usesTheTemporaryConfigDir()
    {
        QVERIFY(ProfileStore::defaultPath().startsWith(home()->path()));
        QVERIFY(QSettings().fileName().startsWith(home()->path()));
    }

    void createProfileByClicking()
    {
        Fixture f;
        QCOMPARE(f.store.profiles().size(), 0);
        QTest::mouseClick(f.tree()->newButton(), Qt::LeftButton);
        QVERIFY(f.editor()->isNew());
        typeInto(f.child<QLineEdit>("nameEdit"), u"orders-prod"_s);
        f.child<QComboBox>("folderEdit")->setEditText(u"Production"_s);
        auto *engine = f.child<QComboBox>("engineCombo");
        engine->setCurrentIndex(engine->findText(u"Aurora MySQL"_s));
        QCOMPARE(f.child<QLineEdit>("portEdit")->text(), u"3306"_s); // the engine's default port
        typeInto(f.child<QLineEdit>("hostEdit"), kRdsHost);
        QVERIFY(f.child<QLineEdit>("regionEdit")->placeholderText().contains(u"eu-west-1"_s));
        typeInto(f.child<QLineEdit>("userEdit"), u"iam_reader"_s);
        // The manual address is one route of several: chosen first, its row shows.
        auto *route = f.child<QComboBox>("routeCombo");
        route->setCurrentIndex(route->findText(u"Manual address"_s, Qt::MatchStartsWith));
        QVERIFY(f.child<QLineEdit>("viaEdit")->isVisibleTo(f.window.get()));
        typeInto(f.child<QLineEdit>("viaEdit"), u"127.0.0.1:13306"_s);
        auto *source = f.child<QComboBox>("sourceCombo");
        source->setCurrentIndex(source->findData(int(CredentialSource::Environment)));
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);

        QCOMPARE(f.store.profiles().size(), 1);
        const ConnectionProfile saved = f.store.profiles().first();
        QCOMPARE(saved.name, u"orders-prod"_s);
        QCOMPARE(saved.folder, u"Production"_s);
        QCOMPARE(saved.engine, Engine::AuroraMySql);
        QCOMPARE(saved.port, 3306);
        QCOMPARE(saved.viaHost, u"127.0.0.1"_s);
        QCOMPARE(saved.viaPort, 13306);
        QVERIFY(QFile::exists(f.store.filePath()));
        QVERIFY(!f.editor()->isNew());
        // It is selected in the tree, under its folder, with the header filled in.
        QCOMPARE(f.tree()->currentProfileId(), saved.id);
        QCOMPARE(f.tree()->view()->currentIndex().parent().data().toString(), u"Production"_s);
        QVERIFY(f.window->header()->text().contains(u"Aurora MySQL"_s));
        QVERIFY(f.window->header()->text().contains(u"via 127.0.0.1:13306"_s));
    }

    void dsqlEndpointShowsTheTokenInsteadOfThePort()
    {
        Fixture f;
        QTest::mouseClick(f.tree()->newButton(), Qt::LeftButton);
        typeInto(f.child<QLineEdit>("nameEdit"), u"ledger"_s);
        // Pasting a DSQL endpoint picks the engine; the port row gives way to the token's action.
        typeInto(f.child<QLineEdit>("hostEdit"), u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s);
        auto *engine = f.child<QComboBox>("engineCombo");
        QCOMPARE(Engine(engine->currentData().toInt()), Engine::AuroraDsql);
        QVERIFY(f.child<QLineEdit>("regionEdit")->placeholderText().contains(u"us-east-1"_s));
        auto *token = f.child<QLabel>("dsqlTokenLabel");
        QVERIFY(token->isVisibleTo(f.window.get()));
        QVERIFY(!f.child<QLineEdit>("portEdit")->isVisibleTo(f.window.get()));
        typeInto(f.child<QLineEdit>("userEdit"), u"admin"_s);
        QVERIFY2(token->text().contains(u"dsql:DbConnectAdmin"_s), qPrintable(token->text()));
        f.child<QLineEdit>("userEdit")->clear();
        typeInto(f.child<QLineEdit>("userEdit"), u"app"_s);
        QVERIFY2(token->text().contains(u"dsql:DbConnect for role app"_s), qPrintable(token->text()));
        // Another engine brings the port back.
        engine->setCurrentIndex(engine->findData(int(Engine::Postgres)));
        f.child<QLineEdit>("hostEdit")->clear();
        typeInto(f.child<QLineEdit>("hostEdit"), kRdsHost);
        engine->setCurrentIndex(engine->findData(int(Engine::Postgres)));
        QVERIFY(f.child<QLineEdit>("portEdit")->isVisibleTo(f.window.get()));
        QVERIFY(!token->isVisibleTo(f.window.get()));
    }

    void invalidPortShowsErrorAndSavesNothing()
    {
        Fixture f;
        QVERIFY(f.store.add(makeProfile(u"existing"_s)).ok());
        const QByteArray before = [&] {
            QFile file(f.store.filePath());
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        // The tree has the keyboard from the start (arrows, Enter to connect).
        QCOMPARE(QApplication::focusWidget(), f.tree()->view());
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(f.editor()->isNew());
        typeInto(f.child<QLineEdit>("nameEdit"), u"bad-port"_s);
        typeInto(f.child<QLineEdit>("hostEdit"), kRdsHost);
        typeInto(f.child<QLineEdit>("userEdit"), u"u"_s);
        typeInto(f.child<QLineEdit>("portEdit"), u"70000"_s);
        // Shown inline as soon as the field was touched …
        QVERIFY2(f.editor()->fieldError(u"port"_s).contains(u"1 to 65535"_s),
                 qPrintable(f.editor()->fieldError(u"port"_s)));
        QVERIFY(f.child<QLabel>("error_port")->isVisible());
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        // … and nothing saved.
        QCOMPARE(f.store.profiles().size(), 1);
        QFile file(f.store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        QVERIFY(f.editor()->isNew());
        QVERIFY(QApplication::activeModalWidget() == nullptr);

        // Fixing it saves.
        typeInto(f.child<QLineEdit>("portEdit"), u"3307"_s);
        QVERIFY(f.editor()->fieldError(u"port"_s).isEmpty());
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(f.store.profiles().size(), 2);
        QCOMPARE(f.store.find(u"bad-port"_s)->port, 3307);
    }

    void otherFieldErrorsShowInline()
    {
        Fixture f;
        f.window->newProfile();
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        QVERIFY(!f.editor()->fieldError(u"name"_s).isEmpty());
        QVERIFY(!f.editor()->fieldError(u"host"_s).isEmpty());
        QVERIFY(!f.editor()->fieldError(u"user"_s).isEmpty());
        typeInto(f.child<QLineEdit>("hostEdit"), u"10.0.0.5"_s);
        QVERIFY(f.editor()->fieldError(u"region"_s).contains(u"not an RDS host name"_s));
        auto *route = f.child<QComboBox>("routeCombo");
        route->setCurrentIndex(route->findText(u"Manual address"_s, Qt::MatchStartsWith));
        typeInto(f.child<QLineEdit>("viaEdit"), u"localhost"_s);
        QVERIFY(f.editor()->fieldError(u"via"_s).contains(u"HOST:PORT"_s));
        QCOMPARE(f.store.profiles().size(), 0);
    }

    void filterWithCtrlF()
    {
        Fixture f;
        QVERIFY(f.store.add(makeProfile(u"orders-prod"_s, u"Production"_s)).ok());
        QVERIFY(f.store.add(makeProfile(u"billing-ro"_s, u"Production"_s)).ok());
        QVERIFY(f.store.add(makeProfile(u"orders-stg"_s, u"Staging"_s)).ok());
        QVERIFY(f.store.add(makeProfile(u"scratch"_s)).ok());
        QCOMPARE(f.tree()->visibleProfileCount(), 4);
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(f.tree()->filterEdit()->hasFocus());
        QTest::keyClicks(f.tree()->filterEdit(), u"orders"_s);
        QCOMPARE(f.tree()->visibleProfileCount(), 2);
        QTest::keyClicks(f.tree()->filterEdit(), u" -stg"_s);
        QCOMPARE(f.tree()->visibleProfileCount(), 1);
        // The match is selected, so Enter connects to it.
        const QUuid match = f.store.find(u"orders-stg"_s)->id;
        QCOMPARE(f.tree()->currentProfileId(), match);
        QTest::keyClick(f.tree()->filterEdit(), Qt::Key_Return);
        QTRY_VERIFY(f.window->consoleFor(match) != nullptr);
        // A folder name shows its profiles; Escape clears the filter (the console took the focus).
        f.tree()->filterEdit()->setFocus();
        typeInto(f.tree()->filterEdit(), u"production"_s);
        QCOMPARE(f.tree()->visibleProfileCount(), 2);
        QTest::keyClick(f.tree()->filterEdit(), Qt::Key_Escape);
        QCOMPARE(f.tree()->visibleProfileCount(), 4);
    }

    // `signet --profile NAME` selects by name (case aside); Ctrl+N starts a new one.
    void selectByNameThenCtrlN()
    {
        Fixture f;
        QVERIFY(f.store.add(makeProfile(u"Demo MariaDB"_s, u"Demo"_s)).ok());
        QVERIFY(f.store.add(makeProfile(u"Demo PostgreSQL"_s, u"Demo"_s)).ok());
        QVERIFY(f.window->selectProfileNamed(u"Demo MariaDB"_s));
        QCOMPARE(f.tree()->currentProfileId(), f.store.find(u"Demo MariaDB"_s)->id);
        QVERIFY(f.window->selectProfileNamed(u"DEMO POSTGRESQL"_s));
        QCOMPARE(f.tree()->currentProfileId(), f.store.find(u"Demo PostgreSQL"_s)->id);
        QVERIFY(f.token()->isVisibleTo(f.window.get()));
        QVERIFY(!f.window->selectProfileNamed(u"nowhere"_s));
        QVERIFY(f.window->statusBar()->currentMessage().contains(u"nowhere"_s));

        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(f.tree()->currentProfileId().isNull());
        QVERIFY(!f.token()->isVisibleTo(f.window.get()));
    }

    // Help › Keyboard Shortcuts lists what the menus carry, read from the menus themselves.
    void shortcutsDialogListsTheMenus()
    {
        Fixture f;
        ShortcutsDialog dialog(*f.window->menuBar(), {{u"Console"_s, {{u"Cancel"_s, u"Esc"_s}}}});
        auto keysOf = [&](const QString &command) {
            const auto found = dialog.table()->findItems(command, Qt::MatchExactly | Qt::MatchRecursive, 0);
            return found.isEmpty() ? QString() : found.first()->text(1);
        };
        QCOMPARE(keysOf(u"New Profile"_s),
                 QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
        QCOMPARE(keysOf(u"Rename Profile"_s), u"F2"_s);
        QCOMPARE(keysOf(u"Preferences"_s), u"Ctrl+,"_s);
        QCOMPARE(keysOf(u"Sign"_s), u"Ctrl+R"_s);
        QCOMPARE(keysOf(u"Keyboard Shortcuts"_s), u"Ctrl+/"_s);
        QCOMPARE(keysOf(u"Cancel"_s), u"Esc"_s);
        QVERIFY(keysOf(u"Export Profiles"_s).isEmpty()); // no shortcut, not listed
    }

    void deleteWithUndoDuplicateAndRename()
    {
        Fixture f;
        const ConnectionProfile a = makeProfile(u"alpha"_s);
        const ConnectionProfile b = makeProfile(u"beta"_s);
        QVERIFY(f.store.add(a).ok());
        QVERIFY(f.store.add(b).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.tree()->selectProfile(a.id);
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Delete);
        QCOMPARE(f.store.profiles().size(), 1);
        QVERIFY(!f.store.byId(a.id));
        QVERIFY(f.window->undoStack()->canUndo());
        QTest::keyClick(f.window.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f.store.profiles().size(), 2);
        QCOMPARE(f.store.profiles().at(0), a); // back in its place

        f.tree()->selectProfile(b.id);
        QTest::keyClick(f.window.get(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(f.store.profiles().size(), 3);
        QVERIFY(f.store.find(u"beta copy"_s).ok());

        f.tree()->selectProfile(a.id);
        f.tree()->view()->setFocus();
        // F2, type, Enter: renamed, without Qt's "closeEditor called with an editor that does not
        // belong to this view" on stderr.
        QTest::failOnWarning(QRegularExpression(u"closeEditor"_s));
        QTest::keyClick(f.tree()->view(), Qt::Key_F2);
        auto *editor = f.tree()->view()->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, u"alpha-renamed"_s);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(f.store.find(u"alpha-renamed"_s).ok());
        QCOMPARE(f.store.find(u"alpha-renamed"_s)->id, a.id);
    }

    void enterInTheTreeConnects()
    {
        Fixture f;
        const ConnectionProfile a = closedPortProfile(u"enter"_s);
        QVERIFY(f.store.add(a).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.tree()->selectProfile(a.id);
        f.tree()->view()->setFocus();
        QCOMPARE(f.window->tabs()->count(), 2);      // Overview | Diagnostics
        QCOMPARE(f.window->workspace()->count(), 1); // the profile page
        QTest::keyClick(f.tree()->view(), Qt::Key_Return);
        QTRY_VERIFY(f.window->consoleFor(a.id) != nullptr);
        ConsoleWidget *console = f.window->consoleFor(a.id);
        ConsoleTab *tab = f.window->consoleTabFor(a.id);
        // The console is a workspace tab of its own, named after its profile.
        QCOMPARE(f.window->workspace()->currentWidget(), tab);
        QCOMPARE(f.window->workspace()->tabText(1), u"enter — SQL"_s);
        // The console tab closes; the profile page does not.
        QWidget *closeButton = f.window->workspace()->tabBar()->tabButton(1, QTabBar::RightSide);
        QVERIFY(closeButton != nullptr);
        QVERIFY(f.window->workspace()->tabBar()->tabButton(0, QTabBar::RightSide) == nullptr);
        // Nothing listens there: the console says why, in its status line.
        QTRY_VERIFY_WITH_TIMEOUT(!console->statusLine()->text().isEmpty(), 10000);

        // Connecting again focuses the open tab instead of opening another; so does Ctrl+Enter.
        f.window->workspace()->setCurrentIndex(0);
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(f.window->workspace()->currentWidget(), tab);
        f.window->workspace()->setCurrentIndex(0);
        QTest::mouseClick(f.window->actionsBar()->connectButton(), Qt::LeftButton);
        QCOMPARE(f.window->workspace()->count(), 2);
        QCOMPARE(f.window->workspace()->currentWidget(), tab);

        // Nothing typed, nothing running: the close button closes it without a question.
        QTest::mouseClick(closeButton, Qt::LeftButton);
        QCOMPARE(f.window->workspace()->count(), 1);
        QVERIFY(f.window->consoleFor(a.id) == nullptr);
        Q_EMIT f.window->workspace()->tabCloseRequested(0); // the profile page stays
        QCOMPARE(f.window->workspace()->count(), 1);
        QCOMPARE(f.window->tabs()->count(), 2);
    }

    void checkRunsInTheDiagnosticsTab()
    {
        Fixture f;
        const ConnectionProfile profile = closedPortProfile(u"check"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        QSignalSpy finished(f.window->diagnostics(), &DiagnosticsPanel::runFinished);
        QVERIFY(f.window->actionsBar()->checkButton()->isEnabled());
        QTest::mouseClick(f.window->actionsBar()->checkButton(), Qt::LeftButton);
        QCOMPARE(f.window->tabs()->currentWidget(), f.window->diagnosticsTab());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const probe::ProbeReport &report = f.window->diagnostics()->lastReport();
        QCOMPARE(report.steps.size(), probe::Probe::stepIds().size());
        const qsizetype tcp = probe::Probe::stepIds().indexOf(u"tcp"_s);
        QCOMPARE(report.steps.at(tcp).id, u"tcp"_s);
        QCOMPARE(report.steps.at(tcp).status, probe::StepStatus::Failed);
        QVERIFY(report.steps.at(tcp).verdict.contains(QString::number(profile.port)));
        QVERIFY(!report.allPassed());
    }

    void openInSignsForTheProfile()
    {
        Fixture f;
        ConnectionProfile profile = makeProfile(u"launch"_s);
        profile.viaHost = u"127.0.0.1"_s;
        profile.viaPort = 15432;
        profile.database = u"orders"_s;
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        ProfileActionsBar *bar = f.window->actionsBar();
        QVERIFY(bar->openInButton()->menu() == bar->launchMenu());
        QSignalSpy failed(bar->launchMenu(), &LaunchMenu::failed);
        bar->prepareCredentials();
        QTRY_VERIFY(bar->credentialsReady());
        bar->launchMenu()->setShell(launch::Shell::Bash);
        bar->launchMenu()->copyCommand(launch::Client::Psql);
        QCOMPARE(failed.count(), 0);
        const QString command = QGuiApplication::clipboard()->text();
        for (const QString &part : {u"hostaddr=127.0.0.1"_s, u"port=15432"_s, u"dbname=orders"_s,
                                    u"user=iam_user"_s, u"sslrootcert="_s, u"PGPASSWORD="_s})
            QVERIFY2(command.contains(part), qPrintable(part + u" missing in "_s + command));
        // Signed for the endpoint (not the tunnel) at the window's clock, with the environment's key.
        QVERIFY(command.contains(profile.host + u":5432/?Action=connect"_s));
        QVERIFY(command.contains(u"AKIAIOSFODNN7EXAMPLE"_s));
        QVERIFY(command.contains(u"X-Amz-Date=20260301T120000Z"_s));

        // No profile selected: the row is disabled.
        f.tree()->clearCurrent();
        QTRY_VERIFY(!bar->connectButton()->isEnabled() || !bar->isVisible());
    }

    void reloadsExternalChangesAndReportsCorruptFiles()
    {
        Fixture f;
        f.store.setWatching(true);
        ProfileStore cli;
        QVERIFY(cli.load().ok());
        QVERIFY(cli.add(makeProfile(u"from-cli"_s)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(f.tree()->visibleProfileCount(), 1, 5000);

        QFile file(f.store.filePath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ broken");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(f.window->bannerText().contains(u"corrupt-"_s), 5000);
        QCOMPARE(f.tree()->visibleProfileCount(), 0);
    }

    void exportAndImportThroughTheMenu()
    {
        Fixture f;
        ConnectionProfile keys = makeProfile(u"with-keys"_s, u"Team"_s);
        keys.credentialSource = CredentialSource::StaticKeys;
        QVERIFY(f.store.add(keys).ok());
        const QString path = home()->path() + u"/exported.json"_s;
        f.window->setFileChooser([&path](QWidget *, bool, const QString &) { return path; });
        f.window->exportProfiles();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("with-keys"));
        f.window->importProfiles();
        QCOMPARE(f.store.profiles().size(), 2);
        QVERIFY(f.store.find(u"with-keys (2)"_s).ok());
        QCOMPARE(f.tree()->currentProfileId(), f.store.find(u"with-keys (2)"_s)->id);
        f.window->setFileChooser([](QWidget *, bool, const QString &) { return QString(); }); // cancelled
        f.window->importProfiles();
        QCOMPARE(f.store.profiles().size(), 2);
    }

    void geometryIsRemembered()
    {
        {
            Fixture f;
            f.window->resize(1111, 777);
            f.window->close();
        }
        Fixture again;
        QCOMPARE(again.window->size(), QSize(1111, 777));
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestMainWindow>(argc, argv);
}

#include "tst_mainwindow.moc"
