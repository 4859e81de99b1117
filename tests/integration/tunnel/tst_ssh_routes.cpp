// SPDX-License-Identifier: GPL-3.0-or-later
// SSH routes beyond one bastion, against real OpenSSH servers the test starts on loopback in front of
// the emulator: a jump host (ProxyJump) before the bastion for exec and check, an unknown jump host key
// named with its fingerprint; `signet proxy` serving psql and mariadb through the tunnel; Ctrl-C on a
// terminal (a real pty) during `signet launch --client psql` reaching psql only, the tunnel closed
// when psql exits, SIGTERM ending both; and a local port another program holds never taken for ready.
#include "SshCli.h"
#include "SshdFixture.h"
#include "tunnel/LocalPort.h"
#include "tunnel/SshTunnel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace signet;
using namespace Qt::StringLiterals;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

// The processes `pid` started (Linux: /proc/PID/task/*/children) whose name is `comm`.
QList<qint64> childProcesses(qint64 pid, const QByteArray &comm)
{
    QList<qint64> found;
    const QString base = QStringLiteral("/proc/%1/task").arg(pid);
    for (const QString &task : QDir(base).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile list(base + u'/' + task + u"/children"_s);
        if (!list.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &child : list.readAll().simplified().split(' ')) {
            QFile name(QStringLiteral("/proc/%1/comm").arg(QString::fromLatin1(child)));
            if (!child.isEmpty() && name.open(QIODevice::ReadOnly) && name.readAll().trimmed() == comm)
                found << child.toLongLong();
        }
    }
    return found;
}

bool running(qint64 pid)
{
    // A process that ended and was reaped has no /proc entry; a zombie's state is Z.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    return !text.mid(text.lastIndexOf(')') + 1).trimmed().startsWith('Z');
}

// `signet` on a pseudo-terminal, as a user's shell runs it: its own session with the pty as the
// controlling terminal, so a Ctrl-C typed there goes to the foreground process group.
class Terminal final
{
public:
    Terminal(const QStringList &args, const QProcessEnvironment &environment)
    {
        QList<QByteArray> argv{QFile::encodeName(env("SIGNET_BIN"))};
        for (const QString &arg : args)
            argv << arg.toUtf8();
        QList<QByteArray> envp;
        for (const QString &entry : environment.toStringList())
            envp << entry.toUtf8();
        m_pid = ::forkpty(&m_fd, nullptr, nullptr, nullptr);
        if (m_pid == 0) {
            std::vector<char *> a, e;
            for (QByteArray &arg : argv)
                a.push_back(arg.data());
            a.push_back(nullptr);
            for (QByteArray &entry : envp)
                e.push_back(entry.data());
            e.push_back(nullptr);
            ::execve(a.front(), a.data(), e.data());
            ::_exit(127);
        }
    }
    ~Terminal()
    {
        if (m_pid > 0 && !m_exited) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Q_DISABLE_COPY_MOVE(Terminal)

    pid_t pid() const { return m_pid; }
    QByteArray output() const { return m_output; }
    void type(const QByteArray &keys)
    {
        [[maybe_unused]] const auto n = ::write(m_fd, keys.constData(), keys.size());
    }
    // Reads the terminal until `needle` appears after `from` (an offset in output()).
    bool waitFor(const QByteArray &needle, int timeoutMs, qsizetype from = 0)
    {
        QElapsedTimer clock;
        clock.start();
        while (m_output.indexOf(needle, from) < 0) {
            if (clock.elapsed() > timeoutMs)
                return false;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 100) > 0) {
                char buffer[4096];
                const ssize_t got = ::read(m_fd, buffer, sizeof buffer);
                if (got <= 0)
                    return m_output.indexOf(needle, from) >= 0;
                m_output.append(buffer, got);
            }
        }
        return true;
    }
    // Waits for signet to exit; its exit code, or -1.
    int waitExit(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_exited = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            waitFor("\x01never", 50, m_output.size()); // keep draining the terminal
        }
        return -1;
    }

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_exited = false;
    QByteArray m_output;
};

} // namespace

class TestSshRoutes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jumpHostExecAndCheck();
    void unknownJumpHostKeyIsNamed();
    void proxyServesClientsThroughTunnel();
    void ctrlCDuringLaunchReachesOnlyTheClient();
    void sigtermDuringLaunchEndsClientAndTunnel();
    void portHeldByAnotherProgramIsNotReady();

