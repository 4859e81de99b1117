// SPDX-License-Identifier: GPL-3.0-or-later
// UpstreamTls against TLS servers on loopback with throwaway CAs: the certificate is verified against
// the given CA and the endpoint's name (also when the TCP connection goes to another address), a
// wrong CA or name is refused before any byte of ours is sent, verify-ca lets only the name through,
// one UpstreamTlsContext serves many connections, and resets, closes and back-pressure behave.
#include "proxy/UpstreamTls.h"

#include "TestPki.h"

#include <QSignalSpy>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <sys/socket.h>

using namespace signet;
using namespace signet::proxy;
using namespace Qt::StringLiterals;

namespace {

// A TLS server for `db.test` on 127.0.0.1; what it received in the clear after the handshake, and
// what it does once a client is encrypted.
class TlsServer final : public QObject
{
public:
    enum class Then
    {
        Echo,
        Send2Mb,
        CloseAfterBye,
        Reset,
    };

    TlsServer(const test::TestCertificate &server, Then then)
        : m_then(then)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(server.certificate());
        tls.setPrivateKey(server.key());
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(tls);
        connect(&m_server, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection()))
                serve(socket);
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
    }

    quint16 port() const { return m_server.serverPort(); }
    QByteArray received;
    int handshakes = 0;

private:
    void serve(QSslSocket *socket)
    {
        socket->setParent(this);
        connect(socket, &QSslSocket::readyRead, this, [this, socket] {
            const QByteArray bytes = socket->readAll();
            received += bytes;
            if (m_then == Then::Echo)
                socket->write(bytes);
        });
        auto afterHandshake = [this, socket] {
            ++handshakes;
            if (m_then == Then::Send2Mb) {
                socket->write(QByteArray(2 * 1024 * 1024, 'x'));
            } else if (m_then == Then::CloseAfterBye) {
                socket->write("bye");
                socket->disconnectFromHost();
            } else if (m_then == Then::Reset) {
                // Like a database that restarted: the connection is reset, no close_notify.
                const linger hard{1, 0};
                ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
                socket->abort();
            }
        };
        if (socket->isEncrypted())
            afterHandshake();
        else
            connect(socket, &QSslSocket::encrypted, this, afterHandshake);
    }

    QSslServer m_server;
    Then m_then;
};

} // namespace

class TestUpstreamTls final : public QObject
{
    Q_OBJECT

    test::TestCertificate m_ca;
    test::TestCertificate m_otherCa;
    test::TestCertificate m_server;
    std::shared_ptr<const UpstreamTlsContext> m_context;

