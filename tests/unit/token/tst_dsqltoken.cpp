// SPDX-License-Identifier: GPL-3.0-or-later
// DsqlToken, the endpoint owner's DSQL rules and TokenRequest: a golden token from npm @aws-sdk/dsql-signer,
// region rules, parse round trip, every error, redaction.
#include "endpoint/Endpoint.h"
#include "token/AuthToken.h"
#include "token/DsqlToken.h"
#include "token/TokenRequest.h"

#include <QTest>
#include <QTimeZone>

using namespace signet;
using namespace signet::token;

namespace {

const QByteArray Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const QByteArray SessionToken = "FwoGZXIvYXdzEXAMPLE/tok+en==";
const QString Host = QStringLiteral("abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws");
const QDateTime When = QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), QTimeZone::utc());

aws::Credentials longTerm()
{
    aws::Credentials c;
    c.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    c.secretAccessKey = SecretString(Secret);
    return c;
}

aws::Credentials temporary()
{
    aws::Credentials c = longTerm();
    c.accessKeyId = QStringLiteral("ASIAEXAMPLE");
    c.sessionToken = SecretString(SessionToken);
    return c;
}

} // namespace

class TestDsqlToken final : public QObject
{
    Q_OBJECT

private slots:
    void goldenToken();
    void actionForRole();
    void regionFromEndpoint_data();
    void regionFromEndpoint();
    void regionRules();
    void parseRoundTrip();
    void parseRefuses_data();
    void parseRefuses();
    void errors_data();
    void errors();
    void validityWindow();
    void redacted();
    void tokenRequestPicksTheSigner();
};

void TestDsqlToken::goldenToken()
{
    // From @aws-sdk/dsql-signer 3.1142.0: new DsqlSigner({hostname, region: "us-east-1",
    // credentials: {AKIDEXAMPLE, ...}}).getDbConnectAuthToken() with the clock at When.
    const Result<DsqlToken> token =
        DsqlToken::generate(Host, QStringLiteral("us-east-1"), DsqlAction::DbConnect, longTerm(), When);
    QVERIFY(token.ok());
    QCOMPARE(token->text(),
             Host + QStringLiteral("/?Action=DbConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                                   "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date="
                                   "20150830T123600Z&X-Amz-Expires=900&X-Amz-Signature="
                                   "ce6d9afc8442bd605ec46d6e9485479afef83d98709ba5f931a598737f548d47"
                                   "&X-Amz-SignedHeaders=host"));
    QCOMPARE(token->host(), Host);
    QCOMPARE(token->region(), QStringLiteral("us-east-1"));
    QCOMPARE(token->action(), DsqlAction::DbConnect);
    QCOMPARE(token->expiresIn(), 900);
    QCOMPARE(token->signedAt(), When);
    QCOMPARE(token->accessKeyId(), QStringLiteral("AKIDEXAMPLE"));
    QVERIFY(!token->hasSessionToken());

    // The region read from the endpoint gives the same bytes.
    const Result<DsqlToken> inferred = DsqlToken::generate(Host, {}, DsqlAction::DbConnect, longTerm(), When);
    QVERIFY(inferred.ok());
    QCOMPARE(inferred->text(), token->text());

    // Sub-second signing times sign the whole second (X-Amz-Date has no fraction).
    const Result<DsqlToken> later =
        DsqlToken::generate(Host, {}, DsqlAction::DbConnect, longTerm(), When.addMSecs(999));
    QVERIFY(later.ok());
    QCOMPARE(later->text(), token->text());
    QCOMPARE(later->signedAt(), When);
}

void TestDsqlToken::actionForRole()
{
    QCOMPARE(DsqlToken::actionForRole(QStringLiteral("admin")), DsqlAction::DbConnectAdmin);
    QCOMPARE(DsqlToken::actionForRole(QStringLiteral("app_reader")), DsqlAction::DbConnect);
    // Role names are case-sensitive in PostgreSQL: "Admin" is another role, not the built-in one.
    QCOMPARE(DsqlToken::actionForRole(QStringLiteral("Admin")), DsqlAction::DbConnect);
    QCOMPARE(DsqlToken::actionForRole(QString()), DsqlAction::DbConnect);
    QCOMPARE(DsqlToken::actionName(DsqlAction::DbConnect), QStringLiteral("DbConnect"));
    QCOMPARE(DsqlToken::actionName(DsqlAction::DbConnectAdmin), QStringLiteral("DbConnectAdmin"));

    const Result<DsqlToken> admin =
        DsqlToken::generate(Host, {}, DsqlToken::actionForRole(QStringLiteral("admin")), temporary(), When,
                            DsqlToken::MaxExpiresIn);
    QVERIFY(admin.ok());
    QVERIFY(admin->text().contains(QStringLiteral("?Action=DbConnectAdmin&")));
    QVERIFY(admin->text().contains(QStringLiteral("&X-Amz-Expires=604800&")));
    // Sorted like the JS signer: the session token before the signature, SignedHeaders last.
    QVERIFY(
        admin->text().indexOf(QStringLiteral("X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE%2Ftok%2Ben%3D%3D&")) <
        admin->text().indexOf(QStringLiteral("X-Amz-Signature=")));
    QVERIFY(admin->text().endsWith(QStringLiteral("&X-Amz-SignedHeaders=host")));
}