private:
    using Run = test_support::SshCli::Run;
    QString path(const QString &name) const { return m_bastion.path(name); }
    QString bastionOptionsProfile(const QString &engine);
    QProcessEnvironment terminalEnvironment() const;
    // Waits for psql's prompt on the terminal; the ssh and psql processes signet started.
    void launchedPsql(Terminal &terminal, qint64 *ssh, qint64 *psql);

    test_support::SshdFixture m_bastion;
    test_support::SshdFixture m_jump;
    test_support::SshCli m_cli{m_bastion.path(u"config"_s), m_bastion.knownConfig()};
};

void TestSshRoutes::initTestCase()
{
    if (env("SIGNET_EMU_HOST").isEmpty())
        QFAIL("SIGNET_EMU_HOST is not set: start the emulator and eval \"$(tests/emulator/emulator env)\"");
    for (test_support::SshdFixture *server : {&m_bastion, &m_jump}) {
        const QString problem = server->start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    // One identity for both hops: ssh hands the jump host's ssh the config (-F), not -i.
    QVERIFY(m_jump.authorize(m_bastion.userKey() + u".pub"_s));
    QVERIFY(test_support::SshdFixture::writeClientConfig(
        path(u"jump_known"_s), {m_bastion.knownHostsFile(), m_jump.knownHostsFile()}, m_bastion.userKey()));
    QVERIFY(test_support::SshdFixture::writeClientConfig(path(u"jump_unknown"_s),
                                                         {m_bastion.knownHostsFile()}, m_bastion.userKey()));
    qunsetenv("SSH_AUTH_SOCK");
    qputenv("SIGNET_SSH_CONFIG", m_bastion.knownConfig().toUtf8());
}

QString TestSshRoutes::bastionOptionsProfile(const QString &engine)
{
    const QString name = u"bastion-"_s + engine;
    m_cli.addProfile(name, engine,
                     {u"--ssh"_s, m_bastion.destination(), u"--ssh-identity"_s, m_bastion.userKey()});
    return name;
}

// Through the jump host to the bastion to the database: the token is signed for the emulator's
// endpoint (its verifier refuses any other host), and the jump host's server saw the login.
void TestSshRoutes::jumpHostExecAndCheck()
{
    m_cli.addProfile(u"jumped"_s, u"postgres"_s,
                     {u"--ssh"_s, m_bastion.destination(), u"--ssh-identity"_s, m_bastion.userKey(),
                      u"--ssh-jump"_s, m_jump.destination()});
    const Run shown = m_cli.run({u"profiles"_s, u"show"_s, u"jumped"_s});
    QVERIFY2(shown.out.contains(m_jump.destination().toUtf8()), shown.out.constData());
    const Run selected = m_cli.run(
        {u"exec"_s, u"jumped"_s, u"-e"_s, u"SELECT 'jumped-' || 'ok' AS hop"_s, u"--format"_s, u"csv"_s},
        path(u"jump_known"_s));
    QVERIFY2(selected.exitCode == 0, selected.err.constData());
    QCOMPARE(selected.out, QByteArray("hop\njumped-ok\n"));
    // The server's log arrives through the event loop.
    QTRY_VERIFY2_WITH_TIMEOUT(m_jump.serverLog().contains(u"Accepted publickey for "_s + m_jump.user()),
                              qPrintable(m_jump.serverLog()), 5000);
    const Run checked = m_cli.run({u"check"_s, u"jumped"_s}, path(u"jump_known"_s));
    QVERIFY2(checked.exitCode == 0, checked.out.constData());
    QVERIFY2(checked.out.contains("SSH tunnel to 127.0.0.1: up in "), checked.out.constData());
    QVERIFY2(checked.out.contains("logged in as"), checked.out.constData());

    m_cli.addProfile(u"jumped-my"_s, u"mariadb"_s,
                     {u"--ssh"_s, m_bastion.destination(), u"--ssh-identity"_s, m_bastion.userKey(),
                      u"--ssh-jump"_s, m_jump.destination()});
    const Run mariadb =
        m_cli.run({u"exec"_s, u"jumped-my"_s, u"-e"_s, u"SELECT 2 AS two"_s, u"--format"_s, u"csv"_s},
                  path(u"jump_known"_s));
    QVERIFY2(mariadb.exitCode == 0, mariadb.err.constData());
    QCOMPARE(mariadb.out, QByteArray("two\n2\n"));
}

// The bastion's key is known, the jump host's is not: the error names the jump host, its port and its
// fingerprint (not the bastion's), and nothing is added to known_hosts.
void TestSshRoutes::unknownJumpHostKeyIsNamed()
{
    m_cli.addProfile(u"jumped"_s, u"postgres"_s,
                     {u"--ssh"_s, m_bastion.destination(), u"--ssh-identity"_s, m_bastion.userKey(),
                      u"--ssh-jump"_s, m_jump.destination()});
    const QByteArray knownBefore = [&] {
        QFile file(m_bastion.knownHostsFile());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    const Run refused = m_cli.run({u"exec"_s, u"jumped"_s, u"-e"_s, u"SELECT 1"_s}, path(u"jump_unknown"_s));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("host key of jump host 127.0.0.1 (port %1) is not known")
                                      .arg(m_jump.port())
                                      .toUtf8()),
             refused.err.constData());
    QVERIFY2(refused.err.contains(m_jump.fingerprint().toUtf8()), refused.err.constData());
    QVERIFY2(!refused.err.contains(m_bastion.fingerprint().toUtf8()), refused.err.constData());
    QVERIFY2(refused.err.contains(QStringLiteral("ssh-keyscan -p %1 127.0.0.1").arg(m_jump.port()).toUtf8()),
             refused.err.constData());
    QFile after(m_bastion.knownHostsFile());
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), knownBefore);
}

