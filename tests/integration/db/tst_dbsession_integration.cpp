// SPDX-License-Identifier: GPL-3.0-or-later
// DbSession against the emulated RDS: login with session-credential tokens, reconnect with a fresh
// token, and every way TLS can fail refusing before the token leaves the process.
#include "common/Clock.h"
#include "db/DbSession.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtEndian>

#include <memory>

#include <unistd.h>

using namespace signet;
using namespace signet::db;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

struct Outcome
{
    QStringList columns;
    QList<QStringList> rows;
    bool done = false;
    bool failed = false;
    QueryError error;
    QuerySummary summary;
    QStringList reconnects;
};

// Runs one statement and waits for its end.
Outcome runAndWait(DbSession &session, const QString &sql, int timeoutMs = 20000)
{
    Outcome outcome;
    QObject context;
    QObject::connect(&session, &DbSession::columnsReceived, &context, [&](quint64, const QStringList &c) {
        outcome.columns = c;
        outcome.rows.clear();
    });
    QObject::connect(&session, &DbSession::progressed, &context, [&](quint64, const ResultChunk &chunk) {
        for (int r = 0; r < chunk.rowCount(); ++r) {
            QStringList row;
            for (int c = 0; c < chunk.columnCount(); ++c)
                row << (chunk.isNull(r, c) ? QStringLiteral("<NULL>") : chunk.text(r, c));
            outcome.rows << row;
        }
    });
    QObject::connect(&session, &DbSession::reconnected, &context,
                     [&](const QString &reason, const ServerInfo &) { outcome.reconnects << reason; });
    QObject::connect(&session, &DbSession::finished, &context, [&](quint64, const QuerySummary &s) {
        outcome.summary = s;
        outcome.done = true;
    });
    QObject::connect(&session, &DbSession::failed, &context, [&](quint64, const QueryError &e) {
        outcome.error = e;
        outcome.failed = outcome.done = true;
    });
    session.run(sql);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.done, timeoutMs); }();
    if (!outcome.done)
        outcome.failed = outcome.done = true, outcome.error.error.code = QStringLiteral("test.timeout");
    return outcome;
}

// Starts `program` as root: directly when the tests run as root, else through `sudo -n` (scripts/test
// for a user with sudo). The emulator's settings pass through, since sudo resets the environment.
void startAsRoot(QProcess &process, const QString &program, const QStringList &arguments)
{
    if (geteuid() == 0) {
        process.start(program, arguments);
        return;
    }
    QStringList sudo{QStringLiteral("-n"), QStringLiteral("env")};
    for (const char *name : {"SIGNET_EMU_DIR", "SIGNET_EMU_MYSQL_PORT", "SIGNET_EMU_PG_PORT"}) {
        if (qEnvironmentVariableIsSet(name))
            sudo << QString::fromLatin1(name) + u'=' + qEnvironmentVariable(name);
    }
    process.start(QStringLiteral("sudo"), sudo << program << arguments);
}

// Qt's own QMYSQL driver (the control experiment) logging in on a thread of its own: QtSql blocks in
// open(), and a listener in the test needs this thread's event loop. SSL_CA is set, as a careful
// user of QMYSQL would; the emulator's CA file is the one given.
std::unique_ptr<QThread> startQmysqlLogin(quint16 port, const QString &user, const QString &password,
                                          int timeoutSeconds)
{
    const QString ca = env("SIGNET_EMU_CA");
    std::unique_ptr<QThread> client(QThread::create([port, user, password, ca, timeoutSeconds] {
        const QString name = QStringLiteral("qmysql-control-%1").arg(port);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(port);
            db.setUserName(user);
            db.setPassword(password);
            db.setConnectOptions(
                QStringLiteral("SSL_CA=%1;MYSQL_OPT_CONNECT_TIMEOUT=%2;MYSQL_OPT_READ_TIMEOUT=%2")
                    .arg(ca)
                    .arg(timeoutSeconds));
            db.open();
        }
        QSqlDatabase::removeDatabase(name);
    }));
    client->start();
    return client;
}

