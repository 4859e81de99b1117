// SPDX-License-Identifier: GPL-3.0-or-later
// SSM port forwarding in front of the emulator: the SSM API stand-in (tests/support/aws_api_stand_in.py,
// signatures checked) starts sessions, and a stand-in session-manager-plugin (tests/support/ssm) checks
// it is started exactly as the AWS CLI starts Amazon's, then forwards the port. exec and check through
// it for both engines, launch (psql), `signet tunnel`, an old plugin, a missing plugin, AccessDenied, an
// agent that is not connected, and TerminateSession after each command.
#include "EmulatorEndpoint.h"
#include "LocalAwsServer.h"
#include "SshCli.h"
#include "SsmStandIns.h"
#include "TestPaths.h"
#include "tunnel/LocalPort.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace signet;
using namespace Qt::StringLiterals;

namespace {

const QString kTarget = u"i-0123456789abcdef0"_s;

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestSsmTunnel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void execThroughSsm_data();
    void execThroughSsm();
    void checkShowsTheSsmRoute();
    void oldPluginIsRefused();
    void launchThroughSsm();
    void tunnelCommandServesOtherTools();
    void proxyServesPsqlThroughSsm();
    void sigtermDuringLaunchTerminatesSession();
    void pluginComplaintIsShownAndSessionEnded();
    void missingPluginSaysHowToInstall();
    void accessDeniedNamesStartSession();
    void agentNotConnectedIsNamed();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    QProcessEnvironment cliEnvironment() const;
    // cliEnvironment() signing with a stand-in key that chooses a fault (its secret is "sk-" + key).
    QProcessEnvironment signingAs(const QString &faultKey) const;
    Run signet(const QStringList &args, const QProcessEnvironment &environment) const;
    Run signet(const QStringList &args) const { return signet(args, cliEnvironment()); }
    QString addProfile(const QString &engine, bool namedAwsProfile);
    QString expectation(const QString &engine, const QString &profile) const;
    // The SSM calls the stand-in received (X-Amz-Target "AmazonSSM.<action>"), their JSON bodies.
    QList<QJsonObject> ssmCalls(const QString &action) const;
    QList<QJsonObject> pluginStarts() const;
    // How many connections the plugin stand-in forwarded for the session (the readiness check is one).
    int forwarded(const QString &sessionId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<test::LocalAwsServer> m_server;
};

void TestSsmTunnel::initTestCase()
{
    if (env("SIGNET_EMU_HOST").isEmpty())
        QFAIL("SIGNET_EMU_HOST is not set: start the emulator and eval \"$(tests/emulator/emulator env)\"");
    QVERIFY(m_dir.isValid());
    // --emulator: the stand-in checks signatures made with the emulator's key ("sk-" + key for others).
    m_server = std::make_unique<test::LocalAwsServer>(QStringList{u"--emulator"_s});
    QVERIFY(m_server->isRunning());
    QFile credentials(m_dir.filePath(u"credentials"_s));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write("[ssm-test]\naws_access_key_id = " + qgetenv("SIGNET_EMU_ACCESS_KEY_ID") +
                      "\naws_secret_access_key = " + qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY") + "\n");
}

QProcessEnvironment TestSsmTunnel::cliEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, env("SIGNET_EMU_ACCESS_KEY_ID"));
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, env("SIGNET_EMU_SECRET_ACCESS_KEY"));
    environment.remove(u"AWS_SESSION_TOKEN"_s);
    environment.remove(u"AWS_PROFILE"_s);
    environment.remove(u"SIGNET_SSM_PLUGIN"_s);
    environment.insert(u"AWS_CONFIG_FILE"_s, u"/nonexistent"_s);
    environment.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, m_dir.filePath(u"credentials"_s));
    environment.insert(u"AWS_ENDPOINT_URL_SSM"_s, m_server->url().toString());
    environment.insert(u"PATH"_s, test::sourcePath(u"tests/support/ssm"_s) + u':' + env("PATH"));
    environment.insert(u"SIGNET_TEST_SSM_PLUGIN_LOG"_s, m_dir.filePath(u"plugin.log"_s));
    return environment;
}