// `signet proxy` opens each profile's tunnel (ProfileSession → ProfileRoutes), holds it while it serves,
// and psql and mariadb log in with no password through proxy → ssh → emulator; the proxy's end closes
// the tunnels.
void TestSshRoutes::proxyServesClientsThroughTunnel()
{
    const QString pg = bastionOptionsProfile(u"postgres"_s);
    const QString my = bastionOptionsProfile(u"mariadb"_s);
    const auto pgPort = tunnel::chooseFreeLocalPort();
    const auto myPort = tunnel::chooseFreeLocalPort();
    QVERIFY(pgPort.ok() && myPort.ok() && *pgPort != *myPort);
    QProcess proxy;
    proxy.setProcessEnvironment(m_cli.environment());
    proxy.start(env("SIGNET_BIN"), {u"proxy"_s, QStringLiteral("%1=%2").arg(pg).arg(*pgPort),
                                    QStringLiteral("%1=%2").arg(my).arg(*myPort)});
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += proxy.readAllStandardOutput()).contains("No password needed") ||
                                 proxy.state() == QProcess::NotRunning,
                             30000);
    QVERIFY2(banner.contains("No password needed"), proxy.readAllStandardError().constData());
    // One ssh per route (two database ports), held while the proxy serves.
    const QList<qint64> tunnels = childProcesses(proxy.processId(), "ssh");
    QCOMPARE(tunnels.size(), 2);

    const Run psql = test_support::SshCli::proxyPsql(*pgPort, u"SELECT 'proxied-' || 'pg'"_s);
    QVERIFY2(psql.exitCode == 0, psql.err.constData());
    QCOMPARE(psql.out.trimmed(), QByteArray("proxied-pg"));
    QProcess mariadb;
    mariadb.start(u"mariadb"_s,
                  {u"--protocol=TCP"_s, u"-h"_s, u"127.0.0.1"_s, u"-P"_s, QString::number(*myPort), u"-u"_s,
                   env("SIGNET_EMU_MYSQL_USER"), u"-N"_s, u"-B"_s, u"-e"_s,
                   u"SELECT CONCAT('proxied-', 'my')"_s, env("SIGNET_EMU_DATABASE")});
    QVERIFY(mariadb.waitForFinished(30000));
    QVERIFY2(mariadb.exitCode() == 0, mariadb.readAllStandardError().constData());
    QCOMPARE(mariadb.readAllStandardOutput().trimmed(), QByteArray("proxied-my"));
    QCOMPARE(childProcesses(proxy.processId(), "ssh"), tunnels);

    ::kill(pid_t(proxy.processId()), SIGTERM);
    QVERIFY(proxy.waitForFinished(15000));
    QCOMPARE(proxy.exitCode(), 0);
    for (const qint64 ssh : tunnels)
        QTRY_VERIFY_WITH_TIMEOUT(!running(ssh), 5000);
    const QByteArray log = proxy.readAllStandardError();
    QVERIFY2(!log.contains("X-Amz"), log.constData());
}

QProcessEnvironment TestSshRoutes::terminalEnvironment() const
{
    QProcessEnvironment environment = m_cli.environment();
    environment.insert(u"TERM"_s, u"dumb"_s);
    environment.insert(u"PSQLRC"_s, u"/dev/null"_s);
    environment.insert(u"PAGER"_s, u"cat"_s);
    environment.insert(u"PSQL_PAGER"_s, u"cat"_s);
    return environment;
}