void TestDsqlToken::regionFromEndpoint_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("region");
    QTest::newRow("endpoint") << Host << QStringLiteral("us-east-1");
    QTest::newRow("capitals") << Host.toUpper() << QStringLiteral("us-east-1");
    QTest::newRow("trailing dot") << Host + u'.' << QStringLiteral("us-east-1");
    QTest::newRow("gov") << QStringLiteral("x.dsql.us-gov-west-1.on.aws") << QStringLiteral("us-gov-west-1");
    QTest::newRow("china") << QStringLiteral("x.dsql.cn-north-1.on.aws") << QStringLiteral("cn-north-1");
    QTest::newRow("rds") << QStringLiteral("db.abc.us-east-1.rds.amazonaws.com")
                         << QStringLiteral("-us-east-1");
    QTest::newRow("no id") << QStringLiteral(".dsql.us-east-1.on.aws") << QString();
    QTest::newRow("extra label") << QStringLiteral("a.b.dsql.us-east-1.on.aws") << QString();
    QTest::newRow("not dsql") << QStringLiteral("a.lambda.us-east-1.on.aws") << QString();
    QTest::newRow("bad region") << QStringLiteral("a.dsql.useast1.on.aws") << QString();
    QTest::newRow("ip") << QStringLiteral("10.0.0.1") << QString();
}

void TestDsqlToken::regionFromEndpoint()
{
    QFETCH(QString, host);
    QFETCH(QString, region);
    // "-region": an RDS endpoint, which carries a region but is not a DSQL one.
    const bool rds = region.startsWith(u'-');
    QCOMPARE(regionFromEndpointName(host), rds ? region.mid(1) : region);
    QCOMPARE(endpointKind(host) == EndpointKind::Dsql, !rds && !region.isEmpty());
    QCOMPARE(engineFromEndpointName(host) == Engine::AuroraDsql, !rds && !region.isEmpty());
}

void TestDsqlToken::regionRules()
{
    QCOMPARE(resolveSigningRegion(Host, {}).value(), QStringLiteral("us-east-1"));
    QCOMPARE(resolveSigningRegion(Host, QStringLiteral(" us-east-1 ")).value(), QStringLiteral("us-east-1"));
    QCOMPARE(resolveSigningRegion(QStringLiteral("db.example"), QStringLiteral("eu-west-1")).value(),
             QStringLiteral("eu-west-1"));
    QCOMPARE(resolveSigningRegion(Host, QStringLiteral("eu-west-1")).error().code,
             QStringLiteral("region.mismatch"));
    QCOMPARE(resolveSigningRegion(QStringLiteral("db.example"), {}).error().code,
             QStringLiteral("region.unknown"));
    QCOMPARE(resolveSigningRegion(Host, QStringLiteral("Europe")).error().code,
             QStringLiteral("region.invalid"));
}

void TestDsqlToken::parseRoundTrip()
{
    const Result<DsqlToken> token =
        DsqlToken::generate(Host.toUpper(), {}, DsqlAction::DbConnectAdmin, temporary(), When, 3600);
    QVERIFY(token.ok());
    QCOMPARE(token->host(), Host);
    const Result<DsqlToken> parsed = DsqlToken::parse(QStringLiteral("  ") + token->text() + u'\n');
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->text(), token->text());
    QCOMPARE(parsed->host(), Host);
    QCOMPARE(parsed->region(), QStringLiteral("us-east-1"));
    QCOMPARE(parsed->action(), DsqlAction::DbConnectAdmin);
    QCOMPARE(parsed->accessKeyId(), QStringLiteral("ASIAEXAMPLE"));
    QVERIFY(parsed->hasSessionToken());
    QCOMPARE(parsed->signedAt(), When);
    QCOMPARE(parsed->expiresIn(), 3600);
    QCOMPARE(parsed->expiresAt(), When.addSecs(3600));
    QCOMPARE(parsed->validUntil(), When.addSecs(3600));

    // A DSQL token is not an RDS token, nor the other way round.
    QCOMPARE(AuthToken::parse(token->text()).error().code, QStringLiteral("token.malformed"));
    const Result<AuthToken> rds =
        AuthToken::generate(QStringLiteral("db.abc.us-east-1.rds.amazonaws.com"), 5432,
                            QStringLiteral("us-east-1"), QStringLiteral("u"), longTerm(), When);
    QVERIFY(rds.ok());
    QCOMPARE(DsqlToken::parse(rds->text()).error().code, QStringLiteral("token.malformed"));
}

