// SPDX-License-Identifier: GPL-3.0-or-later
// The proxy's pure stream parsers and message codecs: any slicing of the input gives the same
// packets, malformed or oversized input stops the reader with an error, encoders round-trip.
#include "proxy/MySqlCommandScanner.h"
#include "proxy/PgMessageReader.h"
#include "proxy/PgStartupReader.h"
#include "wire/MySqlMessages.h"
#include "wire/MySqlPacketReader.h"
#include "wire/PgMessages.h"

#include <QTest>

using namespace signet::proxy;
using namespace signet::wire;

namespace {

QByteArray pgUntyped(quint32 code, const QByteArray &body = {})
{
    QByteArray out(8, '\0');
    const quint32 length = quint32(8 + body.size());
    for (int i = 0; i < 4; ++i) {
        out[i] = char(length >> (24 - 8 * i));
        out[4 + i] = char(code >> (24 - 8 * i));
    }
    return out + body;
}

mysql::HandshakeResponse sampleResponse()
{
    mysql::HandshakeResponse r;
    r.capabilities = mysql::Protocol41 | mysql::SecureConnection | mysql::PluginAuth |
                     mysql::PluginAuthLenencData | mysql::ConnectWithDb | mysql::ConnectAttrs |
                     mysql::DeprecateEof;
    r.mariaDbCapabilities = 0x1C;
    r.maxPacketSize = 16777216;
    r.charset = 45;
    r.user = "iam_user";
    r.authResponse = QByteArray(20, 'x');
    r.database = "signet";
    r.authPlugin = "mysql_native_password";
    QByteArray attributes;
    mysql::appendLengthEncoded(attributes, 4);
    attributes += "_pid";
    mysql::appendLengthEncoded(attributes, 3);
    attributes += "123";
    r.attributes = attributes;
    return r;
}

} // namespace

class TestProxyWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mysqlPacketsInAnySlicing()
    {
        const QByteArray stream = frameMySqlPacket(0, "hello") + frameMySqlPacket(1, QByteArray()) +
                                  frameMySqlPacket(2, QByteArray(300, 'z'));
        for (int slice : {1, 2, 3, 5, 7, 64, 1000}) {
            MySqlPacketReader reader;
            QList<MySqlPacket> packets;
            for (qsizetype pos = 0; pos < stream.size(); pos += slice) {
                reader.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(slice, stream.size() - pos)));
                while (auto packet = reader.next())
                    packets << *packet;
            }
            QCOMPARE(packets.size(), 3);
            QCOMPARE(packets[0].sequence, quint8(0));
            QCOMPARE(packets[0].payload, QByteArray("hello"));
            QCOMPARE(packets[1].payload, QByteArray());
            QCOMPARE(packets[2].sequence, quint8(2));
            QCOMPARE(packets[2].payload, QByteArray(300, 'z'));
            QVERIFY(!reader.hasError());
            QCOMPARE(reader.buffered(), 0);
        }
    }

    void mysqlOversizedPacketStopsTheReader()
    {
        MySqlPacketReader reader(1024);
        reader.feed(QByteArray(QByteArray::fromHex("ffffff00") + QByteArray(10, 'a')));
        QVERIFY(!reader.next());
        QVERIFY(reader.hasError());
        QVERIFY2(reader.error().contains(QStringLiteral("16777215")), qPrintable(reader.error()));
        reader.feed(frameMySqlPacket(0, "later"));
        QVERIFY(!reader.next());
    }

    void mysqlLoginPacketsAreCappedAt64KiB()
    {
        // What the proxy's MySQL login reads (upstream greeting, auth switch, OK/ERR; the client's
        // handshake response): 64 KiB at most, a clear error above it.
        QCOMPARE(MySqlPacketReader::MaxLoginPayload, qsizetype(65536));
        MySqlPacketReader fits(MySqlPacketReader::MaxLoginPayload);
        fits.feed(frameMySqlPacket(0, QByteArray(65536, 'g')));
        const auto packet = fits.next();
        QVERIFY(packet);
        QCOMPARE(packet->payload.size(), 65536);
        QVERIFY(!fits.hasError());

        MySqlPacketReader over(MySqlPacketReader::MaxLoginPayload);
        over.feed(QByteArray(QByteArray::fromHex("01000100") + QByteArray(100, 'g'))); // 65537 announced
        QVERIFY(!over.next());
        QVERIFY(over.hasError());
        QCOMPARE(over.error(), QStringLiteral("a packet of 65537 bytes is over the 65536-byte limit"));
        QCOMPARE(over.buffered(), 0); // nothing of it is kept
    }

    void mysqlGreetingRoundTrip()
    {
        mysql::Greeting g;
        g.serverVersion = "5.5.5-10.11.6-MariaDB-0+deb12u1";
        g.connectionId = 4242;
        g.scramble = "abcdefghijklmnopqrst";
        g.capabilities = mysql::Protocol41 | mysql::SecureConnection | mysql::PluginAuth |
                         mysql::ConnectAttrs | mysql::PluginAuthLenencData | mysql::Ssl;
        g.mariaDbCapabilities = 0x1F;
        g.charset = 45;
        g.status = 2;
        g.authPlugin = "mysql_native_password";
        const auto parsed = mysql::parseGreeting(mysql::encodeGreeting(g));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->serverVersion, g.serverVersion);
        QCOMPARE(parsed->connectionId, g.connectionId);
        QCOMPARE(parsed->scramble, g.scramble);
        QCOMPARE(parsed->capabilities, g.capabilities);
        QCOMPARE(parsed->mariaDbCapabilities, g.mariaDbCapabilities);
        QCOMPARE(parsed->charset, g.charset);
        QCOMPARE(parsed->status, g.status);
        QCOMPARE(parsed->authPlugin, g.authPlugin);
    }

    void mysqlGreetingRejectsGarbage()
    {
        QVERIFY(!mysql::parseGreeting(QByteArray()));
        QVERIFY(!mysql::parseGreeting(QByteArray("\x09"
                                                 "5.0\0",
                                                 5)));
        QVERIFY(!mysql::parseGreeting(QByteArray("\x0a"
                                                 "no terminator")));
        QVERIFY(!mysql::parseGreeting(QByteArray("\x0a"
                                                 "8.0\0\1\2",
                                                 7)));
    }

    void mysqlHandshakeResponseRoundTrip()
    {
        const mysql::HandshakeResponse r = sampleResponse();
        const auto parsed = mysql::parseHandshakeResponse(mysql::encodeHandshakeResponse(r));
        QVERIFY(parsed);
        QVERIFY(!parsed->sslRequestOnly);
        QCOMPARE(parsed->capabilities, r.capabilities);
        QCOMPARE(parsed->mariaDbCapabilities, r.mariaDbCapabilities);
        QCOMPARE(parsed->maxPacketSize, r.maxPacketSize);
        QCOMPARE(parsed->charset, r.charset);
        QCOMPARE(parsed->user, r.user);
        QCOMPARE(parsed->authResponse, r.authResponse);
        QCOMPARE(parsed->database, r.database);
        QCOMPARE(parsed->authPlugin, r.authPlugin);
        QCOMPARE(parsed->attributes, r.attributes);

        // A 2 KB token with the length-encoded auth data, as sent upstream.
        mysql::HandshakeResponse big = r;
        big.authResponse = QByteArray(2150, 't');
        const auto bigParsed = mysql::parseHandshakeResponse(mysql::encodeHandshakeResponse(big));
        QVERIFY(bigParsed);
        QCOMPARE(bigParsed->authResponse.size(), 2150);
    }

    void mysqlSslRequestIsTheShortForm()
    {
        const QByteArray request = mysql::encodeSslRequest(sampleResponse());
        QCOMPARE(request.size(), 32);
        const auto parsed = mysql::parseHandshakeResponse(request);
        QVERIFY(parsed);
        QVERIFY(parsed->sslRequestOnly);
        QVERIFY(parsed->capabilities & mysql::Ssl);
    }

    // The check's and the TLS peer probe's request: one whole packet, sequence 1 (after the
    // greeting), the bytes they sent before the codec was shared.
    void mysqlSslRequestPacketOfTheCheck()
    {
        const QByteArray packet = mysql::sslRequestPacket();
        QCOMPARE(packet.toHex(),
                 QByteArray("20000001"
                            "05aa0800" // long password, long flag, 4.1, SSL, transactions, secure conn.
                            "00000001" // 16 MiB packets
                            "2d"       // utf8mb4_general_ci
                            + QByteArray(23 * 2, '0')));
        MySqlPacketReader reader;
        reader.feed(packet);
        const auto framed = reader.next();
        QVERIFY(framed);
        QCOMPARE(framed->sequence, 1);
        const auto parsed = mysql::parseHandshakeResponse(framed->payload);
        QVERIFY(parsed);
        QVERIFY(parsed->sslRequestOnly);
        QCOMPARE(parsed->capabilities & (mysql::Ssl | mysql::Protocol41 | mysql::PluginAuth),
                 quint32(mysql::Ssl | mysql::Protocol41 | mysql::PluginAuth));
    }

    void mysqlHandshakeResponseRejectsTruncation()
    {
        const QByteArray full = mysql::encodeHandshakeResponse(sampleResponse());
        QVERIFY(!mysql::parseHandshakeResponse(full.left(20)));
        QVERIFY(!mysql::parseHandshakeResponse(full.left(40))); // user without its NUL
        mysql::HandshakeResponse old = sampleResponse();
        old.capabilities &= ~quint32(mysql::Protocol41);
        const auto parsed = mysql::parseHandshakeResponse(mysql::encodeHandshakeResponse(old));
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, QStringLiteral("proxy.mysql.old-client"));
    }

    void mysqlChangeUserRoundTrip()
    {
        const quint32 caps = sampleResponse().capabilities;
        mysql::ChangeUser c;
        c.user = "iam_other";
        c.authResponse = QByteArray(20, 's');
        c.database = "signet";
        c.charset = 45;
        c.hasCharset = true;
        c.authPlugin = "mysql_native_password";
        c.attributes = sampleResponse().attributes;
        const QByteArray encoded = mysql::encodeChangeUser(c, caps);
        // COM_CHANGE_USER has no length-encoded auth response: one length byte, even when the
        // client negotiated PluginAuthLenencData for its handshake response.
        QVERIFY(caps & mysql::PluginAuthLenencData);
        QCOMPARE(encoded.left(32), QByteArray("\x11iam_other\0", 11) + char(20) + QByteArray(20, 's'));
        const auto parsed = mysql::parseChangeUser(encoded, caps);
        QVERIFY(parsed);
        QCOMPARE(parsed->user, c.user);
        QCOMPARE(parsed->authResponse, c.authResponse);
        QCOMPARE(parsed->database, c.database);
        QCOMPARE(parsed->charset, c.charset);
        QCOMPARE(parsed->authPlugin, c.authPlugin);
        QCOMPARE(parsed->attributes, c.attributes);
        QVERIFY(!mysql::parseChangeUser(QByteArray("\x03select 1"), caps));
        QVERIFY(!mysql::parseChangeUser(QByteArray("\x11no-nul"), caps));
    }

    void mysqlErrorAndAuthReplies()
    {
        const QByteArray err = mysql::encodeError(1045, "28000", QStringLiteral("Access denied"));
        QCOMPARE(mysql::authReplyKind(err), mysql::AuthReplyKind::Error);
        const auto parsed = mysql::parseError(err);
        QVERIFY(parsed);
        QCOMPARE(parsed->code, quint16(1045));
        QCOMPARE(parsed->sqlState, QByteArray("28000"));
        QCOMPARE(parsed->message, QByteArray("Access denied"));
        const QByteArray switchRequest = QByteArray("\xfemysql_clear_password\0", 22);
        QCOMPARE(mysql::authReplyKind(switchRequest), mysql::AuthReplyKind::AuthSwitch);
        QCOMPARE(mysql::authSwitchPlugin(switchRequest), QByteArray("mysql_clear_password"));
        QCOMPARE(mysql::authReplyKind(QByteArray(1, '\0')), mysql::AuthReplyKind::Ok);
        QCOMPARE(mysql::authReplyKind(QByteArray()), mysql::AuthReplyKind::Other);
        QVERIFY(!mysql::parseError(QByteArray("\xff")));
    }

    void scannerForwardsCommandsAndCatchesChangeUser()
    {
        const quint32 caps = sampleResponse().capabilities;
        mysql::ChangeUser c;
        c.user = "iam_other";
        c.authPlugin = "mysql_native_password";
        const QByteArray change = mysql::encodeChangeUser(c, caps);
        const QByteArray before = frameMySqlPacket(0, "\x03select 1") +
                                  frameMySqlPacket(0, QByteArray("\x03" + QByteArray(5000, 'x'))) +
                                  frameMySqlPacket(2, "\x11 not a command: a LOAD DATA packet");
        const QByteArray after = frameMySqlPacket(0, "\x0e"); // COM_PING
        const QByteArray stream = before + frameMySqlPacket(0, change) + after;
        for (int slice : {1, 3, 4, 5, 100, 100000}) {
            MySqlCommandScanner scanner;
            QByteArray forwarded;
            QList<QByteArray> changes;
            QByteArray forwardedAfter;
            for (qsizetype pos = 0; pos < stream.size(); pos += slice) {
                scanner.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(slice, stream.size() - pos)));
                while (auto event = scanner.next()) {
                    if (event->kind == MySqlCommandScanner::Event::Kind::ChangeUser)
                        changes << event->bytes;
                    else
                        (changes.isEmpty() ? forwarded : forwardedAfter) += event->bytes;
                }
            }
            QCOMPARE(forwarded, before);
            QCOMPARE(changes.size(), 1);
            QCOMPARE(changes.first(), change);
            QCOMPARE(forwardedAfter, after);
        }
    }

    void scannerRefusesAnOversizedChangeUser()
    {
        MySqlCommandScanner scanner;
        scanner.feed(QByteArray(QByteArray::fromHex("00000200") + QByteArray(1, '\x11')));
        QVERIFY(!scanner.next());
        QVERIFY(scanner.hasError());
    }

    void pgStartupSequenceInAnySlicing()
    {
        QByteArray startupBody;
        startupBody += QByteArray("user\0iam_user\0database\0signet\0application_name\0psql\0\0", 53);
        const QByteArray stream = pgUntyped(80877104) + pgUntyped(80877103) + pgUntyped(196608, startupBody) +
                                  QByteArray("Q\0\0\0\x0dselect 1\0", 14);
        for (int slice : {1, 2, 7, 8, 9, 1000}) {
            PgStartupReader reader;
            QList<PgStartupRequest> requests;
            for (qsizetype pos = 0; pos < stream.size(); pos += slice) {
                reader.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(slice, stream.size() - pos)));
                while (auto request = reader.next()) {
                    requests << *request;
                    if (request->kind == PgStartupRequest::Kind::Startup)
                        break;
                }
                if (!requests.isEmpty() && requests.last().kind == PgStartupRequest::Kind::Startup)
                    break;
            }
            QCOMPARE(requests.size(), 3);
            QCOMPARE(requests[0].kind, PgStartupRequest::Kind::GssEncRequest);
            QCOMPARE(requests[1].kind, PgStartupRequest::Kind::SslRequest);
            QCOMPARE(requests[2].kind, PgStartupRequest::Kind::Startup);
            QCOMPARE(requests[2].parameter("user"), QByteArray("iam_user"));
            QCOMPARE(requests[2].parameter("database"), QByteArray("signet"));
            QCOMPARE(requests[2].parameter("application_name"), QByteArray("psql"));
            QCOMPARE(requests[2].parameters.size(), 3);
        }
    }

    void pgStartupEncodeDecode()
    {
        const QList<QPair<QByteArray, QByteArray>> parameters{{"user", "u"}, {"database", "d"}};
        PgStartupReader reader;
        reader.feed(pg::encodeStartup(parameters));
        const auto request = reader.next();
        QVERIFY(request);
        QCOMPARE(request->parameters, parameters);
        QCOMPARE(request->protocol, 196608u);

        PgStartupReader cancel;
        cancel.feed(pg::encodeCancelRequest(1234, 0xDEADBEEF));
        const auto c = cancel.next();
        QVERIFY(c);
        QCOMPARE(c->kind, PgStartupRequest::Kind::Cancel);
        QCOMPARE(c->processId, 1234u);
        QCOMPARE(c->secretKey, 0xDEADBEEFu);
    }

    void pgStartupRejectsGarbage_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("http") << QByteArray("GET / HTTP/1.1\r\n\r\n") << QStringLiteral("length");
        QTest::newRow("oversized") << pgUntyped(196608).replace(0, 4, QByteArray::fromHex("00100000"))
                                   << QStringLiteral("length");
        QTest::newRow("protocol 2") << pgUntyped(131072, QByteArray(2, '\0')) << QStringLiteral("protocol");
        QTest::newRow("no final NUL")
            << pgUntyped(196608, QByteArray("user\0x\0", 7)) << QStringLiteral("NUL");
        QTest::newRow("no value") << pgUntyped(196608, QByteArray("user", 4)) << QStringLiteral("NUL");
        QTest::newRow("short cancel") << pgUntyped(80877102) << QStringLiteral("cancel");
    }

    void pgStartupRejectsGarbage()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        PgStartupReader reader;
        reader.feed(bytes);
        QVERIFY(!reader.next());
        QVERIFY(reader.hasError());
        QVERIFY2(reader.error().contains(expected), qPrintable(reader.error()));
    }

    void pgMessagesInAnySlicing()
    {
        const QByteArray stream =
            pg::encodeAuthOk() + pg::encodeBackendKeyData(7, 9) + pg::encodeMessage('Z', "I");
        for (int slice : {1, 4, 5, 6, 100}) {
            PgMessageReader reader;
            QList<PgMessage> messages;
            for (qsizetype pos = 0; pos < stream.size(); pos += slice) {
                reader.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(slice, stream.size() - pos)));
                while (auto message = reader.next())
                    messages << *message;
            }
            QCOMPARE(messages.size(), 3);
            QCOMPARE(messages[0].type, 'R');
            QCOMPARE(pg::authCode(messages[0].body), qint64(pg::AuthOk));
            quint32 pid = 0, key = 0;
            QVERIFY(pg::parseBackendKeyData(messages[1].body, pid, key));
            QCOMPARE(pid, 7u);
            QCOMPARE(key, 9u);
            QCOMPARE(messages[2].body, QByteArray("I"));
        }
    }

    void pgMessageReaderRejectsBadLengths()
    {
        PgMessageReader reader(100);
        reader.feed(QByteArray("R\0\0\0\x02", 5));
        QVERIFY(!reader.next());
        QVERIFY(reader.hasError());
        PgMessageReader big(100);
        big.feed(QByteArray("D\x7f\0\0\0", 5));
        QVERIFY(!big.next());
        QVERIFY(big.hasError());
    }

    void pgErrorResponseFields()
    {
        pg::ErrorFields fields;
        fields.sqlState = "28000";
        fields.message = QStringLiteral("IAM login refused");
        fields.hint = QStringLiteral("Run signet check");
        const QByteArray message = pg::encodeError(fields);
        PgMessageReader reader;
        reader.feed(message);
        const auto parsed = reader.next();
        QVERIFY(parsed);
        QCOMPARE(parsed->type, 'E');
        const auto map = pg::parseFields(parsed->body);
        QCOMPARE(map.value('S'), QByteArray("FATAL"));
        QCOMPARE(map.value('C'), QByteArray("28000"));
        QCOMPARE(map.value('M'), QByteArray("IAM login refused"));
        QCOMPARE(map.value('H'), QByteArray("Run signet check"));
    }
};

QTEST_GUILESS_MAIN(TestProxyWire)
#include "tst_proxy_wire.moc"
