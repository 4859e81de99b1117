// SPDX-License-Identifier: GPL-3.0-or-later
// SSH tunnels against a real OpenSSH server the test starts on loopback (throwaway host and user keys
// in a temporary directory, no system service touched) in front of the emulator: exec and check
// through the tunnel for both engines, `signet tunnel`, an unknown host key refused with its
// fingerprint, a refused key named as SSH's, and a killed ssh restarted by the manager.
#include "EmulatorEndpoint.h"
#include "SshCli.h"
#include "SshdFixture.h"
#include "db/DbSession.h"
#include "db/DbTokenSigner.h"
#include "tunnel/LocalPort.h"
#include "tunnel/SshTunnel.h"
#include "tunnel/TunnelManager.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

using namespace signet;
using namespace Qt::StringLiterals;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestSshTunnel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void execThroughTunnel_data();
    void execThroughTunnel();
    void checkHasRouteStep();
    void launchThroughTunnel_data();
    void launchThroughTunnel();
    void tunnelCommandServesOtherTools();
    void unknownHostKeyRefusedWithFingerprint();
    void refusedKeyNamesSsh();
    void killedSshIsRestarted();

private:
    using Run = test_support::SshCli::Run;
    QProcessEnvironment cliEnvironment(const QString &sshConfig) const;
    Run signet(const QStringList &args, const QString &sshConfig = {}) const;
    QString addProfile(const QString &engine, const QString &identity);
    QString path(const QString &name) const { return m_sshd.path(name); }

    test_support::SshdFixture m_sshd;
    test_support::SshCli m_cli{m_sshd.path(u"config"_s), m_sshd.knownConfig()};
    int m_port = 0;
    QString m_user;
    QString m_fingerprint;
};

void TestSshTunnel::initTestCase()
{
    if (env("SIGNET_EMU_HOST").isEmpty())
        QFAIL("SIGNET_EMU_HOST is not set: start the emulator and eval \"$(tests/emulator/emulator env)\"");
    const QString problem = m_sshd.start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_user = m_sshd.user();
    m_port = m_sshd.port();
    m_fingerprint = m_sshd.fingerprint();
    qputenv("SIGNET_SSH_CONFIG", m_sshd.knownConfig().toUtf8());
    qunsetenv("SSH_AUTH_SOCK");
}

void TestSshTunnel::cleanupTestCase()
{
    m_sshd.stop();
}

QProcessEnvironment TestSshTunnel::cliEnvironment(const QString &sshConfig) const
{
    return m_cli.environment(sshConfig);
}

TestSshTunnel::Run TestSshTunnel::signet(const QStringList &args, const QString &sshConfig) const
{
    return m_cli.run(args, sshConfig);
}

QString TestSshTunnel::addProfile(const QString &engine, const QString &identity)
{
    const QString name = u"ssh-"_s + engine + u'-' + QFileInfo(identity).baseName();
    m_cli.addProfile(name, engine,
                     {u"--ssh"_s, QStringLiteral("%1@127.0.0.1:%2").arg(m_user).arg(m_port),
                      u"--ssh-identity"_s, identity});
    return name;
}

void TestSshTunnel::execThroughTunnel_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("mariadb") << u"mariadb"_s;
    QTest::newRow("postgres") << u"postgres"_s;
}

void TestSshTunnel::execThroughTunnel()
{
    QFETCH(QString, engine);
    const QString name = addProfile(engine, path(u"user_key"_s));
    const Run shown = signet({u"profiles"_s, u"show"_s, name});
    QVERIFY2(shown.out.contains(
                 QStringLiteral("SSH tunnel through %1@127.0.0.1:%2").arg(m_user).arg(m_port).toUtf8()),
             shown.out.constData());
    const Run selected = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1 AS one"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(selected.exitCode == 0, selected.err.constData());
    QCOMPARE(selected.out, QByteArray("one\n1\n"));
    QVERIFY(!selected.err.contains("X-Amz"));
}

