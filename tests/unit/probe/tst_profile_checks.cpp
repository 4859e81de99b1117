// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileChecks: each profile's check kept by id with its time and target — a check of one profile
// never shows as another's, a restarted check reports once, a moved target marks the old result, a
// forgotten profile's check is gone. Real probes against a closed local port (no network).
#include "probe/ProfileChecks.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace signet;
using namespace signet::probe;

namespace {

// A local port nothing listens on: the TCP step fails at once.
int closedPort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost) ? server.serverPort() : 1;
}

ProbeTarget closedTarget()
{
    ProbeTarget target;
    target.engine = Engine::Postgres;
    target.host = QStringLiteral("127.0.0.1");
    target.port = closedPort();
    target.region = QStringLiteral("eu-west-1");
    target.user = QStringLiteral("iam_user");
    return target;
}

const ProbeStep *stepOf(const ProbeReport &report, const QString &id)
{
    for (const ProbeStep &step : report.steps) {
        if (step.id == id)
            return &step;
    }
    return nullptr;
}

} // namespace

class TestProfileChecks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptPerProfileWithTimeAndName()
    {
        ProfileChecks checks;
        const QUuid a = QUuid::createUuid();
        const QUuid b = QUuid::createUuid();
        QSignalSpy finished(&checks, &ProfileChecks::checkFinished);
        QVERIFY(!checks.rerun(a)); // never checked: nothing to run again
        const ProbeTarget target = closedTarget();
        checks.start(a, QStringLiteral("orders"), target, {});
        QVERIFY(checks.isRunning(a));
        QVERIFY(checks.check(a)->running);
        QVERIFY(!checks.check(b));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QCOMPARE(finished.first().first().toUuid(), a);

        const ProfileChecks::Check *check = checks.check(a);
        QVERIFY(check && !check->running);
        QCOMPARE(check->profileName, QStringLiteral("orders"));
        QVERIFY(check->checkedAt.isValid());
        QVERIFY(qAbs(check->checkedAt.secsTo(QDateTime::currentDateTime())) < 30);
        const ProbeStep *tcp = stepOf(check->report, QStringLiteral("tcp"));
        QVERIFY(tcp);
        QCOMPARE(tcp->status, StepStatus::Failed);
        QVERIFY(!checks.check(b)); // the other profile has none
        QCOMPARE(checks.profileIds(), QList<QUuid>{a});
    }

    void renamedFollowsMovedIsMarked()
    {
        ProfileChecks checks;
        const QUuid a = QUuid::createUuid();
        QSignalSpy finished(&checks, &ProfileChecks::checkFinished);
        ProbeTarget target = closedTarget();
        checks.start(a, QStringLiteral("orders"), target, {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QSignalSpy changed(&checks, &ProfileChecks::checkChanged);

        // The same target saved again: nothing changes. A rename: the name follows.
        checks.profileChanged(a, QStringLiteral("orders"), target);
        QCOMPARE(changed.count(), 0);
        checks.profileChanged(a, QStringLiteral("orders-2"), target);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(checks.check(a)->profileName, QStringLiteral("orders-2"));
        QVERIFY(!checks.check(a)->targetChanged);
        // Another port: the result is for the old target, and stays marked.
        ProbeTarget moved = target;
        moved.port = target.port + 1;
        checks.profileChanged(a, QStringLiteral("orders-2"), moved);
        QVERIFY(checks.check(a)->targetChanged);
        QCOMPARE(checks.check(a)->target.port, target.port);
        checks.profileChanged(a, QStringLiteral("orders-2"), target);
        QVERIFY(checks.check(a)->targetChanged);
        // Checking again clears the mark.
        QVERIFY(checks.rerun(a));
        QVERIFY(!checks.check(a)->targetChanged);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
    }

    void restartedReportsOnceForgottenIsGone()
    {
        ProfileChecks checks;
        const QUuid a = QUuid::createUuid();
        QSignalSpy finished(&checks, &ProfileChecks::checkFinished);
        QSignalSpy forgotten(&checks, &ProfileChecks::checkForgotten);
        checks.start(a, QStringLiteral("orders"), closedTarget(), {});
        checks.start(a, QStringLiteral("orders"), closedTarget(), {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);

        checks.forget(a);
        QCOMPARE(forgotten.count(), 1);
        QVERIFY(!checks.check(a));
        // A check forgotten while it runs never reports.
        checks.start(a, QStringLiteral("orders"), closedTarget(), {});
        checks.forget(a);
        QTest::qWait(300);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!checks.check(a));
    }
};

QTEST_GUILESS_MAIN(TestProfileChecks)
#include "tst_profile_checks.moc"
