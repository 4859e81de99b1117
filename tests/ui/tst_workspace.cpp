// SPDX-License-Identifier: GPL-3.0-or-later
// The workspace as a user drives it: consoles stay with their profile whatever the tree selects,
// Diagnostics belong to one profile, nothing typed is lost without a question (another profile,
// Ctrl+N, closing a console, quitting), production consoles ask before changing data, and the first
// run offers New profile with Save and Sign disabled. Offscreen, temporary HOME.
#include "MainWindowFixture.h"

#include "actions/ProfileActionsBar.h"
#include "console/ConsoleWidget.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "discovery/ImportDialog.h"
#include "endpoint/Engine.h"
#include "probe/ProfileChecks.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileHeader.h"
#include "profiles/ProfileTargets.h"
#include "token/ProfileTokenPanel.h"
#include "tunnel/TunnelManager.h"
#include "workspace/ConsoleTab.h"
#include "workspace/FirstRunPage.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>

#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTreeWidget>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;
using namespace signet::ui::test_support;

namespace {

QAction *menuAction(MainWindow *window, const QString &text)
{
    // What the menus show, whoever owns the action.
    for (const QMenu *menu : window->menuBar()->findChildren<QMenu *>()) {
        for (QAction *action : menu->actions()) {
            if (action->text().remove(u'&') == text)
                return action;
        }
    }
    return nullptr;
}

// Clicks the workspace tab that shows `widget`.
void clickTab(Workspace *workspace, QWidget *widget)
{
    const int index = workspace->indexOf(widget);
    QVERIFY(index >= 0);
    QTest::mouseClick(workspace->tabBar(), Qt::LeftButton, {}, workspace->tabBar()->tabRect(index).center());
    QCOMPARE(workspace->currentWidget(), widget);
}

// Types into whatever has the keyboard, as a person does.
void typeHere(const QString &text)
{
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus);
    QTest::keyClicks(focus, text);
}

// Saves the profile, clicks it in the list and presses Enter: its console opens.
void openConsoleWithEnter(Fixture &f, const ConnectionProfile &profile)
{
    QVERIFY(f.store.add(profile).ok());
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    clickProfile(f.tree(), profile.id);
    QTest::keyClick(f.tree()->view(), Qt::Key_Return);
    QTRY_VERIFY(f.window->consoleTabFor(profile.id));
}

} // namespace