void TestSshTunnel::checkHasRouteStep()
{
    const QString name = addProfile(u"postgres"_s, path(u"user_key"_s));
    const Run checked = signet({u"check"_s, name});
    QVERIFY2(checked.out.contains("SSH tunnel to 127.0.0.1: up in "), checked.out.constData());
    QVERIFY2(checked.out.contains("logged in as"), checked.out.constData());
    QVERIFY2(checked.exitCode == 0, checked.out.constData());
}

void TestSshTunnel::launchThroughTunnel_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("engine");
    QTest::newRow("mariadb") << u"mariadb"_s << u"mariadb"_s;
    QTest::newRow("psql") << u"psql"_s << u"postgres"_s;
}

// A terminal client runs attached and connects to the tunnel's local end with a token signed for,
// and TLS verified against, the endpoint (both clients verify the server name).
void TestSshTunnel::launchThroughTunnel()
{
    QFETCH(QString, client);
    QFETCH(QString, engine);
    const QString name = addProfile(engine, path(u"user_key"_s));
    QProcess launched;
    launched.setProcessEnvironment(cliEnvironment({}));
    launched.start(env("SIGNET_BIN"), {u"launch"_s, name, u"--client"_s, client});
    QVERIFY(launched.waitForStarted(10000));
    launched.write("SELECT 'tunnelled-' || 'ok';\n");
    launched.closeWriteChannel();
    QVERIFY(launched.waitForFinished(60000));
    const QString out = QString::fromUtf8(launched.readAllStandardOutput() + launched.readAllStandardError());
    QVERIFY2(launched.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(u"tunnelled-ok"_s) || out.contains(u"'tunnelled-' || 'ok'"_s), qPrintable(out));
}

void TestSshTunnel::tunnelCommandServesOtherTools()
{
    const QString name = addProfile(u"mariadb"_s, path(u"user_key"_s));
    const auto port = tunnel::chooseFreeLocalPort();
    QVERIFY(port.ok());
    QProcess foreground;
    foreground.setProcessEnvironment(cliEnvironment({}));
    foreground.start(env("SIGNET_BIN"), {u"tunnel"_s, name, u"--port"_s, QString::number(*port)});
    QTRY_VERIFY_WITH_TIMEOUT(foreground.canReadLine() || foreground.state() == QProcess::NotRunning, 20000);
    QCOMPARE(foreground.readLine().trimmed(), QStringLiteral("127.0.0.1:%1").arg(*port).toUtf8());
    // Another tool connects to the tunnel; the token and TLS stay with the endpoint's name.
    const Run viaTunnel = signet(QStringList{u"exec"_s} + test::emulatorEndpointOptions(u"mariadb"_s) +
                                 QStringList{u"--via"_s, QStringLiteral("127.0.0.1:%1").arg(*port), u"-e"_s,
                                             u"SELECT 2 AS two"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(viaTunnel.exitCode == 0, viaTunnel.err.constData());
    QCOMPARE(viaTunnel.out, QByteArray("two\n2\n"));
    ::kill(pid_t(foreground.processId()), SIGINT);
    QVERIFY(foreground.waitForFinished(10000));
    QCOMPARE(foreground.exitCode(), 0);
    // The ssh process went with it: the port is free again.
    QTRY_VERIFY_WITH_TIMEOUT(tunnel::isLocalPortFree(*port), 5000);
}

void TestSshTunnel::unknownHostKeyRefusedWithFingerprint()
{
    const QString name = addProfile(u"postgres"_s, path(u"user_key"_s));
    const Run refused = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s}, path(u"ssh_config_unknown"_s));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("host key of bastion 127.0.0.1"), refused.err.constData());
    QVERIFY2(refused.err.contains(m_fingerprint.toUtf8()), refused.err.constData());
    QVERIFY2(refused.err.contains(QStringLiteral("ssh-keyscan -p %1 127.0.0.1").arg(m_port).toUtf8()),
             refused.err.constData());
    // Nothing was learnt silently.
    QCOMPARE(QFileInfo(path(u"empty_known_hosts"_s)).size(), 0);
}