// A MySQL "server" without TLS: sends a greeting that does not offer CLIENT_SSL and records every
// byte the client sends back. A client that would log in here sends the token in the clear.
class PlaintextMySqlServer final : public QTcpServer
{
public:
    QByteArray received;

    PlaintextMySqlServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = nextPendingConnection();
            QByteArray payload;
            payload.append(char(10)).append("10.11.0-plaintext").append('\0');
            payload.append("\x01\x00\x00\x00", 4).append("abcdefgh").append('\0');
            // capabilities: PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH, no CLIENT_SSL
            const quint32 caps = 0x200 | 0x8000 | 0x80000 | 0x1;
            payload.append(char(caps & 0xff)).append(char((caps >> 8) & 0xff));
            payload.append(char(45)).append("\x02\x00", 2);
            payload.append(char((caps >> 16) & 0xff)).append(char((caps >> 24) & 0xff));
            payload.append(char(21)).append(QByteArray(10, '\0')).append("ijklmnopqrst").append('\0');
            payload.append("mysql_clear_password").append('\0');
            QByteArray packet(4, '\0');
            qToLittleEndian<quint32>(quint32(payload.size()), packet.data());
            packet[3] = 0;
            socket->write(packet + payload);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { received += socket->readAll(); });
        });
    }
};

// A PostgreSQL "server" that answers the SSLRequest with 'N' and records what follows.
class PlaintextPostgresServer final : public QTcpServer
{
public:
    QByteArray received;

    PlaintextPostgresServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                const QByteArray bytes = socket->readAll();
                received += bytes;
                if (received.size() == 8 && bytes.size() == 8)
                    socket->write("N");
            });
        });
    }
};

} // namespace

class TestDbSessionIntegration final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void queryBothEngines_data();
    void queryBothEngines();
    void reconnectsWithFreshTokenAfterKill_data();
    void reconnectsWithFreshTokenAfterKill();
    void reconnectsAfterServerRestart_data();
    void reconnectsAfterServerRestart();
    void qmysqlWouldLeakToPlaintextServer();
    void refusesServerWithoutTls_data();
    void refusesServerWithoutTls();
    void refusesEmulatorWithTlsStripped_data();
    void refusesEmulatorWithTlsStripped();
    void refusesCertificateForAnotherName_data();
    void refusesCertificateForAnotherName();
    void refusesNameMismatchWithoutVia_data();
    void refusesNameMismatchWithoutVia();
    void refusesWrongCa_data();
    void refusesWrongCa();
    void verifyCaChecksTheChainOnly_data();
    void verifyCaChecksTheChainOnly();
    void cancelsLongQueryWithinASecond_data();
    void cancelsLongQueryWithinASecond();

private:
    DbTarget target(Engine engine) const;
    DbTokenSigner signer() const;
    // `t` under a nominal port one higher (the port is in the token), connected via the real one: its
    // token differs from every token of `t`'s sessions. A MariaDB session opens its KILL QUERY side
    // connection in the background, with a token signed when that runs, which may be after the
    // clock's next step: the same token, sent over trusted TLS, was once taken for a refused one's.
    static DbTarget withTokenOfItsOwn(DbTarget t);
    // The verifier's log lines for the token `signer()` makes for `t` (its SHA-256 prefix).
    QList<QJsonObject> linesForToken(const DbTarget &t) const;
    Error connectError(const DbTarget &target);
    int logLines() const;
    QByteArray logSince(int line) const;
    void addEngineRows();

    QTemporaryDir m_dir;
    // Where this run's part of the verifier's log starts: earlier runs against the same emulator
    // (their frozen clocks are random too) may have signed a token with the same signing time.
    qint64 m_logStart = 0;
    // Frozen at start: the session signs exactly the token the test computes, so the verifier's
    // log (token_sha256) tells whether that token ever reached the server. Set five to twelve
    // minutes back (tokens stay valid for 15; the test moves it on by under three), so a token signed
    // on the real clock during this run (same user, same key) never has the same signing time.
    ManualClock m_clock{
        QDateTime::currentDateTimeUtc().addSecs(-300 - QRandomGenerator::global()->bounded(400))};
};

