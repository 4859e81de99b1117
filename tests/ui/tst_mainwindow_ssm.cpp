// SPDX-License-Identifier: GPL-3.0-or-later
// A profile behind an SSM instance, from the main window: typed into the editor (static keys, the
// "SSM instance" route and its instance ID), Enter opens its console through SSM port forwarding Signet
// starts itself — StartSession at the AWS stand-in (tests/support/aws_api_stand_in.py), then the
// stand-in session-manager-plugin (tests/support/ssm), which checks it is started as the AWS CLI starts
// Amazon's and forwards to the emulator — a query runs, and quitting ends the session
// (TerminateSession). Without the plugin the user is told how to install it.
#include "LocalAwsServer.h"
#include "RouteSteps.h"
#include "SsmStandIns.h"
#include "TestPaths.h"

#include "actions/ProfileActionsBar.h"
#include "console/ConsoleWidget.h"
#include "console/MessageBar.h"
#include "console/ResultModel.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileHeader.h"
#include "workspace/ConsoleTab.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>

using namespace signet::ui;
using namespace signet::ui::test_support;

namespace {

const QString kTarget = u"i-0123456789abcdef0"_s;

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestMainWindowSsm final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<signet::test::LocalAwsServer> m_aws;
    QTemporaryDir m_dir;

    QList<QJsonObject> ssmCalls(const QString &action) const
    {
        return signet::test::ssmCalls(*m_aws, action);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!loadEmulatorEnvironment())
            QFAIL(
                "SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
        QVERIFY(m_dir.isValid());
        // --emulator: the stand-in checks signatures made with the emulator's key.
        m_aws = std::make_unique<signet::test::LocalAwsServer>(QStringList{u"--emulator"_s});
        QVERIFY(m_aws->isRunning());
        qputenv("AWS_ENDPOINT_URL_SSM", m_aws->url().toString().toUtf8());
        qputenv("AWS_ENDPOINT_URL_STS", m_aws->url().toString().toUtf8());
        qputenv("AWS_CONFIG_FILE", "/nonexistent");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        qunsetenv("AWS_PROFILE");
        qunsetenv("AWS_SESSION_TOKEN");
        qunsetenv("SIGNET_SSM_PLUGIN");
        // The stand-in plugin is the session-manager-plugin on the PATH; it logs what it forwards and
        // checks it is asked for the profile's route (no AWS profile name: the keys are static).
        qputenv("PATH", (signet::test::sourcePath(u"tests/support/ssm"_s) + u':' + env("PATH")).toUtf8());
        qputenv("SIGNET_TEST_SSM_PLUGIN_LOG", m_dir.filePath(u"plugin.log"_s).toUtf8());
        const QJsonObject expect{
            {u"region"_s, env("SIGNET_EMU_REGION")},  {u"profile"_s, QString()},
            {u"endpoint"_s, m_aws->url().toString()}, {u"target"_s, kTarget},
            {u"host"_s, env("SIGNET_EMU_HOST")},      {u"port"_s, env("SIGNET_EMU_PG_PORT")}};
        qputenv("SIGNET_TEST_SSM_EXPECT", QJsonDocument(expect).toJson(QJsonDocument::Compact));
    }

    void init() { QDir(home()->path() + u"/config"_s).removeRecursively(); }

