// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets stay secret when things go wrong. The CLI is made to fail in each way it can while it
// holds session credentials: bad credentials (a wrong secret key), expired credentials, a server
// without TLS (the emulator's TLS-stripping ports), an upstream that resets the connection (at
// accept, after the greeting, in the middle of TLS), an STS that refuses the signature or is not
// there. After each run nothing it printed (stdout, stderr with every Qt log category on), nor any
// file under its HOME, XDG config/data/cache/state dirs and TMPDIR, holds the secret key, the
// session token (raw or URL-encoded, or a 40-character piece of it) or any IAM token
// (X-Amz-Signature). And a process killed by a core-dumping signal leaves no core file.
#include "LocalAwsServer.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <csignal>
#include <sys/resource.h>
#include <sys/socket.h>

namespace {

// Closes a socket with a TCP reset (SO_LINGER 0) rather than an orderly FIN.
void resetSocket(QTcpSocket *socket)
{
    if (socket->socketDescriptor() >= 0) {
        const struct linger hard
        {
            1, 0
        };
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    socket->abort();
}

// A loopback relay in front of an emulator port that resets the connection at a chosen point.
class ResetRelay final : public QObject
{
public:
    enum class When
    {
        AtAccept,         // before any byte
        AfterGreeting,    // once the server's first bytes reached the client, on the client's answer
        AfterClientBytes, // once the client has sent `threshold` bytes (inside the TLS handshake or later)
    };

    ResetRelay(When when, quint16 upstreamPort, qint64 threshold = 0)
        : m_when(when)
        , m_upstreamPort(upstreamPort)
        , m_threshold(threshold)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                relay(client);
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int resets() const { return m_resets; }

private:
    void relay(QTcpSocket *client)
    {
        client->setParent(this);
        if (m_when == When::AtAccept) {
            ++m_resets;
            resetSocket(client);
            return;
        }
        auto *upstream = new QTcpSocket(this);
        auto *fromServer = new qint64(0);
        auto *fromClient = new qint64(0);
        connect(client, &QObject::destroyed, this, [fromServer, fromClient] {
            delete fromServer;
            delete fromClient;
        });
        auto resetBoth = [this, client, upstream] {
            ++m_resets;
            resetSocket(client);
            resetSocket(upstream);
        };
        connect(upstream, &QTcpSocket::readyRead, this, [client, upstream, fromServer] {
            const QByteArray bytes = upstream->readAll();
            *fromServer += bytes.size();
            client->write(bytes);
        });
        connect(client, &QTcpSocket::readyRead, this,
                [this, client, upstream, fromServer, fromClient, resetBoth] {
                    const QByteArray bytes = client->readAll();
                    *fromClient += bytes.size();
                    if ((m_when == When::AfterGreeting && *fromServer > 0) ||
                        (m_when == When::AfterClientBytes && *fromClient >= m_threshold)) {
                        resetBoth();
                        return;
                    }
                    upstream->write(bytes);
                });
        connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }

    QTcpServer m_server;
    When m_when;
    quint16 m_upstreamPort;
    qint64 m_threshold;
    int m_resets = 0;
};

struct Secrets
{
    QString keyId;
    QString secretKey;
    QString sessionToken;
};

} // namespace

class TestFailureSecrets final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void databaseFailures_data();
    void databaseFailures();
    void stsFailures_data();
    void stsFailures();
    void noCoreDump_data();
    void noCoreDump();

private:
    struct Run
    {
        bool finished = false;
        QProcess::ExitStatus status = QProcess::CrashExit;
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // Runs signet in a fresh HOME/XDG/TMPDIR (kept in m_home until the next run) with `secrets` as
    // the AWS environment, keeping the event loop (and so any relay) running.
    Run signet(const QStringList &args, const Secrets &secrets, const QMap<QString, QString> &extraEnv = {});
    // Fails the test naming where a secret was found.
    void expectNothingLeaked(const Run &run, const Secrets &secrets);