void TestSshRoutes::launchedPsql(Terminal &terminal, qint64 *ssh, qint64 *psql)
{
    QVERIFY2(terminal.waitFor(env("SIGNET_EMU_DATABASE").toUtf8() + "=>", 30000),
             terminal.output().constData());
    const QList<qint64> tunnels = childProcesses(terminal.pid(), "ssh");
    const QList<qint64> clients = childProcesses(terminal.pid(), "psql");
    QCOMPARE(tunnels.size(), 1);
    QCOMPARE(clients.size(), 1);
    *ssh = tunnels.first();
    *psql = clients.first();
}

// Ctrl-C typed on the terminal while psql runs a query through the tunnel: psql cancels the query and
// goes on (the same session answers the next query through the same ssh), Signet stays; when psql
// exits, Signet closes the tunnel and exits with psql's code.
void TestSshRoutes::ctrlCDuringLaunchReachesOnlyTheClient()
{
    const QString name = bastionOptionsProfile(u"postgres"_s);
    Terminal terminal({u"launch"_s, name, u"--client"_s, u"psql"_s}, terminalEnvironment());
    qint64 ssh = 0, psql = 0;
    launchedPsql(terminal, &ssh, &psql);
    if (QTest::currentTestFailed())
        return;

    qsizetype mark = terminal.output().size();
    terminal.type("SELECT pg_sleep(30);\r");
    QVERIFY(terminal.waitFor("pg_sleep(30);", 5000, mark));
    QThread::msleep(1000); // the query runs on the server
    mark = terminal.output().size();
    terminal.type("\x03"); // Ctrl-C: the terminal signals its foreground process group
    QVERIFY2(terminal.waitFor("canceling statement due to user request", 10000, mark),
             terminal.output().constData());
    QVERIFY(running(terminal.pid()));
    QVERIFY(running(ssh));
    QVERIFY(running(psql));

    mark = terminal.output().size();
    terminal.type("SELECT 'after-' || 'cancel';\r");
    QVERIFY2(terminal.waitFor("after-cancel", 10000, mark), terminal.output().constData());
    QCOMPARE(childProcesses(terminal.pid(), "ssh"), QList<qint64>{ssh});

    terminal.type("\\q\r");
    QCOMPARE(terminal.waitExit(15000), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!running(ssh), 5000);
    QVERIFY(!running(psql));
}

// SIGTERM to Signet while psql runs: psql is ended, then the tunnel; nothing is left behind.
void TestSshRoutes::sigtermDuringLaunchEndsClientAndTunnel()
{
    const QString name = bastionOptionsProfile(u"postgres"_s);
    Terminal terminal({u"launch"_s, name, u"--client"_s, u"psql"_s}, terminalEnvironment());
    qint64 ssh = 0, psql = 0;
    launchedPsql(terminal, &ssh, &psql);
    if (QTest::currentTestFailed())
        return;
    ::kill(terminal.pid(), SIGTERM);
    const int code = terminal.waitExit(15000);
    QVERIFY2(code == 1, qPrintable(QString::number(code)));
    QTRY_VERIFY_WITH_TIMEOUT(!running(psql), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!running(ssh), 5000);
}

// Another program listens on the port the tunnel was given (as when one takes a chosen free port
// before ssh binds it): a connection to it succeeds, yet the tunnel must not call itself open; ssh
// cannot bind, exits, and the failure names the local port.
void TestSshRoutes::portHeldByAnotherProgramIsNotReady()
{
    QTcpServer impostor;
    QVERIFY(impostor.listen(QHostAddress::LocalHost, 0));
    tunnel::SshRoute route;
    route.user = m_bastion.user();
    route.host = u"127.0.0.1"_s;
    route.port = m_bastion.port();
    route.identityFile = m_bastion.userKey();
    const tunnel::TunnelSpec spec{route, env("SIGNET_EMU_HOST"), env("SIGNET_EMU_PG_PORT").toInt(),
                                  int(impostor.serverPort())};
    tunnel::SshTunnel tunnel(spec);
    QSignalSpy opened(&tunnel, &tunnel::Tunnel::opened);
    QSignalSpy failed(&tunnel, &tunnel::Tunnel::failed);
    tunnel.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    QCOMPARE(opened.size(), 0);
    const auto error = failed.first().first().value<Error>();
    QCOMPARE(error.code, QString::fromLatin1(tunnel::SshError::LocalPortBusy));
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(impostor.serverPort())),
             qPrintable(error.message));
    QCOMPARE(tunnel::localPortListener(impostor.serverPort(), QCoreApplication::applicationPid()),
             tunnel::PortListener::Process);
}

QTEST_GUILESS_MAIN(TestSshRoutes)
#include "tst_ssh_routes.moc"