QProcessEnvironment TestSsmTunnel::signingAs(const QString &faultKey) const
{
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, faultKey);
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"sk-"_s + faultKey);
    return environment;
}

TestSsmTunnel::Run TestSsmTunnel::signet(const QStringList &args,
                                         const QProcessEnvironment &environment) const
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(env("SIGNET_BIN"), args);
    Run result;
    if (!process.waitForFinished(60000))
        return result;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString TestSsmTunnel::addProfile(const QString &engine, bool namedAwsProfile)
{
    const QString name = u"ssm-"_s + engine + (namedAwsProfile ? u"-named"_s : u"-env"_s);
    signet({u"profiles"_s, u"remove"_s, name});
    QStringList args =
        QStringList{u"profiles"_s, u"add"_s, u"--name"_s, name} + test::emulatorEndpointOptions(engine);
    args << u"--ssm-target"_s << kTarget;
    args << (namedAwsProfile ? QStringList{u"--aws-profile"_s, u"ssm-test"_s}
                             : QStringList{u"--credentials"_s, u"environment"_s});
    const Run added = signet(args);
    if (added.exitCode != 0)
        qWarning("profiles add: %s", added.err.constData());
    return name;
}

// What the plugin stand-in must receive for a profile of `engine` signing as `profile`.
QString TestSsmTunnel::expectation(const QString &engine, const QString &profile) const
{
    const bool pg = engine == u"postgres";
    return QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"region"_s, env("SIGNET_EMU_REGION")},
                                  {u"profile"_s, profile},
                                  {u"endpoint"_s, m_server->url().toString()},
                                  {u"target"_s, kTarget},
                                  {u"host"_s, env("SIGNET_EMU_HOST")},
                                  {u"port"_s, env(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT")}})
            .toJson(QJsonDocument::Compact));
}

QList<QJsonObject> TestSsmTunnel::ssmCalls(const QString &action) const
{
    return test::ssmCalls(*m_server, action);
}

QList<QJsonObject> TestSsmTunnel::pluginStarts() const
{
    return test::ssmPluginStarts(m_dir.filePath(u"plugin.log"_s));
}

int TestSsmTunnel::forwarded(const QString &sessionId) const
{
    return test::ssmForwarded(m_dir.filePath(u"plugin.log"_s), sessionId);
}

void TestSsmTunnel::execThroughSsm_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<bool>("namedAwsProfile");
    QTest::newRow("mariadb, environment keys") << u"mariadb"_s << false;
    QTest::newRow("postgres, named AWS profile") << u"postgres"_s << true;
}

