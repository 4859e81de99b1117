// SPDX-License-Identifier: GPL-3.0-or-later
// "Set up IAM…" from the main window, end to end: a profile for a fresh database user that cannot log
// in, the AWS stand-in (RDS, IAM, STS, Secrets Manager; its instances are the local RDS emulation),
// the user clicking Apply on each missing step and confirming it, until the real IAM login passes.
// Nothing changes before a confirmation; the master password (the RDS-managed secret) is written
// nowhere.
#include "MainWindowFixture.h"

#include "actions/ProfileActionsBar.h"
#include "setup/SetupDialog.h"

#include <QDirIterator>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>

using namespace signet::ui;
using namespace signet::ui::test_support;
using signet::setup::SetupStepId;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestSetupDialog final : public QObject
{
    Q_OBJECT

private:
    QProcess m_stand;

    // Waits for the assistant to be idle after `action` (a click), and for the step's state line.
    static void clickAndWait(SetupDialog *dialog, QPushButton *button)
    {
        QVERIFY(button);
        QVERIFY2(button->isVisible() && button->isEnabled(),
                 qPrintable(u"%1 visible=%2 enabled=%3 busy=%4"_s.arg(button->objectName())
                                .arg(button->isVisible())
                                .arg(button->isEnabled())
                                .arg(dialog->assistant()->isBusy())));
        QSignalSpy applied(dialog->assistant(), &setup::SetupAssistant::applyFinished);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 60000);
        QVERIFY2(applied.first().at(1).toBool(), qPrintable(dialog->progressText()));
        // The dialog checks every step again after a change; a person waits for that too.
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->assistant()->isBusy(), 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!loadEmulatorEnvironment() || env("SIGNET_EMU_PG_MASTER_USER").isEmpty())
            QFAIL("the emulator's environment with its master users is needed: eval "
                  "\"$(tests/emulator/emulator "
                  "env)\"");
        m_stand.start(u"/usr/bin/python3"_s,
                      {env("SIGNET_SOURCE_DIR") + u"/tests/support/local_aws_server.py"_s, u"--emulator"_s,
                       u"--rds-apply-delay"_s, u"0.5"_s});
        QVERIFY(m_stand.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_stand.canReadLine(), 20000);
        const QByteArray line = m_stand.readLine().trimmed();
        QVERIFY2(line.startsWith("PORT "), line.constData());
        qputenv("AWS_ENDPOINT_URL", "http://127.0.0.1:" + line.mid(5));
        qputenv("AWS_ACCESS_KEY_ID", qgetenv("SIGNET_EMU_ACCESS_KEY_ID"));
        qputenv("AWS_SECRET_ACCESS_KEY", qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY"));
        qunsetenv("AWS_SESSION_TOKEN");
        qputenv("AWS_CONFIG_FILE", "/nonexistent");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        qputenv("SIGNET_SETUP_POLL_MS", "200");
    }

    void cleanupTestCase()
    {
        m_stand.terminate();
        m_stand.waitForFinished(5000);
    }

    void freshUserLogsInAfterTheSteps()
    {
        Fixture f;
        ConnectionProfile profile = ConnectionProfile::create(u"fresh-postgres"_s, Engine::Postgres);
        profile.host = env("SIGNET_EMU_HOST");
        profile.port = env("SIGNET_EMU_PG_PORT").toInt();
        profile.region = env("SIGNET_EMU_REGION");
        profile.dbUser = u"gui_setup_%1"_s.arg(QRandomGenerator::global()->generate() % 1000000);
        profile.database = env("SIGNET_EMU_DATABASE");
        profile.caFile = env("SIGNET_EMU_CA");
        profile.credentialSource = CredentialSource::Environment;
        QVERIFY(f.store.add(profile).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        clickProfile(f.tree(), profile.id);

        QTest::mouseClick(f.window->actionsBar()->setupButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->findChild<SetupDialog *>(), 20000);
        SetupDialog *dialog = f.window->findChild<SetupDialog *>();
        QSignalSpy checked(dialog->assistant(), &setup::SetupAssistant::checkFinished);
        QTRY_VERIFY_WITH_TIMEOUT(checked.count() >= 1, 60000);

        // Everything missing, each change shown exactly before anything happens.
        QVERIFY2(dialog->stateText(SetupStepId::IamAuth).contains(u"missing"_s),
                 qPrintable(dialog->stateText(SetupStepId::IamAuth)));
        QVERIFY(dialog->previewText(SetupStepId::IamAuth).contains(u"ModifyDBInstance"_s));
        QVERIFY(dialog->previewText(SetupStepId::IamAuth).contains(u"aws rds modify-db-instance"_s));
        QVERIFY(dialog->previewText(SetupStepId::Policy).contains(u"rds-db:connect"_s));
        QVERIFY(dialog->previewText(SetupStepId::DbUser).contains(u"GRANT rds_iam"_s));
        QVERIFY(!dialog->stateText(SetupStepId::Login).contains(u"— ok"_s));

        // A change refused at its question changes nothing.
        f.answers.queued << Ask::Answer::Cancel;
        QTest::mouseClick(dialog->applyButton(SetupStepId::IamAuth), Qt::LeftButton);
        QCOMPARE(f.answers.asked.size(), 1);
        QVERIFY(f.answers.asked.last().details.contains(u"ModifyDBInstance"_s));
        QVERIFY(dialog->stateText(SetupStepId::IamAuth).contains(u"missing"_s));

        // Confirmed one at a time: IAM authentication, the policy, the database user.
        for (SetupStepId id : {SetupStepId::IamAuth, SetupStepId::Policy, SetupStepId::DbUser}) {
            f.answers.queued << Ask::Answer::Proceed;
            clickAndWait(dialog, dialog->applyButton(id));
            QTRY_VERIFY_WITH_TIMEOUT(dialog->stateText(id).contains(u"— ok"_s), 60000);
        }
        // The last check proves it with a real IAM login.
        QTRY_VERIFY_WITH_TIMEOUT(dialog->stateText(SetupStepId::Login).contains(u"— ok"_s), 60000);
        QTRY_VERIFY(dialog->progressText().contains(u"logs in with IAM"_s));

        // The master password (read from the RDS-managed secret) is in no file Signet wrote.
        const QByteArray master = qgetenv("SIGNET_EMU_PG_MASTER_PASSWORD");
        QDirIterator files(home()->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(master), qPrintable(file.fileName()));
        }
        dialog->close();
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestSetupDialog>(argc, argv);
}

#include "tst_setup_dialog.moc"