    void ssmProfileConnectsThroughItsSession()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));

        // A new profile, typed in: the emulator's PostgreSQL with static keys, reached through SSM.
        // Down twice in the credentials picks the static keys.
        typeNewEmulatorProfile(f, u"behind-ssm"_s);
        auto *source = f.child<QComboBox>("sourceCombo");
        QTest::keyClick(source, Qt::Key_Down);
        QTest::keyClick(source, Qt::Key_Down);
        QCOMPARE(source->currentData().toInt(), int(CredentialSource::StaticKeys));
        typeIn(f.child<QLineEdit>("accessKeyEdit"), env("SIGNET_EMU_ACCESS_KEY_ID"));
        typeIn(f.child<QLineEdit>("secretKeyEdit"), env("SIGNET_EMU_SECRET_ACCESS_KEY"));

        // The route: Tab from the keys to the choice; only the chosen route's rows show.
        auto *route = f.child<QComboBox>("routeCombo");
        QCOMPARE(route->currentText(), u"Direct"_s);
        QVERIFY(!f.child<QLineEdit>("sshEdit")->isVisible());
        QVERIFY(!f.child<QLineEdit>("ssmTargetEdit")->isVisible());
        QVERIFY(!f.child<QLineEdit>("viaEdit")->isVisible());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_VERIFY(route->hasFocus());
        QTest::keyClick(route, Qt::Key_Down);
        QTRY_VERIFY(f.child<QLineEdit>("sshEdit")->isVisible());
        QTest::keyClick(route, Qt::Key_Down);
        QVERIFY2(route->currentText().startsWith(u"SSM instance"_s), qPrintable(route->currentText()));
        QTRY_VERIFY(f.child<QLineEdit>("ssmTargetEdit")->isVisible());
        QVERIFY(f.child<QLineEdit>("ssmRegionEdit")->isVisible());
        QVERIFY(!f.child<QLineEdit>("sshEdit")->isVisible());
        // The region defaults to the profile's, and says so.
        QVERIFY2(f.child<QLineEdit>("ssmRegionEdit")->placeholderText().contains(env("SIGNET_EMU_REGION")),
                 qPrintable(f.child<QLineEdit>("ssmRegionEdit")->placeholderText()));

        // Chosen and left empty, or not an instance ID: the error names what is wrong; nothing is saved.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_VERIFY(f.child<QLineEdit>("ssmTargetEdit")->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY2(f.editor()->fieldError(u"ssm"_s).contains(u"instance"_s),
                 qPrintable(f.editor()->fieldError(u"ssm"_s)));
        QTest::keyClicks(QApplication::focusWidget(), u"i-0123XYZ"_s);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY2(f.editor()->fieldError(u"ssm"_s).contains(u"\"i-0123XYZ\" is not a managed instance ID"_s),
                 qPrintable(f.editor()->fieldError(u"ssm"_s)));
        QCOMPARE(f.store.profiles().size(), 0);

        // The right ID and the emulation's CA bundle, then Enter saves.
        typeIn(f.child<QLineEdit>("ssmTargetEdit"), kTarget);
        QTRY_VERIFY(f.editor()->fieldError(u"ssm"_s).isEmpty());
        typeIn(f.child<QLineEdit>("caEdit"), env("SIGNET_EMU_CA"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        const ConnectionProfile saved = f.store.profiles().first();
        QCOMPARE(saved.ssm.target, kTarget);
        QVERIFY(saved.ssm.region.isEmpty());
        QVERIFY(!saved.ssh.isSet());
        QVERIFY(!saved.hasVia());
        QCOMPARE(saved.credentialSource, CredentialSource::StaticKeys);
        // Saved without secrets: the secret key is in the keychain, not the file.
        QFile file(f.store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        QVERIFY(json.contains(kTarget.toUtf8()));
        QVERIFY(!json.contains(qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY")));

        // The header names the route, with the region it defaults to.
        QTRY_COMPARE(f.tree()->currentProfileId(), saved.id);
        const QString via = u"via SSM %1 (%2)"_s.arg(kTarget, env("SIGNET_EMU_REGION"));
        QTRY_VERIFY2(f.window->header()->text().contains(via), qPrintable(f.window->header()->text()));

        // Enter in the list opens the console through the SSM session.
        const qsizetype startsBefore = ssmCalls(u"StartSession"_s).size();
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->consoleFor(saved.id), 30000);
        ConsoleWidget *console = f.window->consoleFor(saved.id);
        QTRY_VERIFY2_WITH_TIMEOUT(console->statusLine()->text().contains(u"TLS"_s),
                                  qPrintable(console->messageBar()->text()), 30000);
        QTRY_VERIFY2(f.window->consoleTabFor(saved.id)->identityText().contains(via),
                     qPrintable(f.window->consoleTabFor(saved.id)->identityText()));

        // A query typed and run with Ctrl+Enter.
        runTypedQuery(console, u"SELECT 7 AS seven"_s);
        QCOMPARE(console->resultModel()->index(0, 0).data().toString(), u"7"_s);

        // StartSession asked to forward to the real endpoint with the port forwarding document.
        const QList<QJsonObject> started = ssmCalls(u"StartSession"_s);
        QCOMPARE(started.size(), startsBefore + 1);
        const QJsonObject request = started.last();
        QCOMPARE(request.value(u"Target"_s).toString(), kTarget);
        QCOMPARE(request.value(u"DocumentName"_s).toString(),
                 u"AWS-StartPortForwardingSessionToRemoteHost"_s);
        QCOMPARE(request.value(u"Parameters"_s).toObject().value(u"host"_s).toArray(),
                 QJsonArray{env("SIGNET_EMU_HOST")});
        // The plugin stand-in was started for that session and forwarded the console's connections
        // (besides the readiness check).
        const QString log = m_dir.filePath(u"plugin.log"_s);
        const QList<QJsonObject> starts = signet::test::ssmPluginStarts(log);
        QCOMPARE(starts.size(), 1);
        const QString sessionId = starts.last().value(u"sessionId"_s).toString();
        QVERIFY(!sessionId.isEmpty());
        QVERIFY(signet::test::ssmForwarded(log, sessionId) >= 2);
        QVERIFY(!ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));

        // Check: its route step is the SSM session (the console's, shared), the login passes through it.
        checkPassesThroughRoute(f, u"SSM session to "_s + kTarget);
        QCOMPARE(ssmCalls(u"StartSession"_s).size(), startsBefore + 1);
        f.window->workspace()->setCurrentWidget(f.window->consoleTabFor(saved.id));
        console->editor()->setFocus();
        QTest::qWait(0);

        // Ctrl+Q: the window closes (the console's text may be asked about) and the session is ended.
        f.answers.queued << Ask::Answer::Discard;
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Q, Qt::ControlModifier);
        QTRY_VERIFY(!f.window->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(
            ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}), 5000);
    }

    void missingPluginSaysHowToInstall()
    {
        qputenv("SIGNET_SSM_PLUGIN", m_dir.filePath(u"no-such/session-manager-plugin"_s).toUtf8());
        qputenv("AWS_ACCESS_KEY_ID", qgetenv("SIGNET_EMU_ACCESS_KEY_ID"));
        qputenv("AWS_SECRET_ACCESS_KEY", qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY"));
        Fixture f;
        ConnectionProfile profile = ConnectionProfile::create(u"no-plugin"_s, Engine::Postgres);
        profile.host = env("SIGNET_EMU_HOST");
        profile.port = env("SIGNET_EMU_PG_PORT").toInt();
        profile.region = env("SIGNET_EMU_REGION");
        profile.dbUser = env("SIGNET_EMU_PG_USER");
        profile.caFile = env("SIGNET_EMU_CA");
        profile.credentialSource = CredentialSource::Environment;
        profile.ssm.target = kTarget;
        QVERIFY(f.store.add(profile).ok());
        const qsizetype startsBefore = ssmCalls(u"StartSession"_s).size();

        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTRY_COMPARE(f.tree()->currentProfileId(), profile.id);
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Return);
        // Said where it stays: what is missing and how to install it, not a generic failure.
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->bannerText().isEmpty(), 10000);
        const QString banner = f.window->bannerText();
        QVERIFY2(banner.contains(u"no-plugin"_s), qPrintable(banner));
        QVERIFY2(banner.contains(u"SIGNET_SSM_PLUGIN"_s), qPrintable(banner));
        QVERIFY2(banner.contains(u"Install Amazon's Session Manager plugin"_s), qPrintable(banner));
        QVERIFY2(banner.contains(u"session-manager-plugin.deb"_s), qPrintable(banner));
        QVERIFY(!f.window->consoleFor(profile.id));
        // No session was started without a plugin to carry it.
        QCOMPARE(ssmCalls(u"StartSession"_s).size(), startsBefore);
        qunsetenv("SIGNET_SSM_PLUGIN");
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestMainWindowSsm>(argc, argv);
}

#include "tst_mainwindow_ssm.moc"
