// SPDX-License-Identifier: GPL-3.0-or-later
// A profile behind an SSH bastion, from the main window, against a real sshd in front of the emulator:
// typed into the editor (bastion and identity), Enter opens its console through a tunnel Signet
// starts itself — after the user was shown the unknown host key's fingerprint and trusted it — the
// console runs a query, Check shows the route step, and closing the console gives the tunnel back.
#include "RouteSteps.h"
#include "SshdFixture.h"

#include "actions/ProfileActionsBar.h"
#include "console/ConsoleWidget.h"
#include "console/ResultModel.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "profiles/ProfileTargets.h"
#include "tunnel/TunnelManager.h"
#include "workspace/ConsoleTab.h"
#include "workspace/TunnelPanel.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>

using namespace signet::ui;
using namespace signet::ui::test_support;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestMainWindowSsh final : public QObject
{
    Q_OBJECT

private:
    signet::test_support::SshdFixture m_sshd;

private Q_SLOTS:
    void initTestCase()
    {
        if (!loadEmulatorEnvironment())
            QFAIL(
                "SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
        const QString problem = m_sshd.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The bastion's key is not known yet: the window must ask before trusting it.
        qputenv("SIGNET_SSH_CONFIG", m_sshd.unknownConfig().toUtf8());
        qunsetenv("SSH_AUTH_SOCK");
        qputenv("AWS_ACCESS_KEY_ID", qgetenv("SIGNET_EMU_ACCESS_KEY_ID"));
        qputenv("AWS_SECRET_ACCESS_KEY", qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY"));
        qunsetenv("AWS_SESSION_TOKEN");
        qputenv("AWS_CONFIG_FILE", "/nonexistent");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    }

    void cleanupTestCase() { m_sshd.stop(); }

    void bastionProfileConnectsThroughItsTunnel()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));

        // A new profile, typed in: the emulator's PostgreSQL, reached through the bastion; Down in the
        // credentials picks the next source.
        typeNewEmulatorProfile(f, u"behind-bastion"_s);
        auto *source = f.child<QComboBox>("sourceCombo");
        QTest::keyClick(source, Qt::Key_Down);
        QCOMPARE(source->currentText(), u"Environment variables"_s);
        typeIn(f.child<QLineEdit>("caEdit"), env("SIGNET_EMU_CA"));
        // The bastion's rows appear once the route is an SSH bastion: Shift+Tab back to the route.
        QVERIFY(!f.child<QLineEdit>("sshEdit")->isVisible());
        auto *route = f.child<QComboBox>("routeCombo");
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        QTRY_VERIFY(route->hasFocus());
        QTest::keyClick(route, Qt::Key_Down);
        QCOMPARE(route->currentText(), u"SSH bastion"_s);
        QTRY_VERIFY(f.child<QLineEdit>("sshIdentityEdit")->isVisible());
        typeIn(f.child<QLineEdit>("sshEdit"), m_sshd.destination());
        typeIn(f.child<QLineEdit>("sshIdentityEdit"), m_sshd.userKey());
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        const ConnectionProfile saved = f.store.profiles().first();
        QCOMPARE(saved.ssh.host, u"127.0.0.1"_s);
        QCOMPARE(saved.ssh.port, m_sshd.port());
        QCOMPARE(saved.ssh.user, m_sshd.user());
        QCOMPARE(saved.ssh.identityFile, m_sshd.userKey());

        // Enter in the list: the unknown bastion is shown with its fingerprint, the user trusts it.
        f.answers.queued << Ask::Answer::Proceed;
        QTRY_COMPARE(f.tree()->currentProfileId(), saved.id);
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!f.answers.asked.isEmpty(), 30000);
        const Ask::Question &asked = f.answers.asked.first();
        QVERIFY2(asked.details.contains(m_sshd.fingerprint()), qPrintable(asked.details));
        QVERIFY2(asked.text.contains(u"127.0.0.1"_s), qPrintable(asked.text));
        QTRY_VERIFY_WITH_TIMEOUT(f.window->consoleFor(saved.id), 30000);
        QVERIFY2(QFileInfo(m_sshd.unknownHostsFile()).size() > 0, "the trusted key was not written");

        // The console works through the tunnel: a query typed and run with Ctrl+Enter.
        ConsoleWidget *console = f.window->consoleFor(saved.id);
        QTRY_VERIFY_WITH_TIMEOUT(console->statusLine()->text().contains(u"TLS"_s), 30000);
        // Its strip says how it is reached; the header says the profile's route.
        QTRY_VERIFY(
            f.window->consoleTabFor(saved.id)->identityText().contains(u"SSH tunnel via 127.0.0.1"_s));
        runTypedQuery(console, u"SELECT 7 AS seven"_s);
        QCOMPARE(console->resultModel()->index(0, 0).data().toString(), u"7"_s);

        const auto spec = profiles::ProfileTargets::tunnelSpec(saved);
        QVERIFY(spec);
        QCOMPARE(f.window->tunnels()->userCount(*spec), 1);

        // View › Tunnels (Ctrl+Shift+T) lists it: where it goes, its local end, up, one user.
        QTest::keyClick(f.window.get(), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(f.window->tunnelDock()->isVisible());
        QTreeWidget *tunnels = f.window->tunnelPanel()->view();
        QTRY_COMPARE(tunnels->topLevelItemCount(), 1);
        const QTreeWidgetItem *row = tunnels->topLevelItem(0);
        QCOMPARE(row->text(TunnelPanel::TunnelColumn), spec->title());
        QCOMPARE(row->text(TunnelPanel::DatabaseColumn), u"%1:%2"_s.arg(saved.host).arg(saved.port));
        QVERIFY2(row->text(TunnelPanel::LocalColumn).startsWith(u"127.0.0.1:"_s),
                 qPrintable(row->text(TunnelPanel::LocalColumn)));
        QVERIFY2(row->text(TunnelPanel::StateColumn).startsWith(u"up "_s),
                 qPrintable(row->text(TunnelPanel::StateColumn)));
        QCOMPARE(row->text(TunnelPanel::UsersColumn), u"1"_s);
        QVERIFY(!f.window->tunnelPanel()->emptyLabel()->isVisible());

        // Check: the route step says how the tunnel was reached, the login passes through it.
        checkPassesThroughRoute(f, u"SSH tunnel to 127.0.0.1"_s);
        // The check gave its hold back; the console keeps its own.
        QTRY_COMPARE(f.window->tunnels()->userCount(*spec), 1);

        // Closing the console gives the tunnel back (it closes when idle).
        f.window->workspace()->setCurrentWidget(f.window->consoleTabFor(saved.id));
        console->editor()->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_W, Qt::ControlModifier);
        QTRY_VERIFY(!f.window->consoleFor(saved.id));
        QTRY_COMPARE(f.window->tunnels()->userCount(*spec), 0);
        // The panel says nobody uses it and when it closes.
        QTRY_COMPARE(tunnels->topLevelItem(0)->text(TunnelPanel::UsersColumn), u"0"_s);
        QVERIFY2(tunnels->topLevelItem(0)->text(TunnelPanel::StateColumn).startsWith(u"unused, closes in "_s),
                 qPrintable(tunnels->topLevelItem(0)->text(TunnelPanel::StateColumn)));
        // Ctrl+Shift+T hides it again.
        QTest::keyClick(f.window.get(), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!f.window->tunnelDock()->isVisible());
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestMainWindowSsh>(argc, argv);
}

#include "tst_mainwindow_ssh.moc"