    Secrets m_session;
    Secrets m_badSecret;
    Secrets m_expired;
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestFailureSecrets::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("SIGNET_EMU_HOST"))
        QFAIL("SIGNET_EMU_HOST is not set: start the emulator and eval \"$(tests/emulator/emulator env)\"");
    QVERIFY(!qEnvironmentVariableIsEmpty("SIGNET_BIN"));
    m_session = {qEnvironmentVariable("SIGNET_EMU_SESSION_ACCESS_KEY_ID"),
                 qEnvironmentVariable("SIGNET_EMU_SESSION_SECRET_ACCESS_KEY"),
                 qEnvironmentVariable("SIGNET_EMU_SESSION_TOKEN")};
    QVERIFY(m_session.sessionToken.size() > 100);
    m_badSecret = m_session;
    std::reverse(m_badSecret.secretKey.begin(), m_badSecret.secretKey.end());
    m_expired = {qEnvironmentVariable("SIGNET_EMU_EXPIRED_ACCESS_KEY_ID"),
                 qEnvironmentVariable("SIGNET_EMU_EXPIRED_SECRET_ACCESS_KEY"),
                 qEnvironmentVariable("SIGNET_EMU_EXPIRED_SESSION_TOKEN")};
    QVERIFY(!m_expired.sessionToken.isEmpty());
}

TestFailureSecrets::Run TestFailureSecrets::signet(const QStringList &args, const Secrets &secrets,
                                                   const QMap<QString, QString> &extraEnv)
{
    m_home = std::make_unique<QTemporaryDir>();
    const QString home = m_home->path();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"config", "share", "cache", "state", "tmp"})
        QDir(home).mkpath(QLatin1String(name));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/share"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    environment.insert(QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/state"));
    environment.insert(QStringLiteral("TMPDIR"), home + QStringLiteral("/tmp"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), home + QStringLiteral("/aws-config"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                       home + QStringLiteral("/aws-credentials"));
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), secrets.keyId);
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secrets.secretKey);
    environment.insert(QStringLiteral("AWS_SESSION_TOKEN"), secrets.sessionToken);
    environment.remove(QStringLiteral("AWS_PROFILE"));
    // Every Qt log category on: a secret in any debug line would show.
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*=true"));
    for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
        environment.insert(it.key(), it.value());

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(home);
    QEventLoop loop;
    connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(90000, &loop, &QEventLoop::quit);
    process.start(qEnvironmentVariable("SIGNET_BIN"), args);
    loop.exec();
    Run run;
    run.finished = process.state() == QProcess::NotRunning;
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.status = process.exitStatus();
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestFailureSecrets::expectNothingLeaked(const Run &run, const Secrets &secrets)
{
    QList<std::pair<QString, QByteArray>> needles{
        {QStringLiteral("the secret access key"), secrets.secretKey.toUtf8()},
        {QStringLiteral("the session token"), secrets.sessionToken.toUtf8()},
        {QStringLiteral("the URL-encoded session token"),
         QUrl::toPercentEncoding(secrets.sessionToken).left(60)},
        {QStringLiteral("a piece of the session token"), secrets.sessionToken.toUtf8().mid(40, 40)},
        {QStringLiteral("an IAM token"), QByteArrayLiteral("X-Amz-Signature")},
        {QStringLiteral("an IAM token"), QByteArrayLiteral("X-Amz-Security-Token")},
    };
    QList<std::pair<QString, QByteArray>> haystacks{{QStringLiteral("stdout"), run.out},
                                                    {QStringLiteral("stderr"), run.err}};
    QDirIterator files(m_home->path(), QDir::Files | QDir::Hidden | QDir::System,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            haystacks.append({path, file.readAll()});
    }
    for (const auto &[where, bytes] : haystacks) {
        for (const auto &[what, needle] : needles) {
            if (!needle.isEmpty() && bytes.contains(needle))
                QFAIL(qPrintable(QStringLiteral("%1 is in %2").arg(what, where)));
        }
    }
}

