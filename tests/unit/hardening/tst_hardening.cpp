// SPDX-License-Identifier: GPL-3.0-or-later
// The seams the libFuzzer targets use (tests/fuzz), each fuzz finding kept as a regression test,
// and disableCoreDumps(). Inputs here are real: a MariaDB 10.11 greeting captured from the RDS
// emulation, the AWS CLI's cache file, the OIDC service's documented answers.
#include "TestPaths.h"
#include "aws/JsonService.h"
#include "aws/SsoOidcClient.h"
#include "aws/SsoTokenCache.h"
#include "common/NoCoreDumps.h"
#include "probe/PreTlsReply.h"
#include "tls/CaBundle.h"
#include "token/AuthToken.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace signet;

namespace {

// tests/fuzz/corpus/probe_mysql_greeting/seed-mariadb-10.11 without its first (chunking) byte.
const QByteArray kMariaDbGreeting = QByteArray::fromHex(
    "640000000a352e352e352d31302e31312e31392d4d6172696144422d302b646562313275310006000000562e2364"
    "5148544d00feff080200ff81150000000000001d000000653473662a38797e2b5a625d006d7973716c5f6e617469"
    "76655f70617373776f726400");

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestHardening final : public QObject
{
    Q_OBJECT

private slots:
    void mysqlGreetingInPieces();
    void mysqlGreetingWithoutTls();
    void mysqlErrorPacket();
    void mysqlNotAGreeting();
    void mysqlGreetingCutInItsExtendedPart();
    void postgresSslReply();
    void ssoTokenCacheParse();
    void oidcParsers();
    void jsonServiceError();
    void certificateWithUndecodableKey();
    void tokenWithQueryTextAsHost();
    void coreDumpsOff();
};

void TestHardening::mysqlGreetingInPieces()
{
    QCOMPARE(quint8(kMariaDbGreeting[0]), quint8(kMariaDbGreeting.size() - 4));
    for (qsizetype cut = 0; cut < kMariaDbGreeting.size(); ++cut)
        QCOMPARE(probe::readMySqlGreeting(kMariaDbGreeting.left(cut)).kind,
                 probe::PreTlsReply::Kind::NeedMore);
    const probe::PreTlsReply reply = probe::readMySqlGreeting(kMariaDbGreeting);
    QCOMPARE(reply.kind, probe::PreTlsReply::Kind::StartTls);
    QCOMPARE(reply.serverVersion, QStringLiteral("5.5.5-10.11.19-MariaDB-0+deb12u1"));
}

void TestHardening::mysqlGreetingWithoutTls()
{
    QByteArray greeting = kMariaDbGreeting;
    // The capability flags' low 16 bits follow version NUL, thread id (4), scramble (8), filler (1).
    const qsizetype flags = 4 + greeting.indexOf('\0', 5) - 4 + 1 + 4 + 8 + 1;
    greeting[flags + 1] = char(quint8(greeting[flags + 1]) & ~0x08);
    const probe::PreTlsReply reply = probe::readMySqlGreeting(greeting);
    QCOMPARE(reply.kind, probe::PreTlsReply::Kind::Finished);
    QCOMPARE(reply.outcome.kind, probe::TlsOutcome::Kind::NoTlsOffered);
    QCOMPARE(reply.outcome.serverVersion, QStringLiteral("5.5.5-10.11.19-MariaDB-0+deb12u1"));
}

void TestHardening::mysqlErrorPacket()
{
    const QByteArray payload = QByteArrayLiteral("\xff\x69\x04#HY000Host '10.0.0.5' is blocked");
    QByteArray packet(4, '\0');
    packet[0] = char(payload.size());
    const probe::PreTlsReply reply = probe::readMySqlGreeting(packet + payload);
    QCOMPARE(reply.outcome.kind, probe::TlsOutcome::Kind::ServerError);
    QCOMPARE(reply.outcome.serverErrorCode, 1129);
    QCOMPARE(reply.outcome.detail, QStringLiteral("server error 1129: Host '10.0.0.5' is blocked"));
}

void TestHardening::mysqlNotAGreeting()
{
    // An HTTP server on a MySQL port: "HTTP" read as a 3-byte length is far over 64 KiB.
    QCOMPARE(probe::readMySqlGreeting("HTTP/1.1 400 Bad Request\r\n").outcome.kind,
             probe::TlsOutcome::Kind::NotTheEngine);
    // An empty first packet (four zero bytes): no greeting is empty.
    QCOMPARE(probe::readMySqlGreeting(QByteArray(4, '\0')).outcome.kind,
             probe::TlsOutcome::Kind::NotTheEngine);
    // A one-byte packet that is neither protocol 10 nor a complete error packet.
    QCOMPARE(probe::readMySqlGreeting(QByteArray("\x01\x00\x00\x00\xff", 5)).outcome.kind,
             probe::TlsOutcome::Kind::NotTheEngine);
}

void TestHardening::mysqlGreetingCutInItsExtendedPart()
{
    // A protocol 10 greeting whose packet ends inside the part after the capability flags (the
    // check reads it with the proxy's codec, wire::mysql::parseGreeting): not a server's greeting.
    const qsizetype flags = kMariaDbGreeting.indexOf('\0', 5) + 1 + 4 + 8 + 1;
    QByteArray greeting = kMariaDbGreeting.left(flags + 2 + 3); // flags, then charset and half the status
    greeting[0] = char(greeting.size() - 4);
    greeting[1] = greeting[2] = '\0';
    const probe::PreTlsReply reply = probe::readMySqlGreeting(greeting);
    QCOMPARE(reply.kind, probe::PreTlsReply::Kind::Finished);
    QCOMPARE(reply.outcome.kind, probe::TlsOutcome::Kind::NotTheEngine);
    QVERIFY2(reply.outcome.detail.contains(QStringLiteral("cut short or malformed")),
             qPrintable(reply.outcome.detail));
    // Ending right after the capability flags is an old server's whole greeting, and still read.
    QByteArray old = kMariaDbGreeting.left(flags + 2);
    old[0] = char(old.size() - 4);
    old[1] = old[2] = '\0';
    QCOMPARE(probe::readMySqlGreeting(old).kind, probe::PreTlsReply::Kind::StartTls);
}

void TestHardening::postgresSslReply()
{
    QCOMPARE(probe::readPostgresSslReply({}).kind, probe::PreTlsReply::Kind::NeedMore);
    QCOMPARE(probe::readPostgresSslReply("S").kind, probe::PreTlsReply::Kind::StartTls);
    QCOMPARE(probe::readPostgresSslReply("N").outcome.kind, probe::TlsOutcome::Kind::NoTlsOffered);
    const probe::PreTlsReply error = probe::readPostgresSslReply("E\x00\x00\x00\x10");
    QCOMPARE(error.outcome.kind, probe::TlsOutcome::Kind::NotTheEngine);
    QVERIFY(error.outcome.detail.contains(QStringLiteral("0x45")));
}

void TestHardening::ssoTokenCacheParse()
{
    const auto token = aws::SsoTokenCache::parse(
        R"({"startUrl": "https://my-sso-portal.awsapps.com/start", "region": "us-east-1",
            "accessToken": "aoaEXAMPLE", "expiresAt": "2023-11-15T04:38:44UTC",
            "clientId": "cid", "clientSecret": "csecret", "refreshToken": "rt"})",
        QStringLiteral("cache.json"));
    QVERIFY(token);
    QCOMPARE(token->expiresAt, QDateTime(QDate(2023, 11, 15), QTime(4, 38, 44), Qt::UTC));
    QCOMPARE(token->clientId, QStringLiteral("cid"));
    const auto broken = aws::SsoTokenCache::parse(R"({"accessToken": "secret-access-token-value"})",
                                                  QStringLiteral("cache.json"));
    QVERIFY(!broken);
    QCOMPARE(broken.error().code, QStringLiteral("sso.bad-cache"));
    QVERIFY(!broken.error().toString().contains(QStringLiteral("secret-access-token-value")));
}