void TestSsmTunnel::execThroughSsm()
{
    QFETCH(QString, engine);
    QFETCH(bool, namedAwsProfile);
    const QString name = addProfile(engine, namedAwsProfile);
    const Run shown = signet({u"profiles"_s, u"show"_s, name});
    QVERIFY2(shown.out.contains(QStringLiteral("SSM port forwarding through %1 (%2)")
                                    .arg(kTarget, env("SIGNET_EMU_REGION"))
                                    .toUtf8()),
             shown.out.constData());

    const qsizetype startsBefore = ssmCalls(u"StartSession"_s).size();
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s,
                       expectation(engine, namedAwsProfile ? u"ssm-test"_s : QString()));
    const Run selected =
        signet({u"exec"_s, name, u"-e"_s, u"SELECT 1 AS one"_s, u"--format"_s, u"csv"_s}, environment);
    QVERIFY2(selected.exitCode == 0, selected.err.constData());
    QCOMPARE(selected.out, QByteArray("one\n1\n"));

    // StartSession asked to forward to the real endpoint; the plugin got that session, and the
    // session was terminated when the command ended.
    const QList<QJsonObject> started = ssmCalls(u"StartSession"_s);
    QCOMPARE(started.size(), startsBefore + 1);
    const QJsonObject request = started.last();
    QCOMPARE(request.value(u"Target"_s).toString(), kTarget);
    QCOMPARE(request.value(u"DocumentName"_s).toString(), u"AWS-StartPortForwardingSessionToRemoteHost"_s);
    const QJsonObject parameters = request.value(u"Parameters"_s).toObject();
    QCOMPARE(parameters.value(u"host"_s).toArray(), QJsonArray{env("SIGNET_EMU_HOST")});
    const QJsonObject plugin = pluginStarts().last();
    QCOMPARE(parameters.value(u"localPortNumber"_s).toArray(), QJsonArray{plugin.value(u"localPort"_s)});
    QVERIFY(plugin.value(u"variable"_s).toBool());
    const QString sessionId = plugin.value(u"sessionId"_s).toString();
    QVERIFY(!sessionId.isEmpty());
    QVERIFY(ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));
    // The query went through the plugin (besides the readiness check).
    QVERIFY(forwarded(sessionId) >= 2);
    // No token or secret on the terminal.
    QVERIFY(!selected.err.contains("AAEAA"));
    QVERIFY(!selected.err.contains(qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY")));
}

void TestSsmTunnel::checkShowsTheSsmRoute()
{
    const QString name = addProfile(u"postgres"_s, false);
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"postgres"_s, {}));
    const Run checked = signet({u"check"_s, name}, environment);
    QVERIFY2(
        checked.out.contains(
            QStringLiteral("SSM session to %1 (%2): up in ").arg(kTarget, env("SIGNET_EMU_REGION")).toUtf8()),
        checked.out.constData());
    QVERIFY2(checked.out.contains("logged in as"), checked.out.constData());
    QVERIFY2(checked.exitCode == 0, checked.out.constData());
}

void TestSsmTunnel::oldPluginIsRefused()
{
    // Plugins up to 1.2.497.0 take the session's token on their command line, readable by every user
    // of the machine: Signet refuses them, says how to update, and starts no session.
    const QString name = addProfile(u"mariadb"_s, false);
    const qsizetype startsBefore = ssmCalls(u"StartSession"_s).size();
    const qsizetype pluginRunsBefore = pluginStarts().size();
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"mariadb"_s, {}));
    environment.insert(u"SIGNET_TEST_SSM_PLUGIN_VERSION"_s, u"1.2.497.0"_s);
    const Run selected =
        signet({u"exec"_s, name, u"-e"_s, u"SELECT 3 AS three"_s, u"--format"_s, u"csv"_s}, environment);
    QVERIFY(selected.exitCode != 0);
    QVERIFY2(selected.err.contains("(version 1.2.497.0) is too old"), selected.err.constData());
    QVERIFY2(selected.err.contains("Update it to the latest version"), selected.err.constData());
    QCOMPARE(ssmCalls(u"StartSession"_s).size(), startsBefore);
    QCOMPARE(pluginStarts().size(), pluginRunsBefore);
}

// psql runs attached, connects to the SSM tunnel's local end with a token signed for, and TLS verified
// against, the endpoint; the session ends after it.
void TestSsmTunnel::launchThroughSsm()
{
    const QString name = addProfile(u"postgres"_s, false);
    const qsizetype endsBefore = ssmCalls(u"TerminateSession"_s).size();
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"postgres"_s, {}));
    QProcess launched;
    launched.setProcessEnvironment(environment);
    launched.start(env("SIGNET_BIN"), {u"launch"_s, name, u"--client"_s, u"psql"_s});
    QVERIFY(launched.waitForStarted(10000));
    launched.write("SELECT 'through-' || 'ssm';\n");
    launched.closeWriteChannel();
    QVERIFY(launched.waitForFinished(60000));
    const QString out = QString::fromUtf8(launched.readAllStandardOutput() + launched.readAllStandardError());
    QVERIFY2(launched.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(u"through-ssm"_s), qPrintable(out));
    QCOMPARE(ssmCalls(u"TerminateSession"_s).size(), endsBefore + 1);
    QVERIFY(forwarded(pluginStarts().last().value(u"sessionId"_s).toString()) >= 2);
}