    std::unique_ptr<UpstreamTls> connectTls(quint16 port, const QString &name, bool verifyName,
                                            std::shared_ptr<const UpstreamTlsContext> context = {})
    {
        auto tls = std::make_unique<UpstreamTls>(context ? context : m_context, name, verifyName);
        QSignalSpy connected(tls.get(), &UpstreamTls::connected);
        tls->connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!connected.wait(5000))
            return tls;
        tls->startClientEncryption();
        return tls;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto now = QDateTime::currentDateTimeUtc();
        m_ca = test::makeCa(QStringLiteral("Upstream Test CA"), now.addDays(-1), now.addDays(1));
        m_otherCa = test::makeCa(QStringLiteral("Another CA"), now.addDays(-1), now.addDays(1));
        m_server = test::makeServer(m_ca, QStringLiteral("db.test"), {QStringLiteral("db.test")}, {},
                                    now.addDays(-1), now.addDays(1));
        auto context = UpstreamTlsContext::create({m_ca.certificate()});
        QVERIFY2(context, qPrintable(context ? QString() : context.error().message));
        m_context = *context;
    }

    void verifiesTheEndpointNameThroughAnotherAddress()
    {
        // The TCP connection goes to 127.0.0.1 (a "via" address); the certificate names db.test.
        TlsServer server(m_server, TlsServer::Then::Echo);
        auto tls = connectTls(server.port(), QStringLiteral("db.test"), true);
        QSignalSpy encrypted(tls.get(), &UpstreamTls::encrypted);
        QVERIFY(encrypted.wait(5000));
        QVERIFY(tls->isEncrypted());
        QVERIFY(tls->protocolName().startsWith(u"TLSv1."));
        tls->write("hello");
        QTRY_COMPARE(tls->bytesAvailable(), qint64(5));
        QCOMPARE(tls->read(), QByteArray("hello"));
        QCOMPARE(server.received, QByteArray("hello"));
    }

    void refusesAnotherNameBeforeSendingAnything()
    {
        TlsServer server(m_server, TlsServer::Then::Echo);
        auto tls = connectTls(server.port(), QStringLiteral("orders.example.com"), true);
        QSignalSpy failed(tls.get(), &UpstreamTls::errorOccurred);
        QSignalSpy encrypted(tls.get(), &UpstreamTls::encrypted);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<UpstreamTls::Failure>(), UpstreamTls::Failure::Handshake);
        QCOMPARE(tls->verificationError(), u"the certificate is not for orders.example.com"_s);
        QCOMPARE(encrypted.count(), 0);
        tls->write("token"); // what a careless caller would do: nothing goes out
        QTest::qWait(100);
        QCOMPARE(server.received, QByteArray());
        QCOMPARE(tls->state(), UpstreamTls::State::Unconnected);
    }

    void verifyCaLetsOnlyTheNameThrough()
    {
        TlsServer server(m_server, TlsServer::Then::Echo);
        auto tls = connectTls(server.port(), QStringLiteral("orders.example.com"), false);
        QSignalSpy encrypted(tls.get(), &UpstreamTls::encrypted);
        QVERIFY(encrypted.wait(5000));
        // The chain still counts: another CA is refused without the name check too.
        auto other = UpstreamTlsContext::create({m_otherCa.certificate()});
        QVERIFY(other);
        auto refused = connectTls(server.port(), QStringLiteral("db.test"), false, *other);
        QSignalSpy failed(refused.get(), &UpstreamTls::errorOccurred);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<UpstreamTls::Failure>(), UpstreamTls::Failure::Handshake);
        QVERIFY2(!refused->verificationError().isEmpty(), qPrintable(refused->errorString()));
        QCOMPARE(server.received, QByteArray());
    }

    void oneContextServesManyConnections()
    {
        // The listener's context is shared; it stays alive while any connection uses it.
        auto context = UpstreamTlsContext::create({m_ca.certificate()});
        QVERIFY(context);
        std::shared_ptr<const UpstreamTlsContext> shared = *context;
        TlsServer server(m_server, TlsServer::Then::Echo);
        std::vector<std::unique_ptr<UpstreamTls>> connections;
        for (int i = 0; i < 5; ++i)
            connections.push_back(connectTls(server.port(), QStringLiteral("db.test"), true, shared));
        shared.reset();
        for (auto &tls : connections)
            QTRY_VERIFY(tls->isEncrypted());
        for (int i = 0; i < 5; ++i)
            connections[size_t(i)]->write(QByteArray::number(i));
        for (int i = 0; i < 5; ++i) {
            QTRY_COMPARE(connections[size_t(i)]->bytesAvailable(), qint64(1));
            QCOMPARE(connections[size_t(i)]->read(), QByteArray::number(i));
        }
        QCOMPARE(server.handshakes, 5);
    }

    void expiredCasOnlyAreRefused()
    {
        const auto now = QDateTime::currentDateTimeUtc();
        const auto expired = test::makeCa(QStringLiteral("Old CA"), now.addDays(-10), now.addDays(-1));
        const auto context = UpstreamTlsContext::create({expired.certificate()});
        QVERIFY(!context);
        QCOMPARE(context.error().code, u"proxy.no-ca"_s);
    }

    void plainBytesBeforeTheHandshakeAreRefused()
    {
        // A server (or someone in between) answering "S" and more in the same segment: the extra
        // bytes would look as if they came over TLS (CVE-2021-23222).
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, [&server] {
            QTcpSocket *socket = server.nextPendingConnection();
            socket->write("SZ\0\0\0\5I", 7);
        });
        UpstreamTls tls(m_context, QStringLiteral("db.test"), true);
        QSignalSpy failed(&tls, &UpstreamTls::errorOccurred);
        tls.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(tls.bytesAvailable() >= 7);
        QCOMPARE(tls.read(1), QByteArray("S"));
        tls.startClientEncryption();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<UpstreamTls::Failure>(), UpstreamTls::Failure::Handshake);
        QVERIFY(tls.errorString().contains(u"before the TLS handshake"));
    }

    void aResetIsNoticedOnAnIdleConnection()
    {
        TlsServer server(m_server, TlsServer::Then::Reset);
        auto tls = connectTls(server.port(), QStringLiteral("db.test"), true);
        QSignalSpy disconnected(tls.get(), &UpstreamTls::disconnected);
        QVERIFY(disconnected.wait(5000));
        QCOMPARE(tls->state(), UpstreamTls::State::Unconnected);
    }

    void whatArrivedBeforeACloseStaysReadable()
    {
        TlsServer server(m_server, TlsServer::Then::CloseAfterBye);
        auto tls = connectTls(server.port(), QStringLiteral("db.test"), true);
        QSignalSpy disconnected(tls.get(), &UpstreamTls::disconnected);
        QVERIFY(disconnected.wait(5000));
        QCOMPARE(tls->failure(), UpstreamTls::Failure::RemoteClosed);
        QCOMPARE(tls->read(), QByteArray("bye"));
    }

    void readingStopsWhileTheReaderIsBehind()
    {
        TlsServer server(m_server, TlsServer::Then::Send2Mb);
        auto tls = connectTls(server.port(), QStringLiteral("db.test"), true);
        tls->setReadBufferSize(64 * 1024);
        QTRY_VERIFY(tls->isEncrypted());
        qint64 total = 0;
        qint64 most = 0;
        QElapsedTimer clock;
        clock.start();
        while (total < 2 * 1024 * 1024 && clock.elapsed() < 20000) {
            QTest::qWait(5);
            most = qMax(most, tls->bytesAvailable());
            const QByteArray chunk = tls->read(32 * 1024);
            QVERIFY(chunk.count('x') == chunk.size());
            total += chunk.size();
        }
        QCOMPARE(total, qint64(2 * 1024 * 1024));
        // At most the limit plus one read block (64 KB) was held, never the whole 2 MB.
        QVERIFY2(most <= 2 * 64 * 1024, qPrintable(QString::number(most)));
    }

    void aRefusedConnectionSaysSo()
    {
        quint16 closed = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closed = probe.serverPort();
        }
        UpstreamTls tls(m_context, QStringLiteral("db.test"), true);
        QSignalSpy failed(&tls, &UpstreamTls::errorOccurred);
        QSignalSpy disconnected(&tls, &UpstreamTls::disconnected);
        tls.connectToHost(QStringLiteral("127.0.0.1"), closed);
        QCOMPARE(failed.count(), 0); // reported from the event loop, never inside the call
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<UpstreamTls::Failure>(), UpstreamTls::Failure::ConnectFailed);
        QCOMPARE(tls.errorString(), u"Connection refused"_s);
        QCOMPARE(disconnected.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestUpstreamTls)
#include "tst_upstream_tls.moc"
