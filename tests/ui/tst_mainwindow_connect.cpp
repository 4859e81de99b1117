// SPDX-License-Identifier: GPL-3.0-or-later
// The main window against the emulator: a saved profile, Connect → a Console tab that runs SELECT 1;
// Check → every step through the real login in the Diagnostics tab (both engines).
#include "EmulatorProfile.h"
#include "MainWindow.h"
#include "actions/ProfileActionsBar.h"
#include "common/Clock.h"
#include "console/ConsoleWidget.h"
#include "console/ResultModel.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "diagnostics/ProfileDiagnostics.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreePanel.h"
#include "workspace/ConsoleTab.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QApplication>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;

namespace {

QTemporaryDir *home()
{
    static QTemporaryDir dir;
    return &dir;
}

} // namespace

class TestMainWindowConnect final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Run alone (ctest -L ui): take the environment of the running emulator. The profiles sign
        // with environment credentials: the emulator's allowed key.
        if (!signet::test::signWithEmulatorKeys())
            QFAIL(
                "SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
    }

    void connectAndCheck_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("mariadb") << u"mariadb"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void connectAndCheck()
    {
        QFETCH(QString, engine);
        const bool pg = engine == u"postgres";
        ProfileStore store;
        (void)store.load();
        MemorySecretStore secrets;
        const ConnectionProfile profile = signet::test::emulatorProfile(u"emu-"_s + engine, pg);
        QVERIFY(store.add(profile).ok());

        MainWindow window(Clock::system(), store, secrets);
        window.resize(1100, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.treePanel()->selectProfile(profile.id);

        QTest::mouseClick(window.actionsBar()->connectButton(), Qt::LeftButton);
        QTRY_VERIFY(window.consoleFor(profile.id) != nullptr);
        ConsoleWidget *console = window.consoleFor(profile.id);
        // The console is its own workspace tab, named after its profile.
        QCOMPARE(window.workspace()->currentWidget(), window.consoleTabFor(profile.id));
        QCOMPARE(window.workspace()->tabText(window.workspace()->currentIndex()), profile.name + u" — SQL"_s);
        QTRY_VERIFY_WITH_TIMEOUT(console->statusLine()->text().contains(u"TLS"_s), 20000);
        // Once connected, "Connecting…" is gone from the status line.
        QVERIFY2(!console->statusLine()->text().contains(u"Connecting"_s),
                 qPrintable(console->statusLine()->text()));

        QSignalSpy finished(console, &ConsoleWidget::queryFinished);
        console->editor()->setText(u"SELECT 1 AS one"_s);
        console->runCurrent();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(console->resultModel()->rowCount(), 1);
        QCOMPARE(console->resultModel()->index(0, 0).data().toString(), u"1"_s);

        QSignalSpy checked(window.diagnostics(), &DiagnosticsPanel::runFinished);
        QTest::mouseClick(window.actionsBar()->checkButton(), Qt::LeftButton);
        // Check shows the profile page's Diagnostics tab.
        QCOMPARE(window.workspace()->currentIndex(), 0);
        QCOMPARE(window.tabs()->currentWidget(), window.diagnosticsTab());
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 40000);
        const probe::ProbeReport &report = window.diagnostics()->lastReport();
        for (const probe::ProbeStep &step : report.steps) {
            // The clock step may only warn here (no STS to ask); everything else passes.
            if (step.id != u"clock")
                QVERIFY2(step.passed(), qPrintable(report.toText()));
        }
        QCOMPARE(report.steps.last().id, u"login"_s);
        QVERIFY(report.steps.last().verdict.contains(u"SELECT 1"_s));
    }
};

int main(int argc, char **argv)
{
    qputenv("HOME", home()->path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (home()->path() + u"/config"_s).toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"signet-test"_s);
    QApplication::setApplicationName(u"tst_mainwindow_connect"_s);
    TestMainWindowConnect test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow_connect.moc"