void TestFailureSecrets::databaseFailures_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("failure");
    for (const QString &command : {QStringLiteral("exec"), QStringLiteral("check")}) {
        for (const QString &engine : {QStringLiteral("mariadb"), QStringLiteral("postgres")}) {
            for (const QString &failure :
                 {QStringLiteral("bad-credentials"), QStringLiteral("expired-credentials"),
                  QStringLiteral("no-tls"), QStringLiteral("reset-at-accept"),
                  QStringLiteral("reset-after-greeting"), QStringLiteral("reset-in-tls")}) {
                QTest::addRow("%s %s %s", qPrintable(command), qPrintable(engine), qPrintable(failure))
                    << command << engine << failure;
            }
        }
    }
}

void TestFailureSecrets::databaseFailures()
{
    QFETCH(QString, command);
    QFETCH(QString, engine);
    QFETCH(QString, failure);
    const bool pg = engine == u"postgres";
    quint16 port = quint16(qEnvironmentVariableIntValue(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT"));
    Secrets secrets = m_session;
    std::unique_ptr<ResetRelay> relay;
    if (failure == u"bad-credentials")
        secrets = m_badSecret;
    else if (failure == u"expired-credentials")
        secrets = m_expired;
    else if (failure == u"no-tls")
        port = quint16(
            qEnvironmentVariableIntValue(pg ? "SIGNET_EMU_PG_NOTLS_PORT" : "SIGNET_EMU_MYSQL_NOTLS_PORT"));
    else if (failure == u"reset-at-accept")
        relay = std::make_unique<ResetRelay>(ResetRelay::When::AtAccept, port);
    else if (failure == u"reset-after-greeting")
        relay = std::make_unique<ResetRelay>(ResetRelay::When::AfterGreeting, port);
    else if (failure == u"reset-in-tls")
        // Past the ClientHello (a few hundred bytes): the reset comes during the handshake or while
        // the encrypted login with the 2 KB token is on its way.
        relay = std::make_unique<ResetRelay>(ResetRelay::When::AfterClientBytes, port, 700);
    if (relay)
        port = relay->port();

    QStringList args{command,
                     QStringLiteral("--engine"),
                     engine,
                     QStringLiteral("--host"),
                     qEnvironmentVariable("SIGNET_EMU_HOST"),
                     QStringLiteral("--port"),
                     QString::number(port),
                     QStringLiteral("--user"),
                     qEnvironmentVariable("SIGNET_EMU_MYSQL_USER"),
                     QStringLiteral("--region"),
                     qEnvironmentVariable("SIGNET_EMU_REGION"),
                     QStringLiteral("--database"),
                     qEnvironmentVariable("SIGNET_EMU_DATABASE"),
                     QStringLiteral("--ca"),
                     qEnvironmentVariable("SIGNET_EMU_CA")};
    if (command == u"exec")
        args << QStringLiteral("-e") << QStringLiteral("SELECT 1");
    const Run run = signet(args, secrets);
    QVERIFY2(run.finished, "signet did not finish within 90 s");
    QCOMPARE(run.status, QProcess::NormalExit);
    QVERIFY2(run.exitCode != 0, run.out.constData());
    QVERIFY2(!run.err.trimmed().isEmpty() || !run.out.trimmed().isEmpty(), "the failure was not reported");
    if (relay)
        QVERIFY(relay->resets() > 0);
    expectNothingLeaked(run, secrets);
}

void TestFailureSecrets::stsFailures_data()
{
    QTest::addColumn<QString>("failure");
    QTest::newRow("signature refused") << QStringLiteral("bad-credentials");
    QTest::newRow("STS not there") << QStringLiteral("closed-port");
}

void TestFailureSecrets::stsFailures()
{
    QFETCH(QString, failure);
    signet::test::LocalAwsServer sts;
    QVERIFY(sts.isRunning());
    const QString endpoint = failure == u"closed-port"
                                 ? QStringLiteral("http://127.0.0.1:%1").arg(signet::test::closedPort())
                                 : sts.url().toString();
    const Run run = signet({QStringLiteral("whoami")}, m_badSecret,
                           {{QStringLiteral("AWS_ENDPOINT_URL_STS"), endpoint},
                            {QStringLiteral("AWS_REGION"), QStringLiteral("eu-central-1")}});
    QVERIFY(run.finished);
    QCOMPARE(run.status, QProcess::NormalExit);
    if (failure == u"bad-credentials") {
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains("SignatureDoesNotMatch"), run.err.constData());
    } else {
        // The keys resolved; only the identity is unknown, and whoami says so (issue 12).
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray said = run.out + run.err;
        QVERIFY2(said.contains("unknown"), said.constData());
    }
    expectNothingLeaked(run, m_badSecret);
}

void TestFailureSecrets::noCoreDump_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("signalNumber");
    const QString cli = qEnvironmentVariable("SIGNET_BIN");
    // The CLI waiting for a credential_process, and the GUI on its profile page.
    const QStringList token{
        QStringLiteral("token"),    QStringLiteral("--aws-profile"),  QStringLiteral("slow"),
        QStringLiteral("--host"),   QStringLiteral("db.example.com"), QStringLiteral("--port"),
        QStringLiteral("5432"),     QStringLiteral("--user"),         QStringLiteral("u"),
        QStringLiteral("--region"), QStringLiteral("eu-central-1")};
    QTest::newRow("cli SIGQUIT") << cli << token << SIGQUIT;
    QTest::newRow("cli SIGSEGV") << cli << token << SIGSEGV;
    const QString gui = QFileInfo(cli).absolutePath() + QStringLiteral("/signet-gui");
    if (QFileInfo::exists(gui))
        QTest::newRow("gui SIGQUIT") << gui << QStringList() << SIGQUIT;
}