void TestSshTunnel::refusedKeyNamesSsh()
{
    const QString name = addProfile(u"mariadb"_s, path(u"other_key"_s));
    const Run refused = signet({u"exec"_s, name, u"-e"_s, u"SELECT 1"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("the bastion 127.0.0.1"), refused.err.constData());
    QVERIFY2(refused.err.contains("refused the SSH key"), refused.err.constData());
    QVERIFY2(refused.err.contains("not the database login"), refused.err.constData());
    const Run checked = signet({u"check"_s, name});
    QCOMPARE(checked.exitCode, 1);
    QVERIFY2(checked.out.contains("[FAIL] Route"), checked.out.constData());
}

void TestSshTunnel::killedSshIsRestarted()
{
    tunnel::SshRoute route;
    route.user = m_user;
    route.host = u"127.0.0.1"_s;
    route.port = m_port;
    route.identityFile = path(u"user_key"_s);
    const tunnel::TunnelSpec spec{route, env("SIGNET_EMU_HOST"), env("SIGNET_EMU_PG_PORT").toInt(), 0};
    tunnel::TunnelManager manager;
    std::optional<Result<HostPort>> address;
    manager.acquire(spec, [&address](Result<HostPort> a) { address = std::move(a); });
    QTRY_VERIFY_WITH_TIMEOUT(address.has_value(), 20000);
    QVERIFY2(address->ok(), address->ok() ? "" : qPrintable(address->error().message));

    db::DbTarget target;
    target.engine = Engine::Postgres;
    target.host = env("SIGNET_EMU_HOST");
    target.port = env("SIGNET_EMU_PG_PORT").toInt();
    target.user = env("SIGNET_EMU_PG_USER");
    target.database = env("SIGNET_EMU_DATABASE");
    target.region = env("SIGNET_EMU_REGION");
    target.caFile = env("SIGNET_EMU_CA");
    target.viaHost = (*address)->host;
    target.viaPort = (*address)->port;
    QProcessEnvironment credentials;
    credentials.insert(u"AWS_ACCESS_KEY_ID"_s, env("SIGNET_EMU_ACCESS_KEY_ID"));
    credentials.insert(u"AWS_SECRET_ACCESS_KEY"_s, env("SIGNET_EMU_SECRET_ACCESS_KEY"));
    credentials.insert(u"AWS_CONFIG_FILE"_s, u"/nonexistent"_s);
    credentials.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, u"/nonexistent"_s);
    const db::DbTokenSigner signer{aws::CredentialChain(credentials)};
    auto query = [&](const QString &sql) -> QString {
        db::DbSession session(target, signer);
        QEventLoop loop;
        QString outcome = u"timeout"_s;
        connect(&session, &db::DbSession::finished, &loop, [&](quint64, const db::QuerySummary &) {
            outcome = u"ok"_s;
            loop.quit();
        });
        connect(&session, &db::DbSession::failed, &loop, [&](quint64, const db::QueryError &error) {
            outcome = error.error.message;
            loop.quit();
        });
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        session.run(sql);
        loop.exec();
        return outcome;
    };
    QCOMPARE(query(u"SELECT 1"_s), u"ok"_s);

    auto *ssh = qobject_cast<tunnel::SshTunnel *>(manager.tunnel(spec));
    QVERIFY(ssh);
    const qint64 pid = ssh->processId();
    QVERIFY(pid > 0);
    QSignalSpy died(&manager, &tunnel::TunnelManager::tunnelDied);
    QSignalSpy restarted(&manager, &tunnel::TunnelManager::tunnelRestarted);
    ::kill(pid_t(pid), SIGKILL);
    QTRY_COMPARE_WITH_TIMEOUT(restarted.size(), 1, 20000);
    QCOMPARE(died.size(), 1);
    QCOMPARE(restarted.first().at(1).toInt(), (*address)->port);
    auto *again = qobject_cast<tunnel::SshTunnel *>(manager.tunnel(spec));
    QVERIFY(again && again->processId() > 0 && again->processId() != pid);
    // The next connection goes through the new ssh on the same local address, with a fresh token.
    QCOMPARE(query(u"SELECT 2"_s), u"ok"_s);
    manager.release(spec);
    manager.closeAll();
    QCOMPARE(manager.tunnelCount(), 0);
}

QTEST_GUILESS_MAIN(TestSshTunnel)
#include "tst_ssh_tunnel.moc"