void TestDbSessionIntegration::initTestCase()
{
    if (env("SIGNET_EMU_HOST").isEmpty())
        QFAIL("SIGNET_EMU_HOST is not set: start the emulator and eval \"$(tests/emulator/emulator env)\"");
    QVERIFY(!env("SIGNET_EMU_SESSION_TOKEN").isEmpty());
    m_logStart = QFileInfo(env("SIGNET_EMU_LOG")).size();
}

DbTarget TestDbSessionIntegration::target(Engine engine) const
{
    DbTarget t;
    t.engine = engine;
    t.host = env("SIGNET_EMU_HOST");
    t.port = (engine == Engine::Postgres ? env("SIGNET_EMU_PG_PORT") : env("SIGNET_EMU_MYSQL_PORT")).toInt();
    t.user = engine == Engine::Postgres ? env("SIGNET_EMU_PG_USER") : env("SIGNET_EMU_MYSQL_USER");
    t.database = env("SIGNET_EMU_DATABASE");
    t.region = env("SIGNET_EMU_REGION");
    t.caFile = env("SIGNET_EMU_CA");
    return t;
}

DbTarget TestDbSessionIntegration::withTokenOfItsOwn(DbTarget t)
{
    t.viaHost = t.host;
    t.viaPort = t.port;
    t.port += 1;
    return t;
}

DbTokenSigner TestDbSessionIntegration::signer() const
{
    // Temporary (session) credentials: the longest tokens Signet produces.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), env("SIGNET_EMU_SESSION_ACCESS_KEY_ID"));
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), env("SIGNET_EMU_SESSION_SECRET_ACCESS_KEY"));
    environment.insert(QStringLiteral("AWS_SESSION_TOKEN"), env("SIGNET_EMU_SESSION_TOKEN"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));
    return DbTokenSigner(aws::CredentialChain(environment), m_clock);
}

QList<QJsonObject> TestDbSessionIntegration::linesForToken(const DbTarget &t) const
{
    const auto token = signer().sign(t);
    if (!token)
        return {};
    const QByteArray sha =
        QCryptographicHash::hash(token->secretText().reveal(), QCryptographicHash::Sha256).toHex().left(16);
    QList<QJsonObject> found;
    QFile log(env("SIGNET_EMU_LOG"));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    // Only this run's lines (from the start again if the emulator began a new log meanwhile).
    if (log.size() >= m_logStart)
        log.seek(m_logStart);
    for (const QByteArray &line : log.readAll().split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QStringLiteral("token_sha256")).toString().toLatin1() == sha)
            found << object;
    }
    return found;
}

Error TestDbSessionIntegration::connectError(const DbTarget &t)
{
    DbSession session(t, signer());
    QSignalSpy failedSpy(&session, &DbSession::connectFailed);
    QSignalSpy connectedSpy(&session, &DbSession::connected);
    session.open();
    [&] { QTRY_VERIFY_WITH_TIMEOUT(failedSpy.count() + connectedSpy.count() > 0, 20000); }();
    if (failedSpy.isEmpty())
        return {};
    return failedSpy.first().first().value<Error>();
}

int TestDbSessionIntegration::logLines() const
{
    QFile log(env("SIGNET_EMU_LOG"));
    if (!log.open(QIODevice::ReadOnly))
        return 0;
    return int(log.readAll().count('\n'));
}

QByteArray TestDbSessionIntegration::logSince(int line) const
{
    QFile log(env("SIGNET_EMU_LOG"));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = log.readAll().split('\n');
    return lines.mid(line).join('\n');
}

void TestDbSessionIntegration::addEngineRows()
{
    QTest::addColumn<int>("engine");
    QTest::newRow("mariadb") << int(Engine::MariaDb);
    QTest::newRow("postgres") << int(Engine::Postgres);
}