void TestHardening::oidcParsers()
{
    const auto registration = aws::SsoOidcClient::parseRegistration(
        object(R"({"clientId": "c1", "clientSecret": "s1", "clientSecretExpiresAt": 1707776000})"));
    QVERIFY(registration);
    QCOMPARE(registration->expiresAt.toSecsSinceEpoch(), 1707776000);
    QCOMPARE(aws::SsoOidcClient::parseRegistration(object(R"({"clientId": "c1"})")).error().code,
             QStringLiteral("sso-oidc.malformed"));
    const auto device = aws::SsoOidcClient::parseDeviceAuthorization(
        object(R"({"deviceCode": "d", "verificationUri": "https://x/", "interval": 0})"));
    QVERIFY(device);
    QCOMPARE(device->intervalSeconds, 1);
    QCOMPARE(device->expiresInSeconds, 600);
    QVERIFY(!aws::SsoOidcClient::parseToken(object(R"({"accessToken": "a", "expiresIn": 0})")));
    QCOMPARE(
        aws::SsoOidcClient::parseToken(object(R"({"accessToken": "a", "expiresIn": 60})"))->expiresInSeconds,
        60);
}

void TestHardening::jsonServiceError()
{
    const Error pending = aws::jsonServiceError(400, R"({"error": "authorization_pending"})",
                                                QStringLiteral("OIDC"), QStringLiteral("sso-oidc"));
    QCOMPARE(pending.code, QStringLiteral("sso-oidc.authorization_pending"));
    const Error typed = aws::jsonServiceError(
        403,
        R"({"__type": "com.amazonaws.switchboard.portal#UnauthorizedException", "message": "Session token not found"})",
        QStringLiteral("portal"), QStringLiteral("sso"));
    QCOMPARE(typed.code, QStringLiteral("sso.UnauthorizedException"));
    QCOMPARE(typed.message,
             QStringLiteral("portal answered HTTP 403 (UnauthorizedException): Session token not found"));
    const Error html = aws::jsonServiceError(502, "<html>bad gateway</html>", QStringLiteral("portal"),
                                             QStringLiteral("sso"));
    QCOMPARE(html.code, QStringLiteral("sso.http-502"));
    QVERIFY(!html.hint.isEmpty());
}

// Fuzz finding (fuzz_certificate, fuzz_ca_bundle): an RSA certificate whose public key does not
// decode crashed CertificateSummary::of inside Qt 6.4's QSslCertificate::publicKey() (a null
// EVP_PKEY dereferenced in the OpenSSL backend). Any CA file, or a server's chain in the check,
// could carry one. It is summarised now, with its key algorithm "unknown".
void TestHardening::certificateWithUndecodableKey()
{
    QFile file(test::sourcePath(QStringLiteral("tests/data/certificates/undecodable-rsa-key.der")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray der = file.readAll();
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(der, QSsl::Der);
    QCOMPARE(certificates.size(), 1);
    QVERIFY(!certificates.first().isNull());
    const tls::CertificateSummary summary = tls::CertificateSummary::of(certificates.first());
    QCOMPARE(summary.keyAlgorithm, QStringLiteral("unknown"));
    QCOMPARE(summary.sha256.size(), 64);
    QVERIFY(summary.subject.contains(QStringLiteral("CN=")));

    const QByteArray pem = "-----BEGIN CERTIFICATE-----\n" + der.toBase64() + "\n-----END CERTIFICATE-----\n";
    const auto bundle = tls::CaBundle::fromPem(pem, QStringLiteral("bad-key.pem"));
    QVERIFY(bundle);
    QCOMPARE(bundle->summaries().value(0).keyAlgorithm, QStringLiteral("unknown"));
}

// Fuzz finding (fuzz_auth_token): AuthToken::parse took everything before the last ':' as the host,
// so a pasted run of two tokens read as one whose "host" held the first token's session token
// and signature, and the log form (user@host:port) printed them. A host must now be a DNS name
// or IPv4 address, as generate() requires.
void TestHardening::tokenWithQueryTextAsHost()
{
    const QString query =
        QStringLiteral("Action=connect&DBUser=app&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                       "ASIAIOSFODNN7EXAMPLE%2F20261201%2Feu-west-1%2Frds-db%2Faws4_request&X-Amz-Date="
                       "20261201T211446Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token="
                       "IQoJb3JpZ2luX2VjEOzSESSIONTOKENEXAMPLE&X-Amz-Signature="
                       "05db064f42711f9790e5b93af91a3237bd7234e1c5c6882c0e9907153cd0a450");
    const QString good = QStringLiteral("orders.abc.eu-west-1.rds.amazonaws.com:5432/?") + query;
    const auto parsed = token::AuthToken::parse(good);
    QVERIFY(parsed);
    QString logged;
    QDebug(&logged) << *parsed;
    QVERIFY(!logged.contains(QStringLiteral("SESSIONTOKENEXAMPLE")));

    // A paste that starts inside one token and runs into the next: no "/?" before the second host.
    const QString glued =
        QStringLiteral("orders.abc") + query + QStringLiteral(".rds.amazonaws.com:5432/?") + query;
    const auto refused = token::AuthToken::parse(glued);
    QVERIFY(!refused);
    QCOMPARE(refused.error().message.contains(QStringLiteral("host")), true);
    QVERIFY(!refused.error().toString().contains(QStringLiteral("SESSIONTOKENEXAMPLE")));
}

void TestHardening::coreDumpsOff()
{
    // In a child, so that this test process keeps its own settings.
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        const struct rlimit unlimited
        {
            RLIM_INFINITY, RLIM_INFINITY
        };
        setrlimit(RLIMIT_CORE, &unlimited);
        if (!disableCoreDumps())
            _exit(1);
        struct rlimit limit
        {};
        getrlimit(RLIMIT_CORE, &limit);
        _exit(limit.rlim_cur == 0 && limit.rlim_max == 0 && prctl(PR_GET_DUMPABLE) == 0 ? 0 : 2);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
}

QTEST_GUILESS_MAIN(TestHardening)
#include "tst_hardening.moc"
