// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyTokenCache (reuse while more than a minute is left, never past the credentials, a fresh
// signature after 15 minutes on an injected clock), the /proc/net/tcp owner lookup, the printed
// connection strings and the Prometheus text.
#include "proxy/PeerCredentials.h"
#include "proxy/ProxyConnectionStrings.h"
#include "proxy/ProxyMetrics.h"
#include "proxy/ProxyTokenCache.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace signet;
using namespace signet::proxy;

namespace {

aws::Credentials credentials(std::optional<QDateTime> expiration = std::nullopt)
{
    aws::Credentials c;
    c.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    c.secretAccessKey = SecretString::fromUtf8(QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    if (expiration) {
        c.sessionToken = SecretString::fromUtf8(QStringLiteral("session"));
        c.expiration = *expiration;
    }
    return c;
}

} // namespace

class TestProxyParts : public QObject
{
    Q_OBJECT

private:
    // Signs with the clock's time; counts the signatures.
    struct Signer
    {
        ManualClock *clock;
        int *count;
        std::optional<QDateTime> credentialExpiry;
        Result<token::AuthToken> operator()(const QString &user) const
        {
            ++*count;
            return token::AuthToken::generate(QStringLiteral("db.example.com"), 5432,
                                              QStringLiteral("eu-west-1"), user,
                                              credentials(credentialExpiry), clock->now());
        }
    };