void TestDsqlToken::parseRefuses_data()
{
    QTest::addColumn<QString>("text");
    const QString good =
        DsqlToken::generate(Host, {}, DsqlAction::DbConnect, longTerm(), When).value().text();
    const auto replaced = [&good](const QString &from, const QString &to) {
        QString t = good;
        return t.replace(from, to);
    };
    QTest::newRow("empty") << QString();
    QTest::newRow("no query") << Host;
    QTest::newRow("query only") << QStringLiteral("/?Action=DbConnect");
    QTest::newRow("port") << replaced(QStringLiteral(".on.aws/?"), QStringLiteral(".on.aws:5432/?"));
    QTest::newRow("query in host") << replaced(QStringLiteral(".on.aws/?"), QStringLiteral(".on.aws&x=1/?"));
    QTest::newRow("rds action") << replaced(QStringLiteral("Action=DbConnect"),
                                            QStringLiteral("Action=connect"));
    QTest::newRow("rds service") << replaced(QStringLiteral("%2Fdsql%2F"), QStringLiteral("%2Frds-db%2F"));
    QTest::newRow("algorithm") << replaced(QStringLiteral("AWS4-HMAC-SHA256"),
                                           QStringLiteral("AWS4-ECDSA-P256-SHA256"));
    QTest::newRow("date") << replaced(QStringLiteral("X-Amz-Date=20150830"),
                                      QStringLiteral("X-Amz-Date=20150831"));
    QTest::newRow("expires") << replaced(QStringLiteral("X-Amz-Expires=900"),
                                         QStringLiteral("X-Amz-Expires=0"));
    QTest::newRow("signature") << replaced(QStringLiteral("X-Amz-Signature=ce6d"),
                                           QStringLiteral("X-Amz-Signature=CE6D"));
    QTest::newRow("signed headers") << replaced(QStringLiteral("&X-Amz-SignedHeaders=host"), QString());
}

void TestDsqlToken::parseRefuses()
{
    QFETCH(QString, text);
    const Result<DsqlToken> parsed = DsqlToken::parse(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, QStringLiteral("token.malformed"));
    QVERIFY(!parsed.error().hint.isEmpty());
}

void TestDsqlToken::errors_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("region");
    QTest::addColumn<int>("expiresIn");
    QTest::addColumn<bool>("noSecret");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty host") << QString() << QStringLiteral("us-east-1") << 900 << false
                                << QStringLiteral("token.empty-host");
    QTest::newRow("blank host") << QStringLiteral("  ") << QStringLiteral("us-east-1") << 900 << false
                                << QStringLiteral("token.empty-host");
    QTest::newRow("host with port") << Host + QStringLiteral(":5432") << QString() << 900 << false
                                    << QStringLiteral("token.bad-host");
    QTest::newRow("ipv6") << QStringLiteral("::1") << QStringLiteral("us-east-1") << 900 << false
                          << QStringLiteral("token.bad-host");
    QTest::newRow("0 s") << Host << QString() << 0 << false << QStringLiteral("token.bad-expiry");
    QTest::newRow("over a week") << Host << QString() << 604801 << false
                                 << QStringLiteral("token.bad-expiry");
    QTest::newRow("no secret") << Host << QString() << 900 << true << QStringLiteral("token.no-secret-key");
    QTest::newRow("region mismatch") << Host << QStringLiteral("eu-west-1") << 900 << false
                                     << QStringLiteral("region.mismatch");
    QTest::newRow("no region") << QStringLiteral("db.example") << QString() << 900 << false
                               << QStringLiteral("region.unknown");
    QTest::newRow("bad region") << QStringLiteral("db.example") << QStringLiteral("us_east_1") << 900 << false
                                << QStringLiteral("region.invalid");
}

void TestDsqlToken::errors()
{
    QFETCH(QString, host);
    QFETCH(QString, region);
    QFETCH(int, expiresIn);
    QFETCH(bool, noSecret);
    QFETCH(QString, code);
    aws::Credentials credentials = temporary();
    if (noSecret)
        credentials.secretAccessKey.clear();
    const Result<DsqlToken> token =
        DsqlToken::generate(host, region, DsqlAction::DbConnect, credentials, When, expiresIn);
    QVERIFY(!token.ok());
    QCOMPARE(token.error().code, code);
    QVERIFY(!token.error().message.isEmpty());
    QVERIFY(!token.error().hint.isEmpty());
    const QString text = token.error().toString();
    QVERIFY(!text.contains(QString::fromLatin1(Secret)));
    QVERIFY(!text.contains(QString::fromLatin1(SessionToken)));
    QVERIFY(!text.contains(QStringLiteral("ASIAEXAMPLE")));
}

