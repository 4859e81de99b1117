// SPDX-License-Identifier: GPL-3.0-or-later
// RouteSteps: what the window tests of routed profiles (SSH bastion, SSM instance) do as a person
// would: type a new profile for the emulation's PostgreSQL, run a typed query in a console, run the
// check from the profile page.
#pragma once

#include "MainWindowFixture.h"

#include "actions/ProfileActionsBar.h"
#include "console/ConsoleWidget.h"
#include "console/ResultModel.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>

namespace signet::ui::test_support {

// Ctrl+N, then the emulation's PostgreSQL typed in (name, endpoint, port, region, user, database)
// and Tab to the credentials choice, which has the focus when this returns.
inline void typeNewEmulatorProfile(Fixture &f, const QString &name)
{
    QTest::keyClick(f.window.get(), Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(f.child<QLineEdit>("nameEdit")->hasFocus());
    QTest::keyClicks(f.child<QLineEdit>("nameEdit"), name);
    typeIn(f.child<QLineEdit>("hostEdit"), qEnvironmentVariable("SIGNET_EMU_HOST"));
    typeIn(f.child<QLineEdit>("portEdit"), qEnvironmentVariable("SIGNET_EMU_PG_PORT"));
    typeIn(f.child<QLineEdit>("regionEdit"), qEnvironmentVariable("SIGNET_EMU_REGION"));
    typeIn(f.child<QLineEdit>("userEdit"), qEnvironmentVariable("SIGNET_EMU_PG_USER"));
    typeIn(f.child<QLineEdit>("databaseEdit"), qEnvironmentVariable("SIGNET_EMU_DATABASE"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY(f.child<QComboBox>("sourceCombo")->hasFocus());
}

// Types `sql` into the console's editor, runs it with Ctrl+Enter and waits for it to finish.
inline void runTypedQuery(ConsoleWidget *console, const QString &sql)
{
    QSignalSpy finished(console, &ConsoleWidget::queryFinished);
    console->editor()->setFocus();
    QTest::qWait(0);
    QVERIFY2(QApplication::focusWidget() == console->editor(),
             QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "none");
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(QApplication::focusWidget(), sql);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
}

// Check on the profile page: every step but the clock passes, the route step's verdict contains
// `route`, and the login is the last step.
inline void checkPassesThroughRoute(Fixture &f, const QString &route)
{
    f.window->workspace()->showProfilePage();
    QSignalSpy checked(f.window->diagnostics(), &DiagnosticsPanel::runFinished);
    QTest::mouseClick(f.window->actionsBar()->checkButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 40000);
    const probe::ProbeReport &report = f.window->diagnostics()->lastReport();
    bool routeShown = false;
    for (const probe::ProbeStep &step : report.steps) {
        if (step.id != u"clock")
            QVERIFY2(step.passed(), qPrintable(report.toText()));
        routeShown = routeShown || step.verdict.contains(route);
    }
    QVERIFY2(routeShown, qPrintable(report.toText()));
    QCOMPARE(report.steps.last().id, u"login"_s);
}

} // namespace signet::ui::test_support