void TestFailureSecrets::noCoreDump()
{
    QFETCH(QString, program);
    QFETCH(QStringList, args);
    QFETCH(int, signalNumber);
    QTemporaryDir home;
    QFile config(home.filePath(QStringLiteral("aws-config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[profile slow]\ncredential_process = /bin/sleep 60\n");
    config.close();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), config.fileName());
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

    // Start with core dumps allowed (as a shell with `ulimit -c unlimited` would), kill, and look
    // for a core file in the working directory (core_pattern "core", Debian's default).
    const auto killAndCountCores = [&](const QString &executable, const QStringList &arguments,
                                       int waitMs) -> std::pair<int, QString> {
        QTemporaryDir cwd;
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(cwd.path());
        process.setChildProcessModifier([] {
            struct rlimit unlimited
            {
                RLIM_INFINITY, RLIM_INFINITY
            };
            setrlimit(RLIMIT_CORE, &unlimited);
        });
        process.start(executable, arguments);
        if (!process.waitForStarted(10000))
            return {-1, QStringLiteral("did not start")};
        QTest::qWait(waitMs);
        QFile limits(QStringLiteral("/proc/%1/limits").arg(process.processId()));
        QString coreLimit;
        if (limits.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : limits.readAll().split('\n')) {
                if (line.startsWith("Max core file size"))
                    coreLimit = QString::fromLatin1(line.simplified());
            }
        }
        // Never kill(0, …), which would signal this whole process group.
        if (process.state() != QProcess::Running || process.processId() <= 0)
            return {-1, QStringLiteral("exited before it was killed: ") +
                            QString::fromUtf8(process.readAllStandardError().right(400))};
        ::kill(pid_t(process.processId()), signalNumber);
        process.waitForFinished(15000);
        const int cores = int(QDir(cwd.path()).entryList({QStringLiteral("core*")}, QDir::Files).size());
        return {cores, coreLimit};
    };

    // The control: the same kill of a plain program leaves a core here, or the test cannot tell.
    const auto control = killAndCountCores(QStringLiteral("/bin/sleep"), {QStringLiteral("60")}, 300);
    const auto signet = killAndCountCores(program, args, 3000);
    QVERIFY2(control.first >= 0, qPrintable(control.second));
    QVERIFY2(signet.first >= 0, qPrintable(signet.second));
    if (!signet.second.isEmpty())
        QVERIFY2(signet.second.contains(QStringLiteral("size 0 0")), qPrintable(signet.second));
    if (control.first == 0)
        QSKIP("this system writes no core files in the working directory (core_pattern is a pipe or "
              "elsewhere): only the core limit was checked");
    QCOMPARE(signet.first, 0);
}

QTEST_GUILESS_MAIN(TestFailureSecrets)
#include "tst_failure_secrets.moc"