void TestDsqlToken::validityWindow()
{
    aws::Credentials credentials = temporary();
    credentials.expiration = When.addSecs(600);
    const Result<DsqlToken> token =
        DsqlToken::generate(Host, {}, DsqlAction::DbConnect, credentials, When, 3600);
    QVERIFY(token.ok());
    QCOMPARE(token->expiresAt(), When.addSecs(3600));
    QCOMPARE(token->credentialsExpireAt(), std::optional<QDateTime>(When.addSecs(600)));
    QCOMPARE(token->validUntil(), When.addSecs(600));
    QCOMPARE(token->secondsLeft(When.addSecs(100)), qint64(500));
    QVERIFY(!token->isExpired(When.addSecs(599)));
    QVERIFY(token->isExpired(When.addSecs(600)));
    QCOMPARE(DsqlToken().secondsLeft(When), qint64(0));
}

void TestDsqlToken::redacted()
{
    const Result<DsqlToken> token =
        DsqlToken::generate(Host, {}, DsqlAction::DbConnectAdmin, temporary(), When);
    QVERIFY(token.ok());
    QString printed;
    QDebug(&printed) << *token;
    QCOMPARE(printed.trimmed(),
             QStringLiteral("DsqlToken(DbConnectAdmin@%1 us-east-1, expires 2015-08-30T12:51:00Z, "
                            "temporary credentials, redacted)")
                 .arg(Host));
    QVERIFY(!printed.contains(QStringLiteral("Signature")));
    QVERIFY(!printed.contains(QStringLiteral("FwoG")));
    QString null;
    QDebug(&null) << DsqlToken();
    QCOMPARE(null.trimmed(), QStringLiteral("DsqlToken(null)"));
}

void TestDsqlToken::tokenRequestPicksTheSigner()
{
    // DSQL: the role picks the action, the host alone is signed, the request's port and role ride along.
    TokenRequest request{Engine::AuroraDsql, Host, 5432, {}, QStringLiteral("admin"), 3600};
    const Result<AuthToken> admin = request.sign(longTerm(), When);
    QVERIFY(admin.ok());
    QVERIFY(admin->isDsql());
    QCOMPARE(admin->service(), TokenService::Dsql);
    QCOMPARE(admin->dsqlAction(), DsqlAction::DbConnectAdmin);
    QCOMPARE(
        admin->text(),
        DsqlToken::generate(Host, {}, DsqlAction::DbConnectAdmin, longTerm(), When, 3600).value().text());
    QCOMPARE(admin->dbUser(), QStringLiteral("admin"));
    QCOMPARE(admin->port(), 5432);
    QCOMPARE(admin->region(), QStringLiteral("us-east-1"));
    QCOMPARE(admin->expiresAt(), When.addSecs(3600));
    request.user = QStringLiteral("app");
    QCOMPARE(request.sign(longTerm(), When)->dsqlAction(), DsqlAction::DbConnect);
    request.expiresIn = 604800;
    QVERIFY(request.sign(longTerm(), When).ok());
    QCOMPARE(TokenRequest::maxLifetime(Engine::AuroraDsql), DsqlToken::MaxExpiresIn);

    // RDS engines: the RDS token, 900 s at most.
    const TokenRequest rds{Engine::Postgres,
                           QStringLiteral("db.abc.us-east-1.rds.amazonaws.com"),
                           5432,
                           {},
                           QStringLiteral("app"),
                           0};
    const Result<AuthToken> rdsToken = rds.sign(longTerm(), When);
    QVERIFY(rdsToken.ok());
    QVERIFY(!rdsToken->isDsql());
    QCOMPARE(rdsToken->expiresIn(), AuthToken::MaxExpiresIn);
    QCOMPARE(TokenRequest::maxLifetime(Engine::MySql), AuthToken::MaxExpiresIn);
    TokenRequest tooLong = rds;
    tooLong.expiresIn = 901;
    QCOMPARE(tooLong.sign(longTerm(), When).error().code, QStringLiteral("token.bad-expiry"));

    // Expired credentials are refused before signing, for both.
    aws::Credentials expired = temporary();
    expired.expiration = When.addSecs(-1);
    QCOMPARE(request.sign(expired, When).error().code, QStringLiteral("credentials.expired"));

    // Redaction holds for the DSQL flavour too.
    QString debug;
    QDebug(&debug) << *admin;
    QVERIFY(debug.contains(QStringLiteral("DbConnectAdmin")));
    QVERIFY(!debug.contains(QStringLiteral("X-Amz-Signature")));
}

QTEST_GUILESS_MAIN(TestDsqlToken)
#include "tst_dsqltoken.moc"
