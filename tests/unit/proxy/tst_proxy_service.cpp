// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyService: the one owner of running listeners (signet proxy, Serve locally) — ports, start and
// stop, connection strings, and what each connection did, with a fake MySQL upstream on loopback.
#include "proxy/PgMessageReader.h"
#include "proxy/ProxyLog.h"
#include "proxy/ProxyService.h"
#include "wire/MySqlMessages.h"
#include "wire/MySqlPacketReader.h"
#include "wire/PgMessages.h"

#include "TestPki.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::proxy;
using namespace signet::wire;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost) ? probe.serverPort() : 0;
}

} // namespace

class TestProxyService final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_caFile;

    ProxyServeSpec spec(const QString &key, Engine engine, quint16 upstreamPort, quint16 port)
    {
        ProxyServeSpec s;
        s.key = key;
        s.name = key;
        s.target.engine = engine;
        s.target.host = QStringLiteral("127.0.0.1");
        s.target.port = upstreamPort;
        s.target.region = QStringLiteral("eu-west-1");
        s.target.user = QStringLiteral("iam_user");
        s.target.database = QStringLiteral("orders");
        s.target.caFile = m_caFile;
        s.options.port = port;
        s.options.address = QHostAddress::LocalHost;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto now = QDateTime::currentDateTimeUtc();
        const test::TestCertificate ca =
            test::makeCa(QStringLiteral("Proxy Test CA"), now.addDays(-1), now.addDays(1));
        m_caFile = m_dir.filePath(QStringLiteral("ca.pem"));
        QFile file(m_caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ca.certificatePem);
    }

    void startStopAndTakenPort()
    {
        NullProxyLog log;
        ProxyService service(log);
        QSignalSpy started(&service, &ProxyService::listenerStarted);
        QSignalSpy stopped(&service, &ProxyService::listenerStopped);

        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost));
        const auto taken =
            service.start(spec(QStringLiteral("orders"), Engine::Postgres, 1, other.serverPort()));
        QVERIFY(!taken);
        QCOMPARE(taken.error().code, QStringLiteral("proxy.port-taken"));
        QVERIFY2(taken.error().message.contains(
                     QStringLiteral("port %1 on 127.0.0.1 is already in use").arg(other.serverPort())),
                 qPrintable(taken.error().message));
        QVERIFY(taken.error().hint.contains(QStringLiteral("Choose another port")));
        QVERIFY(service.keys().isEmpty());
        QCOMPARE(started.count(), 0);

        const quint16 port = freePort();
        const auto listening = service.start(spec(QStringLiteral("orders"), Engine::Postgres, 1, port));
        QVERIFY2(listening, qPrintable(listening ? QString() : listening.error().toString()));
        QCOMPARE((*listening)->port(), port);
        QCOMPARE(started.count(), 1);
        QCOMPARE(service.listener(QStringLiteral("orders")), *listening);
        const auto twice = service.start(spec(QStringLiteral("orders"), Engine::Postgres, 1, freePort()));
        QVERIFY(!twice);
        QCOMPARE(twice.error().code, QStringLiteral("proxy.already-serving"));

        const QStringList lines = service.connectionStrings(QStringLiteral("orders"));
        QVERIFY(!lines.isEmpty());
        for (const QString &line : lines) {
            QVERIFY2(line.contains(QString::number(port)), qPrintable(line));
            QVERIFY2(!line.contains(QStringLiteral("password"), Qt::CaseInsensitive), qPrintable(line));
        }

        service.stop(QStringLiteral("orders"));
        QCOMPARE(stopped.count(), 1);
        QVERIFY(service.keys().isEmpty());
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!late.waitForConnected(3000));
        QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
    }

    // An address this computer does not have (TEST-NET-1): said as such, not as "no free port".
    void addressNotOnThisComputer()
    {
        NullProxyLog log;
        ProxyService service(log);
        const QHostAddress elsewhere(QStringLiteral("192.0.2.1"));
        QCOMPARE(ProxyService::suggestPort(elsewhere, Engine::MySql), quint16(3306));
        ProxyServeSpec unavailable = spec(QStringLiteral("orders"), Engine::MySql, 1, 0);
        unavailable.options.address = elsewhere;
        const auto refused = service.start(unavailable);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("proxy.listen"));
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("cannot listen on 192.0.2.1:3306: ")),
                 qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(QStringLiteral("not available")),
                 qPrintable(refused.error().message));
        QVERIFY(service.keys().isEmpty());
    }

    void oversizedMySqlLoginPacketIsRefusedAndShown()
    {
        // A "database" that greets with a packet announcing 65537 bytes (a wrong port, a hostile
        // server): the proxy reads no more than 64 KiB of a login packet.
        QTcpServer upstream;
        QVERIFY(upstream.listen(QHostAddress::LocalHost));
        connect(&upstream, &QTcpServer::newConnection, this, [&upstream] {
            QTcpSocket *socket = upstream.nextPendingConnection();
            socket->write(QByteArray(QByteArray::fromHex("01000100") + QByteArray(4096, 'x')));
        });

        NullProxyLog log;
        ProxyService service(log);
        QSignalSpy changed(&service, &ProxyService::connectionsChanged);
        const auto listening =
            service.start(spec(QStringLiteral("my"), Engine::MariaDb, upstream.serverPort(), freePort()));
        QVERIFY2(listening, qPrintable(listening ? QString() : listening.error().toString()));

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, (*listening)->port());
        QVERIFY(client.waitForConnected(3000));
        MySqlPacketReader reader;
        std::optional<MySqlPacket> packet;
        // The proxy answers and closes: everything it said is read once the connection ends.
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 10000);
        reader.feed(client.readAll());
        packet = reader.next();
        QVERIFY(packet);
        // The client is told in its protocol: an ERR packet in plain words.
        QCOMPARE(quint8(packet->payload.at(0)), quint8(0xff));
        const auto error = mysql::parseError(packet->payload);
        QVERIFY(error);
        const QString said = QString::fromUtf8(error->message);
        QVERIFY2(said.contains(QStringLiteral("invalid packet during login")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("a packet of 65537 bytes is over the 65536-byte limit")),
                 qPrintable(said));

        // The service's connection view keeps it as failed, with the same words.
        QTRY_VERIFY(changed.count() >= 2); // opened, failed
        QTRY_COMPARE((*listening)->sessionCount(), 0);
        const QList<ProxyConnectionInfo> connections = service.connections(QStringLiteral("my"));
        QCOMPARE(connections.size(), 1);
        QCOMPARE(connections.first().state, ProxyConnectionInfo::State::Failed);
        QVERIFY(connections.first().client.startsWith(QStringLiteral("127.0.0.1:")));
        QVERIFY2(connections.first().problem.contains(QStringLiteral("invalid packet during login")),
                 qPrintable(connections.first().problem));
        QCOMPARE(service.lastProblem(QStringLiteral("my")), connections.first().problem);
        QCOMPARE((*listening)->metrics().loginsFailed, quint64(1));
    }

    void clientAndProfileNamingNoUserAreToldInTheirProtocol()
    {
        // A profile entry without a database user (an old or hand-edited store) and a client that
        // names none either: no token is signed and nothing is sent upstream; the client reads an
        // ErrorResponse saying what to pass, and the service's view keeps the same words.
        QTcpServer upstream;
        QVERIFY(upstream.listen(QHostAddress::LocalHost));
        NullProxyLog log;
        ProxyService service(log);
        ProxyServeSpec noUser =
            spec(QStringLiteral("pg"), Engine::Postgres, upstream.serverPort(), freePort());
        noUser.target.user.clear();
        const auto listening = service.start(noUser);
        QVERIFY2(listening, qPrintable(listening ? QString() : listening.error().toString()));

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, (*listening)->port());
        QVERIFY(client.waitForConnected(3000));
        client.write(pg::encodeStartup({{"database", "orders"}, {"application_name", "tst"}}));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 10000);
        PgMessageReader reader;
        reader.feed(client.readAll());
        const std::optional<PgMessage> said = reader.next();
        QVERIFY(said && !reader.hasError());
        QCOMPARE(said->type, 'E');
        QVERIFY(!reader.next()); // one message, then the proxy closed
        QVERIFY(reader.takeBuffered().isEmpty());
        const QMap<char, QByteArray> fields = pg::parseFields(said->body);
        QCOMPARE(fields.value('S'), QByteArray("FATAL"));
        const QString message = QString::fromUtf8(fields.value('M'));
        QVERIFY2(message.contains(QStringLiteral("named no database user and the profile has none")),
                 qPrintable(message));
        QVERIFY2(QString::fromUtf8(fields.value('H')).contains(QStringLiteral("Pass a user name")),
                 qPrintable(QString::fromUtf8(fields.value('H'))));

        QCOMPARE(upstream.hasPendingConnections(), false);
        QTRY_COMPARE((*listening)->sessionCount(), 0);
        const QList<ProxyConnectionInfo> connections = service.connections(QStringLiteral("pg"));
        QCOMPARE(connections.size(), 1);
        QCOMPARE(connections.first().state, ProxyConnectionInfo::State::Failed);
        QVERIFY2(connections.first().problem.contains(QStringLiteral("named no database user")),
                 qPrintable(connections.first().problem));
    }
};

QTEST_GUILESS_MAIN(TestProxyService)

#include "tst_proxy_service.moc"