void TestSsmTunnel::tunnelCommandServesOtherTools()
{
    const QString name = addProfile(u"postgres"_s, false);
    const auto port = tunnel::chooseFreeLocalPort();
    QVERIFY(port.ok());
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"postgres"_s, {}));
    QProcess foreground;
    foreground.setProcessEnvironment(environment);
    foreground.start(env("SIGNET_BIN"), {u"tunnel"_s, name, u"--port"_s, QString::number(*port)});
    QTRY_VERIFY_WITH_TIMEOUT(foreground.canReadLine() || foreground.state() == QProcess::NotRunning, 20000);
    QCOMPARE(foreground.readLine().trimmed(), QStringLiteral("127.0.0.1:%1").arg(*port).toUtf8());
    const QString sessionId = pluginStarts().last().value(u"sessionId"_s).toString();
    const Run viaTunnel = signet(QStringList{u"exec"_s} + test::emulatorEndpointOptions(u"postgres"_s) +
                                 QStringList{u"--via"_s, QStringLiteral("127.0.0.1:%1").arg(*port), u"-e"_s,
                                             u"SELECT 2 AS two"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(viaTunnel.exitCode == 0, viaTunnel.err.constData());
    QCOMPARE(viaTunnel.out, QByteArray("two\n2\n"));
    QVERIFY(!ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));
    ::kill(pid_t(foreground.processId()), SIGINT);
    QVERIFY(foreground.waitForFinished(10000));
    QCOMPARE(foreground.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(tunnel::isLocalPortFree(*port), 5000);
    QVERIFY(ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));
}

// `signet proxy` for an SSM profile: the session starts before the proxy listens, psql logs in with
// no password through proxy → plugin → emulator, and the session is terminated when the proxy stops.
void TestSsmTunnel::proxyServesPsqlThroughSsm()
{
    const QString name = addProfile(u"postgres"_s, false);
    const auto port = tunnel::chooseFreeLocalPort();
    QVERIFY(port.ok());
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"postgres"_s, {}));
    QProcess proxy;
    proxy.setProcessEnvironment(environment);
    proxy.start(env("SIGNET_BIN"), {u"proxy"_s, QStringLiteral("%1=%2").arg(name).arg(*port)});
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += proxy.readAllStandardOutput()).contains("No password needed") ||
                                 proxy.state() == QProcess::NotRunning,
                             30000);
    QVERIFY2(banner.contains("No password needed"), proxy.readAllStandardError().constData());
    const QString sessionId = pluginStarts().last().value(u"sessionId"_s).toString();
    const auto psql = test_support::SshCli::proxyPsql(*port, u"SELECT 'proxied-' || 'ssm'"_s);
    QVERIFY2(psql.exitCode == 0, psql.err.constData());
    QCOMPARE(psql.out.trimmed(), QByteArray("proxied-ssm"));
    QVERIFY(forwarded(sessionId) >= 2); // the readiness check and the proxy's upstream
    QVERIFY(!ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));
    ::kill(pid_t(proxy.processId()), SIGTERM);
    QVERIFY(proxy.waitForFinished(15000));
    QCOMPARE(proxy.exitCode(), 0);
    QVERIFY(ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));
}

// SIGTERM to `signet launch --client psql` while psql waits for input: psql is ended, then the SSM
// session is terminated before Signet exits.
void TestSsmTunnel::sigtermDuringLaunchTerminatesSession()
{
    const QString name = addProfile(u"postgres"_s, false);
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"postgres"_s, {}));
    const qsizetype startsBefore = pluginStarts().size();
    QProcess launched;
    launched.setProcessEnvironment(environment);
    launched.start(env("SIGNET_BIN"), {u"launch"_s, name, u"--client"_s, u"psql"_s});
    QVERIFY(launched.waitForStarted(10000));
    // psql reads its standard input (left open) once it is connected through the session.
    QTRY_VERIFY_WITH_TIMEOUT(pluginStarts().size() > startsBefore, 20000);
    const QString sessionId = pluginStarts().last().value(u"sessionId"_s).toString();
    QTRY_VERIFY_WITH_TIMEOUT(forwarded(sessionId) >= 2, 20000);
    ::kill(pid_t(launched.processId()), SIGTERM);
    QVERIFY(launched.waitForFinished(15000));
    QCOMPARE(launched.exitCode(), 1);
    QVERIFY(ssmCalls(u"TerminateSession"_s).contains(QJsonObject{{u"SessionId"_s, sessionId}}));
}