class TestWorkspace final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { resetProfilesAndKeys(); }

    void consolesStayWithTheirProfile()
    {
        Fixture f;
        f.window->resize(1366, 768);
        ConnectionProfile prod = closedPortProfile(u"orders-prod"_s);
        prod.folder = u"Production"_s;
        prod.production = true;
        ConnectionProfile staging = closedPortProfile(u"orders-stg"_s);
        staging.folder = u"Staging"_s;
        QVERIFY(f.store.add(prod).ok());
        QVERIFY(f.store.add(staging).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));

        // A console on the production profile: click it in the list, Enter.
        clickProfile(f.tree(), prod.id);
        QTest::keyClick(f.tree()->view(), Qt::Key_Return);
        QTRY_VERIFY(f.window->consoleTabFor(prod.id));
        ConsoleTab *prodTab = f.window->consoleTabFor(prod.id);
        QCOMPARE(f.window->workspace()->currentWidget(), prodTab);
        QVERIFY(prodTab->productionBadge()->isVisible());
        QCOMPARE(f.window->workspace()->tabText(f.window->workspace()->indexOf(prodTab)),
                 u"orders-prod — SQL (production)"_s);

        // Picking the other profile shows its page; the console keeps its own profile.
        clickProfile(f.tree(), staging.id);
        QCOMPARE(f.window->workspace()->currentIndex(), 0);
        QVERIFY(f.window->header()->text().startsWith(u"orders-stg"_s));
        QCOMPARE(f.window->workspace()->tabText(0), u"orders-stg"_s);
        QTest::mouseClick(f.window->actionsBar()->connectButton(), Qt::LeftButton);
        QTRY_VERIFY(f.window->consoleTabFor(staging.id));
        ConsoleTab *stagingTab = f.window->consoleTabFor(staging.id);
        QCOMPARE(f.window->workspace()->count(), 3);

        // Back to the production console by its tab: it still says production, with its port.
        clickTab(f.window->workspace(), prodTab);
        QCOMPARE(f.tree()->currentProfileId(), staging.id); // the tree did not move it
        const QString prodIdentity = prodTab->identityText();
        QVERIFY2(prodIdentity.startsWith(u"orders-prod"_s), qPrintable(prodIdentity));
        QVERIFY2(prodIdentity.contains(u":%1"_s.arg(prod.port)), qPrintable(prodIdentity));
        QVERIFY(!prodIdentity.contains(u"orders-stg"_s));
        QVERIFY(prodTab->identityLabel()->isVisible());
        QVERIFY(prodTab->productionBadge()->isVisible());
        // The staging console says staging and is not production.
        clickTab(f.window->workspace(), stagingTab);
        QVERIFY(stagingTab->identityText().startsWith(u"orders-stg"_s));
        QVERIFY(stagingTab->identityText().contains(u":%1"_s.arg(staging.port)));
        QVERIFY(!stagingTab->productionBadge()->isVisible());
        // Different places, different colours.
        QVERIFY(prodTab->tabIcon().pixmap(16).toImage().pixelColor(8, 8) !=
                stagingTab->tabIcon().pixmap(16).toImage().pixelColor(8, 8));

        // Arrowing through the tree never changes what a console shows.
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Up);
        QTest::keyClick(f.tree()->view(), Qt::Key_Up);
        QTest::keyClick(f.tree()->view(), Qt::Key_Down);
        QVERIFY(prodTab->identityText().startsWith(u"orders-prod"_s));
        QVERIFY(stagingTab->identityText().startsWith(u"orders-stg"_s));
        QVERIFY(f.answers.asked.isEmpty());
    }

    // A rename shows in its console's tab and strip.
    void consoleFollowsItsProfilesRename()
    {
        Fixture f;
        const ConnectionProfile a = closedPortProfile(u"alpha"_s);
        openConsoleWithEnter(f, a);
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_F2);
        auto *editor = f.tree()->view()->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, u"alpha-2"_s);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(f.window->workspace()->tabText(1), u"alpha-2 — SQL"_s);
        QVERIFY(f.window->consoleTabFor(a.id)->identityText().startsWith(u"alpha-2"_s));
    }

    void sshRouteFailureIsSaidNotSkipped()
    {
        // A bastion that does not answer: the check's route step fails and says so; nothing connects
        // straight to the private endpoint.
        Fixture f;
        ConnectionProfile behind = closedPortProfile(u"behind-bastion"_s);
        behind.ssh.host = u"127.0.0.1"_s;
        behind.ssh.port = closedPortProfile(u"x"_s).port;
        behind.ssh.user = u"ec2-user"_s;
        QVERIFY(f.store.add(behind).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        clickProfile(f.tree(), behind.id);
        QSignalSpy finished(f.window->diagnostics(), &DiagnosticsPanel::runFinished);
        QTest::mouseClick(f.window->actionsBar()->checkButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        const probe::ProbeReport &report = f.window->diagnostics()->lastReport();
        QVERIFY(!report.steps.isEmpty());
        QVERIFY2(!report.steps.first().passed(), qPrintable(report.toText()));
        QVERIFY2(report.toText().contains(u"SSH"_s), qPrintable(report.toText()));
        const auto spec = profiles::ProfileTargets::tunnelSpec(behind);
        QCOMPARE(f.window->tunnels()->userCount(*spec), 0);
    }

    // Each profile keeps its own last check with its time, kept in one place: picking a profile in the
    // list shows its result ("Checked 11:32 for …"), a duplicate shows none, an edited target marks the
    // result as old, and a deleted profile's result is gone.
    void diagnosticsBelongToOneProfile()
    {
        Fixture f;
        f.window->resize(1366, 768);
        const ConnectionProfile a = closedPortProfile(u"checked"_s);
        const ConnectionProfile b = closedPortProfile(u"other"_s);
        QVERIFY(f.store.add(a).ok());
        QVERIFY(f.store.add(b).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        DiagnosticsPanel *panel = f.window->diagnostics();
        auto *steps = panel->findChild<QTreeWidget *>(u"diagnosticsSteps"_s);
        auto *title = panel->findChild<QLabel *>(u"diagnosticsTitle"_s);
        QSignalSpy finished(panel, &DiagnosticsPanel::runFinished);
        auto clickDiagnosticsTab = [&] {
            QTabBar *bar = f.window->tabs()->tabBar();
            QTest::mouseClick(bar, Qt::LeftButton, {},
                              bar->tabRect(f.window->tabs()->indexOf(panel)).center());
            QCOMPARE(f.window->tabs()->currentWidget(), panel);
        };
        auto stepStatus = [&](const QString &stepTitle) {
            const auto found = steps->findItems(stepTitle, Qt::MatchExactly, 0);
            return found.isEmpty() ? QString() : found.first()->text(1);
        };

        // Check "checked": it says when and for whom; so does the tab.
        clickProfile(f.tree(), a.id);
        QTest::mouseClick(f.window->actionsBar()->checkButton(), Qt::LeftButton);
        QCOMPARE(f.window->tabs()->currentWidget(), panel);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QVERIFY(title->isVisible());
        QVERIFY2(title->text().startsWith(u"Checked "_s), qPrintable(title->text()));
        QVERIFY2(title->text().contains(u"for <b>checked</b>"_s), qPrintable(title->text()));
        // The engine by the name people know, not the command line's key.
        QVERIFY2(title->text().contains(engineDisplayName(a.engine)), qPrintable(title->text()));
        QVERIFY(f.window->tabs()->tabText(1).startsWith(u"Diagnostics ("_s));
        QCOMPARE(stepStatus(u"TCP connect"_s), u"failed"_s);

        // "other" was never checked: nothing of the first check shows.
        clickProfile(f.tree(), b.id);
        clickDiagnosticsTab();
        QVERIFY2(title->text().contains(u"other: not checked yet"_s), qPrintable(title->text()));
        QCOMPARE(steps->topLevelItemCount(), 0);
        QCOMPARE(f.window->tabs()->tabText(1), u"Diagnostics"_s);
        // Its own check, then back to the first: each shows its own.
        QTest::mouseClick(panel->findChild<QPushButton *>(u"runCheck"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
        QVERIFY2(title->text().contains(u"for <b>other</b>"_s), qPrintable(title->text()));
        QVERIFY(f.window->checks()->check(b.id));
        clickProfile(f.tree(), a.id);
        QVERIFY2(title->text().contains(u"for <b>checked</b>"_s), qPrintable(title->text()));
        QCOMPARE(stepStatus(u"TCP connect"_s), u"failed"_s);
        QVERIFY(!title->text().contains(u"old target"_s));

        // Ctrl+D: the fresh duplicate has no check of its own yet, and shows none.
        f.tree()->view()->setFocus();
        QTest::keyClick(f.window.get(), Qt::Key_D, Qt::ControlModifier);
        QTRY_VERIFY(f.store.find(u"checked copy"_s).ok());
        const QUuid copy = f.store.find(u"checked copy"_s)->id;
        QTRY_COMPARE(f.tree()->currentProfileId(), copy);
        clickDiagnosticsTab();
        QCOMPARE(steps->topLevelItemCount(), 0);
        QVERIFY(panel->lastReport().steps.isEmpty());
        QVERIFY2(title->text().contains(u"checked copy: not checked yet"_s), qPrintable(title->text()));
        QCOMPARE(f.window->tabs()->tabText(1), u"Diagnostics"_s);

        // Another port for "checked", typed and saved: its result is for the old target now.
        clickProfile(f.tree(), a.id);
        QTabBar *bar = f.window->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(0).center());
        typeIn(f.child<QLineEdit>("portEdit"), QString::number(a.port == 1 ? 2 : a.port - 1));
        QTest::keyClick(f.window.get(), Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY(f.store.byId(a.id)->port != a.port);
        clickDiagnosticsTab();
        QVERIFY2(title->text().contains(u"for <b>checked</b>"_s), qPrintable(title->text()));
        QVERIFY2(title->text().contains(u"old target"_s), qPrintable(title->text()));

        // Deleting "other" drops its check: undone, it comes back without one.
        clickProfile(f.tree(), b.id);
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Delete);
        QTRY_VERIFY(!f.store.byId(b.id));
        QVERIFY(!f.window->checks()->check(b.id));
        QTest::keyClick(f.window.get(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY(f.store.byId(b.id));
        clickProfile(f.tree(), b.id);
        clickDiagnosticsTab();
        QVERIFY2(title->text().contains(u"other: not checked yet"_s), qPrintable(title->text()));
        QCOMPARE(steps->topLevelItemCount(), 0);
    }

    void unsavedNewProfileAsksBeforeAnotherIsClicked()
    {
        Fixture f;
        const ConnectionProfile existing = makeProfile(u"existing"_s);
        QVERIFY(f.store.add(existing).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(f.editor()->isNew());
        auto *name = f.child<QLineEdit>("nameEdit");
        QCOMPARE(QApplication::focusWidget(), name);
        typeHere(u"draft"_s);

        // Clicking another profile asks; Cancel keeps the form and what was typed.
        clickProfile(f.tree(), existing.id);
        QCOMPARE(f.answers.asked.size(), 1);
        QVERIFY2(f.answers.asked.first().text.contains(u"draft"_s), qPrintable(f.answers.asked.first().text));
        QVERIFY(f.answers.asked.first().answers.contains(Ask::Answer::Save));
        QVERIFY(f.editor()->isNew());
        QCOMPARE(name->text(), u"draft"_s);
        QVERIFY(f.tree()->currentProfileId().isNull());
        QVERIFY(name->isVisible());

        // Discard: the clicked profile shows, nothing was saved.
        f.answers.queued = {Ask::Answer::Discard};
        clickProfile(f.tree(), existing.id);
        QCOMPARE(f.answers.asked.size(), 2);
        QCOMPARE(f.tree()->currentProfileId(), existing.id);
        QCOMPARE(name->text(), u"existing"_s);
        QCOMPARE(f.store.profiles().size(), 1);

        // Save: typed into a new form, then another click saves it and moves on.
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), name);
        typeHere(u"kept"_s);
        typeInto(f.child<QLineEdit>("hostEdit"), kRdsHost);
        typeInto(f.child<QLineEdit>("userEdit"), u"iam_user"_s);
        f.answers.queued = {Ask::Answer::Save};
        clickProfile(f.tree(), existing.id);
        QCOMPARE(f.answers.asked.size(), 3);
        QCOMPARE(f.store.profiles().size(), 2);
        QVERIFY(f.store.find(u"kept"_s).ok());
        QCOMPARE(f.tree()->currentProfileId(), existing.id);
        QCOMPARE(name->text(), u"existing"_s);

        // An edited profile asks too; a blank new form does not.
        typeInto(f.child<QLineEdit>("portEdit"), u"5433"_s);
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 4);
        QVERIFY(f.answers.asked.last().text.contains(u"\"existing\" has unsaved changes"_s));
        QVERIFY(!f.editor()->isNew()); // cancelled: still editing it
        QCOMPARE(f.child<QLineEdit>("portEdit")->text(), u"5433"_s);
    }

    // The second Ctrl+N starts at the top of the form, Name focused, even after scrolling down.
    void secondNewProfileStartsAtTheTop()
    {
        Fixture f;
        f.window->resize(1366, 640);
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        auto *scroll = f.editor()->findChild<QScrollArea *>();
        QVERIFY(scroll);
        QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
        scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
        f.child<QLineEdit>("caEdit")->setFocus();
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(f.answers.asked.isEmpty()); // nothing typed, nothing to ask
        QCOMPARE(scroll->verticalScrollBar()->value(), 0);
        QCOMPARE(QApplication::focusWidget(), f.child<QLineEdit>("nameEdit"));
    }

    void closingAConsoleWithTextAsks()
    {
        Fixture f;
        const ConnectionProfile a = closedPortProfile(u"typed"_s);
        openConsoleWithEnter(f, a);
        ConsoleTab *tab = f.window->consoleTabFor(a.id);
        QTRY_COMPARE(QApplication::focusWidget(), tab->console()->editor());
        typeHere(u"SELECT * FROM orders WHERE id = 42"_s);

        // The tab's close button asks; Cancel keeps the console and its text.
        const int index = f.window->workspace()->indexOf(tab);
        QTest::mouseClick(f.window->workspace()->tabBar()->tabButton(index, QTabBar::RightSide),
                          Qt::LeftButton);
        QCOMPARE(f.answers.asked.size(), 1);
        QVERIFY(f.answers.asked.first().text.contains(u"typed"_s));
        QCOMPARE(f.window->consoleTabFor(a.id), tab);
        QCOMPARE(tab->console()->editor()->text(), u"SELECT * FROM orders WHERE id = 42"_s);

        // Ctrl+W asks too.
        QTest::keyClick(f.window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 2);
        QCOMPARE(f.window->consoleTabFor(a.id), tab);

        // Quitting (Ctrl+Q) asks; Cancel keeps the window open.
        QTest::keyClick(f.window.get(), Qt::Key_Q, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 3);
        QCOMPARE(f.answers.asked.last().title, u"Quit Signet?"_s);
        QVERIFY2(f.answers.asked.last().details.contains(u"typed: text that was never run"_s),
                 qPrintable(f.answers.asked.last().details));
        QVERIFY(f.window->isVisible());

        // The close button, answered "Close console": gone.
        f.answers.queued = {Ask::Answer::Discard};
        QTest::mouseClick(f.window->workspace()->tabBar()->tabButton(index, QTabBar::RightSide),
                          Qt::LeftButton);
        QVERIFY(f.window->consoleTabFor(a.id) == nullptr);
        // Nothing left to lose: quitting does not ask.
        QTest::keyClick(f.window.get(), Qt::Key_Q, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 4);
        QVERIFY(!f.window->isVisible());
    }

    void quittingWithAnUnsavedProfileAsks()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
        typeHere(u"half-done"_s);
        QTest::keyClick(f.window.get(), Qt::Key_Q, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 1);
        QVERIFY(f.answers.asked.first().details.contains(u"half-done"_s));
        QVERIFY(f.window->isVisible());
        QCOMPARE(f.child<QLineEdit>("nameEdit")->text(), u"half-done"_s);
        f.answers.queued = {Ask::Answer::Discard};
        f.window->close(); // the window's close button
        QVERIFY(!f.window->isVisible());
    }

    void productionAsksBeforeChangingData()
    {
        Fixture f;
        ConsoleTab::setConfirmsProductionChanges(true);
        ConnectionProfile prod = closedPortProfile(u"billing-prod"_s);
        QVERIFY(f.store.add(prod).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        // Marked production in its form, by a click and Ctrl+S.
        clickProfile(f.tree(), prod.id);
        auto *box = f.child<QCheckBox>("productionBox");
        QVERIFY(!box->isChecked());
        QTest::mouseClick(box, Qt::LeftButton);
        QTest::keyClick(f.window.get(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(f.store.byId(prod.id)->production);
        QVERIFY(f.window->findChild<QLabel *>(u"headerProduction"_s)->isVisible());

        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Return);
        QTRY_VERIFY(f.window->consoleTabFor(prod.id));
        ConsoleWidget *console = f.window->consoleFor(prod.id);
        QTRY_COMPARE(QApplication::focusWidget(), console->editor());
        QSignalSpy failed(console, &ConsoleWidget::queryFailed);

        // A read runs without a question.
        typeHere(u"SELECT 1;"_s);
        QTest::keyClick(console->editor(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(f.answers.asked.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000); // nothing listens: it fails, but it ran

        // A change asks; Cancel runs nothing.
        QTest::keyClick(console->editor(), Qt::Key_Return);
        typeHere(u"DELETE FROM invoices"_s);
        QTest::keyClick(console->editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 1);
        QCOMPARE(f.answers.asked.first().title, u"Change data on production?"_s);
        QVERIFY(f.answers.asked.first().text.contains(u"billing-prod"_s));
        QVERIFY(f.answers.asked.first().details.contains(u"DELETE FROM invoices"_s));
        QCOMPARE(Answers::buttonText(f.answers.asked.first(), Ask::Answer::Proceed), u"Run on production"_s);
        QTest::qWait(300);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!console->isRunning());
        QCOMPARE(console->editor()->text(), u"SELECT 1;\nDELETE FROM invoices"_s);

        // "Run on production" runs it.
        f.answers.queued = {Ask::Answer::Proceed};
        QTest::keyClick(console->editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);

        // Preferences can turn the question off.
        ConsoleTab::setConfirmsProductionChanges(false);
        QTest::keyClick(console->editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(f.answers.asked.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 10000);
        ConsoleTab::setConfirmsProductionChanges(true);
    }

    // Open in › Copy command lists the clients that fit the selected profile's engine.
    void openInOffersTheEnginesClients()
    {
        Fixture f;
        ConnectionProfile maria = makeProfile(u"maria"_s);
        maria.engine = Engine::MariaDb;
        maria.port = 3306;
        const ConnectionProfile pg = makeProfile(u"pg"_s);
        QVERIFY(f.store.add(maria).ok());
        QVERIFY(f.store.add(pg).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        auto copyEntries = [&f] {
            QStringList texts;
            const auto *menu = f.window->actionsBar()->launchMenu()->findChild<QMenu *>(u"copy-command"_s);
            for (const QAction *action : menu->actions()) {
                if (!action->isSeparator() && !action->isCheckable())
                    texts << action->text();
            }
            return texts;
        };
        clickProfile(f.tree(), maria.id);
        QVERIFY2(!copyEntries().contains(u"psql"_s), qPrintable(copyEntries().join(u", "_s)));
        QVERIFY(copyEntries().contains(u"mariadb"_s) || copyEntries().contains(u"MariaDB"_s));
        clickProfile(f.tree(), pg.id);
        QVERIFY(copyEntries().contains(u"psql"_s));
        QVERIFY(!copyEntries().contains(u"mariadb"_s) && !copyEntries().contains(u"MariaDB"_s));
    }

    void firstRunAndFileMenuOpenTheAwsImport()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        FirstRunPage *page = f.window->firstRunPage();
        QVERIFY(page->awsImportButton()->isVisible());
        QTest::mouseClick(page->awsImportButton(), Qt::LeftButton);
        auto *dialog = f.window->findChild<ImportDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->discoverButton()->isVisible());
        dialog->close();
        QTRY_VERIFY(!f.window->findChild<ImportDialog *>());
        QAction *action = menuAction(f.window.get(), u"Import from AWS…"_s);
        QVERIFY(action);
        action->trigger();
        QVERIFY(f.window->findChild<ImportDialog *>());
        QVERIFY(f.window->findChild<ImportDialog *>()->isVisible());
    }

    void firstRunOffersNewProfile()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        FirstRunPage *page = f.window->firstRunPage();
        QVERIFY(page->isVisible());
        QVERIFY(page->newButton()->isVisible());
        QCOMPARE(f.window->workspace()->tabText(0), u"Welcome"_s);
        // Nothing to save or sign yet.
        QVERIFY(!menuAction(f.window.get(), u"Save Profile"_s)->isEnabled());
        QVERIFY(!menuAction(f.window.get(), u"Sign"_s)->isEnabled());
        QVERIFY(!menuAction(f.window.get(), u"Copy Token"_s)->isEnabled());

        QTest::mouseClick(page->newButton(), Qt::LeftButton);
        QVERIFY(f.editor()->isNew());
        QVERIFY(!page->isVisible());
        QCOMPARE(QApplication::focusWidget(), f.child<QLineEdit>("nameEdit"));
        QVERIFY(menuAction(f.window.get(), u"Save Profile"_s)->isEnabled());
        QVERIFY(!menuAction(f.window.get(), u"Sign"_s)->isEnabled());
        typeHere(u"first"_s);
        typeInto(f.child<QLineEdit>("hostEdit"), kRdsHost);
        typeInto(f.child<QLineEdit>("userEdit"), u"iam_user"_s);
        QTest::keyClick(f.window.get(), Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(f.store.profiles().size(), 1);
        QCOMPARE(f.tree()->currentProfileId(), f.store.profiles().first().id);
        QVERIFY(menuAction(f.window.get(), u"Sign"_s)->isEnabled());
        QCOMPARE(f.window->workspace()->tabText(0), u"first"_s);

        // Deleting the only profile brings the welcome back.
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Delete);
        QTRY_VERIFY(page->isVisible());
        QVERIFY(!menuAction(f.window.get(), u"Sign"_s)->isEnabled());
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestWorkspace>(argc, argv);
}

#include "tst_workspace.moc"