void TestDbSessionIntegration::queryBothEngines_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::queryBothEngines()
{
    QFETCH(int, engine);
    const int before = logLines();
    DbSession session(target(Engine(engine)), signer());
    QSignalSpy connectedSpy(&session, &DbSession::connected);
    const Outcome outcome =
        runAndWait(session, QStringLiteral("SELECT 1 AS one, NULL AS nothing, 'héllo' AS word"));
    QVERIFY2(!outcome.failed, qPrintable(outcome.error.error.toString()));
    QCOMPARE(outcome.columns,
             (QStringList{QStringLiteral("one"), QStringLiteral("nothing"), QStringLiteral("word")}));
    QCOMPARE(outcome.rows.size(), 1);
    QCOMPARE(outcome.rows.first(),
             (QStringList{QStringLiteral("1"), QStringLiteral("<NULL>"), QStringLiteral("héllo")}));
    QCOMPARE(connectedSpy.count(), 1);
    const auto info = connectedSpy.first().first().value<ServerInfo>();
    QVERIFY(info.tlsVersion.startsWith(QLatin1String("TLS")));
    QVERIFY(!info.tlsCipher.isEmpty());
    QVERIFY(!info.serverVersion.isEmpty());
    QVERIFY(info.user.startsWith(env("SIGNET_EMU_MYSQL_USER")));
    // The emulator accepted exactly our session-credential token (about 2 KB, as AWS session
    // credentials make them), over TLS.
    Q_UNUSED(before)
    // (MariaDB sessions also open a side connection for KILL QUERY with the same token.)
    QList<QJsonObject> lines;
    QTRY_VERIFY_WITH_TIMEOUT(!(lines = linesForToken(target(Engine(engine)))).isEmpty(), 5000);
    QCOMPARE(lines.first().value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
    QCOMPARE(lines.first().value(QStringLiteral("tls")).toBool(), true);
    QVERIFY2(lines.first().value(QStringLiteral("token_length")).toInt() >= 2000,
             qPrintable(QString::number(lines.first().value(QStringLiteral("token_length")).toInt())));
}

void TestDbSessionIntegration::reconnectsWithFreshTokenAfterKill_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::reconnectsWithFreshTokenAfterKill()
{
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    DbSession session(target(Engine(engine)), signer());
    const Outcome first = runAndWait(session, pg ? QStringLiteral("SELECT pg_backend_pid()")
                                                 : QStringLiteral("SELECT CONNECTION_ID()"));
    QVERIFY2(!first.failed, qPrintable(first.error.error.toString()));
    const QString id = first.rows.first().first();
    // A minute later (on the injected clock): a fresh token differs from the first one.
    m_clock.advance(60);
    // Drop the session's connection from the admin side, as a server restart or failover would.
    QProcess admin;
    if (pg) {
        startAsRoot(admin, QStringLiteral("runuser"),
                    {QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                     QStringLiteral("psql"), QStringLiteral("-h"), env("SIGNET_EMU_PG_SOCKET_DIR"),
                     QStringLiteral("-p"), env("SIGNET_EMU_PG_PORT"), QStringLiteral("-U"),
                     QStringLiteral("postgres"), QStringLiteral("-Atc"),
                     QStringLiteral("SELECT pg_terminate_backend(%1)").arg(id)});
    } else {
        startAsRoot(admin, QStringLiteral("mariadb"),
                    {QStringLiteral("--socket=") + env("SIGNET_EMU_MYSQL_SOCKET"), QStringLiteral("-uroot"),
                     QStringLiteral("-e"), QStringLiteral("KILL %1").arg(id)});
    }
    QVERIFY(admin.waitForFinished(10000));
    QCOMPARE(admin.exitCode(), 0);
    QTest::qWait(200);

    const int before = logLines();
    const Outcome second = runAndWait(session, pg ? QStringLiteral("SELECT pg_backend_pid()")
                                                  : QStringLiteral("SELECT CONNECTION_ID()"));
    QVERIFY2(!second.failed, qPrintable(second.error.error.toString()));
    QCOMPARE(second.reconnects.size(), 1);
    QVERIFY(second.reconnects.first().contains(QLatin1String("fresh token")));
    QVERIFY(second.rows.first().first() != id);
    // A new token was signed for the reconnect and the server accepted it.
    Q_UNUSED(before)
    QList<QJsonObject> fresh;
    QTRY_VERIFY_WITH_TIMEOUT(!(fresh = linesForToken(target(Engine(engine)))).isEmpty(), 5000);
    QCOMPARE(fresh.first().value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
}

void TestDbSessionIntegration::reconnectsAfterServerRestart_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::reconnectsAfterServerRestart()
{
    // The whole server goes away and comes back (an RDS reboot or failover): the next statement
    // reconnects with a token signed now, not the one from before the restart.
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    const QString pid =
        pg ? QStringLiteral("SELECT pg_backend_pid()") : QStringLiteral("SELECT CONNECTION_ID()");
    DbSession session(target(Engine(engine)), signer());
    m_clock.advance(7);
    const Outcome first = runAndWait(session, pid);
    QVERIFY2(!first.failed, qPrintable(first.error.error.toString()));

    QProcess restart;
    startAsRoot(restart, env("SIGNET_SOURCE_DIR") + QStringLiteral("/tests/emulator/emulator"),
                {QStringLiteral("restart"), pg ? QStringLiteral("pg") : QStringLiteral("mysql")});
    QVERIFY(restart.waitForFinished(90000));
    QVERIFY2(restart.exitCode() == 0, restart.readAllStandardError().constData());
    // The token signed from here on (a minute later on the injected clock) is the one the log must show.
    m_clock.advance(60);

    const Outcome second = runAndWait(session, pid, 40000);
    QVERIFY2(!second.failed, qPrintable(second.error.error.toString()));
    QCOMPARE(second.reconnects.size(), 1);
    QVERIFY(second.reconnects.first().contains(QLatin1String("fresh token")));
    QList<QJsonObject> fresh;
    QTRY_VERIFY_WITH_TIMEOUT(!(fresh = linesForToken(target(Engine(engine)))).isEmpty(), 5000);
    QCOMPARE(fresh.first().value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
    QCOMPARE(fresh.first().value(QStringLiteral("tls")).toBool(), true);
}

void TestDbSessionIntegration::qmysqlWouldLeakToPlaintextServer()
{
    // The control experiment: Qt's own QMYSQL (Debian, on Connector/C) given SSL_CA still logs in to
    // a server without TLS, in clear — which the listener sees. This is why MySQL/MariaDB go through
    // MariaDbDriver, and it shows the listener does detect a client that would leak.
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")))
        QSKIP("QMYSQL is not installed");
    PlaintextMySqlServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 port = server.serverPort();
    std::unique_ptr<QThread> client =
        startQmysqlLogin(port, QStringLiteral("control_user"), QStringLiteral("pretend-token"), 2);
    // The login packet (user name; capabilities without CLIENT_SSL) went out in clear.
    QTRY_VERIFY_WITH_TIMEOUT(server.received.contains("control_user"), 10000);
    QTest::qWait(200);
    // ... and with it the password (Debian 12: Connector/C answers mysql_clear_password unasked).
    QVERIFY2(server.received.contains("pretend-token"), "QMYSQL no longer sends the password in clear");
    server.close();
    QTRY_VERIFY_WITH_TIMEOUT(client->isFinished(), 15000);
}

void TestDbSessionIntegration::refusesEmulatorWithTlsStripped_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::refusesEmulatorWithTlsStripped()
{
    // The real servers behind the emulator's TLS-stripping relay: to a client they look as if TLS
    // were turned off. Signet refuses; the emulator's log (its verifier and the relay, which reports
    // any token-like string that crosses in clear) proves no token arrived.
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    DbTarget t = target(Engine(engine));
    t.port = env(pg ? "SIGNET_EMU_PG_NOTLS_PORT" : "SIGNET_EMU_MYSQL_NOTLS_PORT").toInt();
    QVERIFY2(t.port > 0, "the emulator exports no TLS-stripped port");
    m_clock.advance(1);
    const int before = logLines();
    const Error error = connectError(t);
    QCOMPARE(error.code, QStringLiteral("db.tls"));
    QTest::qWait(500);
    QCOMPARE(linesForToken(t).size(), 0);
    QVERIFY2(!logSince(before).contains("plaintext_token"), logSince(before).constData());

    if (pg || !QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")))
        return;
    // The control: Qt's QMYSQL with SSL_CA, through the same relay, sends its password in clear,
    // and the emulator says so.
    std::unique_ptr<QThread> client =
        startQmysqlLogin(quint16(t.port), env("SIGNET_EMU_MYSQL_USER"),
                         QStringLiteral("localhost:1/?Action=connect&X-Amz-Signature=0000-pretend"), 5);
    QTRY_VERIFY_WITH_TIMEOUT(client->isFinished(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(logSince(before).contains("plaintext_token"), 5000);
}

void TestDbSessionIntegration::refusesServerWithoutTls_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::refusesServerWithoutTls()
{
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    PlaintextMySqlServer mysqlServer;
    PlaintextPostgresServer pgServer;
    QTcpServer &server = pg ? static_cast<QTcpServer &>(pgServer) : static_cast<QTcpServer &>(mysqlServer);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    DbTarget t = target(Engine(engine));
    t.port = server.serverPort();
    const Error error = connectError(t);
    QCOMPARE(error.code, QStringLiteral("db.tls"));
    QTest::qWait(200);
    const QByteArray received = pg ? pgServer.received : mysqlServer.received;
    // Nothing but (at most) the TLS request reached the server: no login packet, no token.
    QVERIFY2(!received.contains("X-Amz"), received.constData());
    QVERIFY2(!received.contains(t.user.toUtf8()), received.toHex().constData());
    if (pg)
        QCOMPARE(received.size(), 8); // the SSLRequest alone
    else
        QCOMPARE(received.size(), 0);
}

void TestDbSessionIntegration::refusesCertificateForAnotherName_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::refusesCertificateForAnotherName()
{
    QFETCH(int, engine);
    DbTarget t = target(Engine(engine));
    const int before = logLines();
    // The real server, reached through 127.0.0.1, but the endpoint claims to be wrong.example.
    t.viaHost = QStringLiteral("127.0.0.1");
    t.viaPort = t.port;
    t.host = QStringLiteral("wrong.example");
    const Error error = connectError(t);
    QCOMPARE(error.code, QStringLiteral("db.tls"));
    QVERIFY2(error.message.contains(QLatin1String("wrong.example")), qPrintable(error.message));
    QTest::qWait(300);
    QVERIFY2(!logSince(before).contains("wrong.example"), logSince(before).constData());
    QCOMPARE(linesForToken(t).size(), 0);

    // The same route with the right name works: "connect via" verifies the endpoint name.
    DbTarget good = target(Engine(engine));
    good.viaHost = QStringLiteral("127.0.0.1");
    good.viaPort = good.port;
    QCOMPARE(connectError(good).code, QString());
}

void TestDbSessionIntegration::refusesNameMismatchWithoutVia_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::refusesNameMismatchWithoutVia()
{
    // The machine's own name usually resolves to loopback but is not in the emulator's certificate
    // (SAN localhost, 127.0.0.1, ::1): the plain connect path must check the name too.
    QFETCH(int, engine);
    const QString name = QHostInfo::localHostName();
    const QHostInfo info = QHostInfo::fromName(name);
    if (name.isEmpty() || name == u"localhost" ||
        !info.addresses().contains(QHostAddress(QHostAddress::LocalHost)))
        QSKIP("the host name does not resolve to 127.0.0.1 here");
    DbTarget t = target(Engine(engine));
    t.host = name;
    const Error error = connectError(t);
    QCOMPARE(error.code, QStringLiteral("db.tls"));
    QTest::qWait(300);
    QCOMPARE(linesForToken(t).size(), 0);
}

void TestDbSessionIntegration::refusesWrongCa_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::refusesWrongCa()
{
    QFETCH(int, engine);
    const QString ca = m_dir.filePath(QStringLiteral("other ca.pem"));
    if (!QFile::exists(ca)) {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                       m_dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"), ca,
                       QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=Other Test CA")});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
    }
    DbTarget t = target(Engine(engine));
    t.caFile = ca;      // a path with a space, as QPSQL's quoting must handle
    m_clock.advance(1); // a token no other test has signed
    t = withTokenOfItsOwn(t);
    const int before = logLines();
    const Error error = connectError(t);
    QCOMPARE(error.code, QStringLiteral("db.tls"));
    QTest::qWait(300);
    Q_UNUSED(before)
    // The token the session signed never reached the verifier.
    QCOMPARE(linesForToken(t).size(), 0);
}

void TestDbSessionIntegration::verifyCaChecksTheChainOnly_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::verifyCaChecksTheChainOnly()
{
    // verify-ca: a certificate that does not name the endpoint is let through (the chain is good),
    // so the token reaches the server over TLS, where RDS's own check refuses it for another host.
    QFETCH(int, engine);
    DbTarget t = target(Engine(engine));
    t.viaHost = QStringLiteral("127.0.0.1");
    t.viaPort = t.port;
    t.host = QStringLiteral("chain-only.example");
    t.verifyHostName = false;
    m_clock.advance(1);
    const Error error = connectError(t);
    QVERIFY2(error.code != QLatin1String("db.tls"), qPrintable(error.toString()));
    QTest::qWait(300);
    const QList<QJsonObject> lines = linesForToken(t);
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.first().value(QStringLiteral("tls")).toBool(), true);
    QCOMPARE(lines.first().value(QStringLiteral("token_reason")).toString(), QStringLiteral("host_mismatch"));

    // The real endpoint name with verify-ca logs in.
    DbTarget direct = target(Engine(engine));
    direct.verifyHostName = false;
    QCOMPARE(connectError(direct).code, QString());

    // A certificate from another CA is still refused before any token is sent.
    DbTarget untrusted = withTokenOfItsOwn(direct);
    untrusted.caFile = m_dir.filePath(QStringLiteral("other ca.pem"));
    QVERIFY(QFile::exists(untrusted.caFile)); // made by refusesWrongCa
    m_clock.advance(1);
    QCOMPARE(connectError(untrusted).code, QStringLiteral("db.tls"));
    QTest::qWait(300);
    QCOMPARE(linesForToken(untrusted).size(), 0);
}

void TestDbSessionIntegration::cancelsLongQueryWithinASecond_data()
{
    addEngineRows();
}

void TestDbSessionIntegration::cancelsLongQueryWithinASecond()
{
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    DbSession session(target(Engine(engine)), signer());
    const Outcome warm = runAndWait(session, QStringLiteral("SELECT 1"));
    QVERIFY(!warm.failed);

    QElapsedTimer timer;
    QTimer::singleShot(500, &session, [&] {
        timer.start();
        session.cancel();
    });
    const Outcome outcome = runAndWait(
        session, pg ? QStringLiteral("SELECT pg_sleep(30)") : QStringLiteral("SELECT SLEEP(30)"), 10000);
    const qint64 afterCancel = timer.elapsed();
    if (pg) {
        QVERIFY(outcome.failed);
        QCOMPARE(outcome.error.error.code, QStringLiteral("db.cancelled"));
        QCOMPARE(outcome.error.kind, QueryFailure::Cancelled);
    } else {
        // MariaDB's SLEEP() returns 1 when interrupted by KILL QUERY instead of failing.
        QVERIFY2(outcome.failed ? outcome.error.error.code == u"db.cancelled"
                                : outcome.rows.value(0).value(0) == u"1",
                 qPrintable(outcome.error.error.toString()));
    }
    qInfo("cancelled after %lld ms", afterCancel);
    QVERIFY2(afterCancel < 1000, qPrintable(QString::number(afterCancel)));
    // The session is still usable.
    const Outcome after = runAndWait(session, QStringLiteral("SELECT 2"));
    QVERIFY2(!after.failed, qPrintable(after.error.error.toString()));
    QCOMPARE(after.rows.first().first(), QStringLiteral("2"));
}

QTEST_GUILESS_MAIN(TestDbSessionIntegration)
#include "tst_dbsession_integration.moc"