// The stand-in refuses what the AWS CLI would not have passed (here: another AWS profile name); its
// words reach the user and the session it was given is terminated.
void TestSsmTunnel::pluginComplaintIsShownAndSessionEnded()
{
    const QString name = addProfile(u"mariadb"_s, false);
    const qsizetype startsBefore = ssmCalls(u"StartSession"_s).size();
    const qsizetype endsBefore = ssmCalls(u"TerminateSession"_s).size();
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"SIGNET_TEST_SSM_EXPECT"_s, expectation(u"mariadb"_s, u"someone-else"_s));
    const Run refused = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s}, environment);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("the Session Manager plugin for the session to i-0123456789abcdef0 ended"),
             refused.err.constData());
    QVERIFY2(refused.err.contains("profile is '', expected 'someone-else'"), refused.err.constData());
    // One session started (the manager does not restart a tunnel that never opened), one ended.
    QCOMPARE(ssmCalls(u"StartSession"_s).size(), startsBefore + 1);
    QCOMPARE(ssmCalls(u"TerminateSession"_s).size(), endsBefore + 1);
}

void TestSsmTunnel::missingPluginSaysHowToInstall()
{
    const QString name = addProfile(u"mariadb"_s, false);
    const qsizetype startsBefore = ssmCalls(u"StartSession"_s).size();
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(u"PATH"_s, u"/nonexistent-bin"_s);
    const Run missing = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s}, environment);
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("session-manager-plugin"), missing.err.constData());
    QVERIFY2(missing.err.contains("not installed"), missing.err.constData());
    QVERIFY2(missing.err.contains("dpkg -i session-manager-plugin.deb"), missing.err.constData());
    // Nothing was started on the service that would linger.
    QCOMPARE(ssmCalls(u"StartSession"_s).size(), startsBefore);

    environment = cliEnvironment();
    environment.insert(u"SIGNET_SSM_PLUGIN"_s, m_dir.filePath(u"no-such-plugin"_s));
    const Run configured = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s}, environment);
    QCOMPARE(configured.exitCode, 1);
    QVERIFY2(configured.err.contains("SIGNET_SSM_PLUGIN"), configured.err.constData());
}

void TestSsmTunnel::accessDeniedNamesStartSession()
{
    const QString name = addProfile(u"mariadb"_s, false);
    const Run denied = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s}, signingAs(u"AKIASSMDENIED"_s));
    QCOMPARE(denied.exitCode, 1);
    QVERIFY2(denied.err.contains("ssm:StartSession"), denied.err.constData());
    QVERIFY2(!denied.err.contains("sk-AKIASSMDENIED"), denied.err.constData());
}

void TestSsmTunnel::agentNotConnectedIsNamed()
{
    const QString name = addProfile(u"postgres"_s, false);
    const QProcessEnvironment environment = signingAs(u"AKIANOTCONNECTED"_s);
    const Run refused = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s}, environment);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(
                 QStringLiteral("the SSM agent of instance %1 is not connected").arg(kTarget).toUtf8()),
             refused.err.constData());
    const Run checked = signet({u"check"_s, name}, environment);
    QCOMPARE(checked.exitCode, 1);
    QVERIFY2(checked.out.contains("[FAIL] Route"), checked.out.constData());
}

QTEST_GUILESS_MAIN(TestSsmTunnel)
#include "tst_ssm_tunnel.moc"