    static Result<token::AuthToken> waitFor(ProxyTokenCache &cache, const QString &user, QObject *context)
    {
        std::optional<Result<token::AuthToken>> got;
        cache.request(user, context, [&got](const Result<token::AuthToken> &result) { got = result; });
        if (!QTest::qWaitFor([&got] { return got.has_value(); }, 5000))
            return makeError(QStringLiteral("test.timeout"), QStringLiteral("no token within 5 s"));
        return *got;
    }

private Q_SLOTS:
    void reusesATokenWhileMoreThanAMinuteIsLeft()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC));
        int count = 0;
        ProxyTokenCache cache(Signer{&clock, &count, std::nullopt}, clock);
        QObject context;
        const auto first = waitFor(cache, QStringLiteral("iam_user"), &context);
        QVERIFY(first);
        QCOMPARE(count, 1);
        clock.advance(839); // 61 s left
        const auto reused = waitFor(cache, QStringLiteral("iam_user"), &context);
        QCOMPARE(count, 1);
        QCOMPARE(reused->text(), first->text());
        QVERIFY(cache.hasFreshToken(QStringLiteral("iam_user")));
        clock.advance(1); // 60 s left: no longer reused
        QVERIFY(!cache.hasFreshToken(QStringLiteral("iam_user")));
        const auto renewed = waitFor(cache, QStringLiteral("iam_user"), &context);
        QCOMPARE(count, 2);
        QVERIFY(renewed->text() != first->text());
        // Sessions opened after 15 minutes get a token signed then.
        clock.advance(15 * 60);
        const auto later = waitFor(cache, QStringLiteral("iam_user"), &context);
        QCOMPARE(count, 3);
        QCOMPARE(later->signedAt(), clock.now());
        QCOMPARE(cache.tokensSigned(), 3u);
    }

    void oneTokenPerUser()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC));
        int count = 0;
        ProxyTokenCache cache(Signer{&clock, &count, std::nullopt}, clock);
        QObject context;
        int answered = 0;
        for (int i = 0; i < 50; ++i) // many sessions at once wait for one signature
            cache.request(QStringLiteral("iam_user"), &context,
                          [&answered](const auto &r) { answered += r.ok(); });
        QTRY_COMPARE(answered, 50);
        QCOMPARE(count, 1);
        QVERIFY(waitFor(cache, QStringLiteral("iam_other"), &context)->dbUser() == u"iam_other");
        QCOMPARE(count, 2);
        cache.forget(QStringLiteral("iam_user"));
        QVERIFY(waitFor(cache, QStringLiteral("iam_user"), &context));
        QCOMPARE(count, 3);
    }

    void neverOutlivesTheCredentials()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC));
        int count = 0;
        // Credentials that expire in 5 minutes: the token is good for 5, reused for 4.
        ProxyTokenCache cache(Signer{&clock, &count, clock.now().addSecs(300)}, clock);
        QObject context;
        QVERIFY(waitFor(cache, QStringLiteral("u"), &context));
        clock.advance(239);
        QVERIFY(cache.hasFreshToken(QStringLiteral("u")));
        clock.advance(1);
        QVERIFY(!cache.hasFreshToken(QStringLiteral("u")));
    }

    void signingErrorsReachEveryWaiter()
    {
        ProxyTokenCache cache([](const QString &) -> Result<token::AuthToken> {
            return makeError(QStringLiteral("credentials.expired"), QStringLiteral("the SSO session expired"),
                             QStringLiteral("Sign in again."));
        });
        QObject context;
        QStringList messages;
        for (int i = 0; i < 3; ++i)
            cache.request(QStringLiteral("u"), &context,
                          [&messages](const auto &r) { messages << (r ? QString() : r.error().message); });
        QTRY_COMPARE(messages.size(), 3);
        QCOMPARE(messages.first(), QStringLiteral("the SSO session expired"));
        QCOMPARE(cache.tokensSigned(), 0u);
    }

    void noCallbackAfterTheContextIsGone()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC));
        int count = 0;
        ProxyTokenCache cache(Signer{&clock, &count, std::nullopt}, clock);
        bool called = false;
        {
            QObject context;
            cache.request(QStringLiteral("u"), &context, [&called](const auto &) { called = true; });
        }
        QSignalSpy signedSpy(&cache, &ProxyTokenCache::tokenSigned);
        QVERIFY(signedSpy.wait(5000));
        QVERIFY(!called);
    }

    void findsTheOwnerInProcNetTcp()
    {
        // Two sockets of one loopback connection (client 127.0.0.1:40000 -> proxy 127.0.0.1:5432),
        // the listener, and an unrelated connection of another user.
        const QByteArray table =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
            "inode\n"
            "   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1\n"
            "   1: 0100007F:9C40 0100007F:1538 01 00000000:00000000 00:00000000 00000000  1001        0 2 1\n"
            "   2: 0100007F:1538 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 3 1\n"
            "   3: 0100007F:9C41 0100007F:1538 01 00000000:00000000 00:00000000 00000000    65534     0 4 "
            "1\n";
        const QHostAddress loopback(QHostAddress::LocalHost);
        QCOMPARE(PeerCredentials::findTcpOwner(table, loopback, 40000, loopback, 5432),
                 std::optional<uint>(1001));
        QCOMPARE(PeerCredentials::findTcpOwner(table, loopback, 40001, loopback, 5432),
                 std::optional<uint>(65534));
        QCOMPARE(PeerCredentials::findTcpOwner(table, loopback, 40002, loopback, 5432), std::nullopt);
        // An IPv4 client seen through a dual-stack socket is still found in the IPv4 table.
        QCOMPARE(PeerCredentials::findTcpOwner(table, QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 40000,
                                               QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 5432),
                 std::optional<uint>(1001));
        const QByteArray table6 =
            "  sl  local_address                         remote_address                        st tx_queue "
            "rx_queue tr "
            "tm->when retrnsmt   uid  timeout inode\n"
            "   0: 00000000000000000000000001000000:9C40 00000000000000000000000001000000:1538 01 "
            "00000000:00000000 00:00000000 00000000  1002        0 5 1\n";
        QCOMPARE(PeerCredentials::findTcpOwner(table6, QHostAddress::LocalHostIPv6, 40000,
                                               QHostAddress::LocalHostIPv6, 5432),
                 std::optional<uint>(1002));
    }

    void findsThisProcessOwnConnection()
    {
        // The real table: a connection this test makes to itself belongs to this user.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(server.waitForNewConnection(5000));
        QTcpSocket *accepted = server.nextPendingConnection();
        const auto uid = PeerCredentials::tcpPeerUid(accepted->peerAddress(), accepted->peerPort(),
                                                     accepted->localAddress(), accepted->localPort());
        QVERIFY2(uid, qPrintable(uid ? QString() : uid.error().message));
        QCOMPARE(*uid, PeerCredentials::currentUid());
    }

    void sockDiagFindsTheClientSocketOfEachFamily()
    {
        // One exact netlink lookup per client: IPv4, IPv6, and an IPv4 client of a dual-stack
        // listener (its peer address reads ::ffff:127.0.0.1 while its own socket is an IPv4 one).
        const struct
        {
            QHostAddress listen;
            QHostAddress connect;
        } cases[] = {
            {QHostAddress::LocalHost, QHostAddress::LocalHost},
            {QHostAddress::LocalHostIPv6, QHostAddress::LocalHostIPv6},
            {QHostAddress::Any, QHostAddress::LocalHost},
        };
        for (const auto &each : cases) {
            QTcpServer server;
            if (!server.listen(each.listen))
                QSKIP("no such loopback here");
            QTcpSocket client;
            client.connectToHost(each.connect, server.serverPort());
            QVERIFY(client.waitForConnected(5000));
            QVERIFY(server.waitForNewConnection(5000));
            QTcpSocket *accepted = server.nextPendingConnection();
            const auto uid =
                PeerCredentials::sockDiagTcpOwner(accepted->peerAddress(), accepted->peerPort(),
                                                  accepted->localAddress(), accepted->localPort());
            QVERIFY2(uid, qPrintable(accepted->peerAddress().toString()));
            QCOMPARE(*uid, PeerCredentials::currentUid());
            // No other client of this server: a neighbouring port names no socket.
            QCOMPARE(PeerCredentials::sockDiagTcpOwner(accepted->peerAddress(),
                                                       quint16(accepted->peerPort() + 1),
                                                       accepted->localAddress(), accepted->localPort()),
                     std::nullopt);
        }
    }

    void connectionStrings()
    {
        ProxyAddress pg;
        pg.engine = Engine::Postgres;
        pg.address = QHostAddress::LocalHost;
        pg.port = 6432;
        pg.user = QStringLiteral("iam_user");
        pg.database = QStringLiteral("orders");
        pg.unixSocketPath = QStringLiteral("/run/user/1000/signet/.s.PGSQL.6432");
        QCOMPARE(
            proxyConnectionStrings(pg),
            QStringList(
                {QStringLiteral(
                     "psql 'host=127.0.0.1 port=6432 user=iam_user dbname=orders sslmode=disable'"),
                 QStringLiteral("postgresql://iam_user@127.0.0.1:6432/orders?sslmode=disable"),
                 QStringLiteral("jdbc:postgresql://127.0.0.1:6432/orders?user=iam_user&sslmode=disable"),
                 QStringLiteral("psql 'host=/run/user/1000/signet port=6432 user=iam_user dbname=orders'")}));
        ProxyAddress my;
        my.engine = Engine::MySql;
        my.address = QHostAddress::LocalHostIPv6;
        my.port = 3306;
        my.user = QStringLiteral("app user");
        my.database = QStringLiteral("shop");
        const QStringList lines = proxyConnectionStrings(my);
        QCOMPARE(lines.value(0),
                 QStringLiteral("mariadb --protocol=TCP -h ::1 -P 3306 -u 'app user' --skip-ssl shop"));
        QCOMPARE(
            lines.value(1),
            QStringLiteral("mysql --protocol=TCP -h ::1 -P 3306 -u 'app user' --ssl-mode=DISABLED shop"));
        // MariaDB Connector/J decodes nothing: the name as it is.
        QCOMPARE(lines.value(2), QStringLiteral("jdbc:mariadb://[::1]:3306/shop?user=app user"));
        for (const QString &line : lines)
            QVERIFY(!line.contains(QStringLiteral("password")));

        // --local-tls: TCP clients verify the proxy against the local certificate; the socket needs none.
        pg.tlsCertificatePath = QStringLiteral("/home/a b/.local/share/signet/local-tls/localhost.crt");
        QCOMPARE(
            proxyConnectionStrings(pg),
            QStringList({QStringLiteral("psql 'host=127.0.0.1 port=6432 user=iam_user dbname=orders "
                                        "sslmode=verify-full sslrootcert='\\''/home/a b/.local/share/"
                                        "signet/local-tls/localhost.crt'\\'''"),
                         QStringLiteral("postgresql://iam_user@127.0.0.1:6432/orders?sslmode=verify-full&"
                                        "sslrootcert=%2Fhome%2Fa%20b%2F.local%2Fshare%2Fsignet%2F"
                                        "local-tls%2Flocalhost.crt"),
                         QStringLiteral("jdbc:postgresql://127.0.0.1:6432/orders?user=iam_user&"
                                        "sslmode=verify-full&sslrootcert=%2Fhome%2Fa%20b%2F.local%2F"
                                        "share%2Fsignet%2Flocal-tls%2Flocalhost.crt"),
                         QStringLiteral("psql 'host=/run/user/1000/signet port=6432 user=iam_user "
                                        "dbname=orders'")}));
        my.tlsCertificatePath = QStringLiteral("/tmp/ca dir/localhost.crt");
        const QStringList tlsLines = proxyConnectionStrings(my);
        QCOMPARE(tlsLines.value(0),
                 QStringLiteral("mariadb --protocol=TCP -h ::1 -P 3306 -u 'app user' "
                                "--ssl-verify-server-cert '--ssl-ca=/tmp/ca dir/localhost.crt' "
                                "shop"));
        QCOMPARE(tlsLines.value(1),
                 QStringLiteral("mysql --protocol=TCP -h ::1 -P 3306 -u 'app user' "
                                "--ssl-mode=VERIFY_IDENTITY '--ssl-ca=/tmp/ca dir/localhost.crt' "
                                "shop"));
        QCOMPARE(tlsLines.value(2),
                 QStringLiteral("jdbc:mariadb://[::1]:3306/shop?user=app user&"
                                "useSsl=true&sslMode=verify-full&serverSslCert=/tmp/ca dir/"
                                "localhost.crt"));
        // A name the driver would split at "&" gets no JDBC line rather than a wrong one.
        my.user = QStringLiteral("a&b");
        for (const QString &line : proxyConnectionStrings(my))
            QVERIFY2(!line.startsWith(QStringLiteral("jdbc:mariadb:")), qPrintable(line));
    }

    void prometheusText()
    {
        ProxyMetrics a;
        a.profile = QStringLiteral("orders \"prod\"");
        a.connectionsOpen = 3;
        a.loginsOk = 7;
        a.loginsFailed = 1;
        a.bytesToClients = 1234;
        const QString text = renderPrometheus({a});
        QVERIFY(text.contains(QStringLiteral("# TYPE signet_proxy_connections_open gauge\n")));
        QVERIFY(text.contains(
            QStringLiteral("signet_proxy_connections_open{profile=\"orders \\\"prod\\\"\"} 3\n")));
        QVERIFY(text.contains(QStringLiteral(
            "signet_proxy_upstream_logins_total{profile=\"orders \\\"prod\\\"\",result=\"ok\"} 7\n")));
        QVERIFY(text.contains(QStringLiteral(
            "signet_proxy_upstream_logins_total{profile=\"orders \\\"prod\\\"\",result=\"failed\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("direction=\"server_to_client\"} 1234\n")));
        QCOMPARE(text.count(QStringLiteral("# TYPE signet_proxy_upstream_logins_total")), 1);
    }
};

QTEST_GUILESS_MAIN(TestProxyParts)
#include "tst_proxy_parts.moc"
