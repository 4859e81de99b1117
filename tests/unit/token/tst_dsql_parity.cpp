// SPDX-License-Identifier: GPL-3.0-or-later
// DsqlToken::generate byte for byte against AWS's JavaScript DSQL signer (npm @aws-sdk/dsql-signer), plus
// where we refuse.
#include "endpoint/Endpoint.h"
#include "token/DsqlToken.h"

#include "ParityCases.h"
#include "ReferenceSigner.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace signet;
using namespace signet::test;
using namespace signet::token;

// 600 seeded random inputs and the edge cases below, signed by Signet and by DsqlSigner with the
// same pinned clock (tests/support/aws_js_tokens.js), must give the same bytes. Inputs: DSQL
// endpoints in commercial, China and GovCloud regions (the region given, or left for Signet to
// read from the endpoint), other DNS names and IPv4 addresses with a given region, both actions,
// lifetimes from 1 s to 604800 s, long-term and temporary credentials with '/', '+' and '=' in the
// session token. The one transformation: Signet lower-cases the host (see DsqlToken.h), so the JS
// signer is given the lower-cased host; a separate check shows what it does with capitals.
class TestDsqlParity final : public QObject
{
    Q_OBJECT

private slots:
    void matchesJavaScriptSigner();
    void refusesWhatTheJavaScriptSignerSigns();
};

namespace {

struct DsqlCase
{
    QString host;
    QString region;        // what Signet is given; may be empty for a DSQL endpoint
    QString signingRegion; // what the JS signer is given
    DsqlAction action = DsqlAction::DbConnect;
    CaseCredentials credentials;
    QDateTime time;
    int expiresIn = DsqlToken::DefaultExpiresIn;

    // jsHost: the host as the JS signer gets it.
    QJsonObject toJson(const QString &jsHost) const
    {
        QJsonObject o;
        o[QStringLiteral("host")] = jsHost;
        o[QStringLiteral("region")] = signingRegion;
        o[QStringLiteral("action")] = DsqlToken::actionName(action);
        credentials.writeTo(o);
        o[QStringLiteral("signingTime")] = amzDate(time);
        o[QStringLiteral("expiresIn")] = expiresIn;
        return o;
    }

    QString describe() const
    {
        return QStringLiteral(
                   "host=%1 region=%2 (signing %3) action=%4 key=%5 session token=%6 chars time=%7 "
                   "expiresIn=%8")
            .arg(host, region.isEmpty() ? QStringLiteral("(none)") : region, signingRegion,
                 DsqlToken::actionName(action), credentials.accessKeyId)
            .arg(credentials.sessionToken.size())
            .arg(time.toString(Qt::ISODate))
            .arg(expiresIn);
    }

    Result<DsqlToken> sign() const
    {
        return DsqlToken::generate(host, region, action, credentials.toCredentials(), time, expiresIn);
    }
};

QString clusterId(QRandomGenerator &rng)
{
    static const QStringList idChars = characters(QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789"));
    return randomFrom(rng, idChars, 26, 26);
}

QString withRandomCapitals(QRandomGenerator &rng, QString text)
{
    for (QChar &c : text) {
        if (c.isLower() && rng.bounded(3u) == 0)
            c = c.toUpper();
    }
    return text;
}

DsqlCase randomCase(QRandomGenerator &rng)
{
    static const QStringList dnsChars = characters(QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789-_"));
    DsqlCase c;
    const quint32 partition = rng.bounded(10u);
    c.signingRegion = partition < 2   ? pick(rng, chinaRegions())
                      : partition < 3 ? pick(rng, govRegions())
                                      : pick(rng, awsRegions());
    const quint32 hostKind = rng.bounded(20u);
    if (hostKind < 12) {
        c.host = clusterId(rng) + QStringLiteral(".dsql.") + c.signingRegion + QStringLiteral(".on.aws");
        if (hostKind < 3)
            c.host = withRandomCapitals(rng, c.host);
        else if (hostKind == 3)
            c.host += u'.';
        // Half the time Signet reads the region from the endpoint.
        c.region = rng.bounded(2u) ? c.signingRegion : QString();
    } else if (hostKind < 16) {
        c.host = randomFrom(rng, dnsChars, 1, 20) + u'.' + randomFrom(rng, dnsChars, 1, 12) +
                 QStringLiteral(".example");
        c.region = c.signingRegion;
    } else if (hostKind < 19) {
        c.host = QStringLiteral("%1.%2.%3.%4")
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u));
        c.region = c.signingRegion;
    } else {
        c.host = QStringLiteral("localhost");
        c.region = c.signingRegion;
    }
    c.action = rng.bounded(2u) ? DsqlAction::DbConnectAdmin : DsqlAction::DbConnect;
    c.credentials = randomCredentials(rng);
    c.time = randomSigningTime(rng);
    const quint32 expiryKind = rng.bounded(10u);
    c.expiresIn = expiryKind < 2   ? DsqlToken::DefaultExpiresIn
                  : expiryKind < 3 ? 1
                  : expiryKind < 4 ? DsqlToken::MaxExpiresIn
                                   : 1 + int(rng.bounded(quint32(DsqlToken::MaxExpiresIn)));
    return c;
}

const QDateTime Example = QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), QTimeZone::utc());
const QString ExampleHost = QStringLiteral("abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws");

DsqlCase exampleCase(QString host = ExampleHost, QString region = QStringLiteral("us-east-1"))
{
    DsqlCase c;
    c.host = std::move(host);
    c.region = std::move(region);
    c.signingRegion = c.region.isEmpty() ? regionFromEndpointName(c.host) : c.region;
    c.credentials = exampleCredentials();
    c.time = Example;
    return c;
}

QList<DsqlCase> edgeCases()
{
    QList<DsqlCase> list;
    const auto add = [&list](DsqlCase c, auto change) {
        change(c);
        list.append(c);
    };
    const auto none = [](DsqlCase &) {};
    add(exampleCase(), none);
    add(exampleCase(ExampleHost, {}), none);
    add(exampleCase(), [](DsqlCase &c) { c.action = DsqlAction::DbConnectAdmin; });
    for (int expires : {1, 2, 59, 899, 900, 901, 3600, 86400, 604799, 604800})
        add(exampleCase(), [expires](DsqlCase &c) { c.expiresIn = expires; });
    add(exampleCase(), [](DsqlCase &c) { c.credentials = exampleCredentials(true); });
    for (const QString &token : {QStringLiteral("/+="), QStringLiteral("=="), QStringLiteral("a/b+c=d"),
                                 QStringLiteral("////"), QStringLiteral("++++")})
        add(exampleCase(), [token](DsqlCase &c) { c.credentials.sessionToken = token; });
    for (const QString &region : chinaRegions() + govRegions())
        add(exampleCase(QStringLiteral("abcdefghijklmnopqrstuvwxyz.dsql.%1.on.aws").arg(region), {}), none);
    add(exampleCase(QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ.DSQL.US-EAST-1.ON.AWS"), {}), none);
    add(exampleCase(ExampleHost + u'.'), none);
    add(exampleCase(QStringLiteral("localhost")), none);
    add(exampleCase(QStringLiteral("127.0.0.1")), none);
    add(exampleCase(QStringLiteral("a")), none);
    add(exampleCase(QStringLiteral("under_score.example")), none);
    add(exampleCase(QStringLiteral("my-cluster.internal.example.com"), QStringLiteral("eu-central-2")), none);
    for (const QDateTime &time : {QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59), QTimeZone::utc()),
                                  QDateTime(QDate(2000, 1, 1), QTime(0, 0, 0), QTimeZone::utc()),
                                  QDateTime(QDate(2024, 2, 29), QTime(12, 0, 0), QTimeZone::utc()),
                                  QDateTime(QDate(2099, 12, 31), QTime(23, 59, 59), QTimeZone::utc())})
        add(exampleCase(), [time](DsqlCase &c) { c.time = time; });
    return list;
}

Result<QJsonArray> jsResults(const QJsonArray &input)
{
    const Result<ReferenceSigner> js = ReferenceSigner::awsJs(QStringLiteral("dsql"));
    if (!js)
        return js.error();
    const Result<QJsonObject> document = js->sign(input);
    if (!document)
        return document.error();
    qInfo().noquote() << document->value(QStringLiteral("signer")).toString() << "on Node.js"
                      << document->value(QStringLiteral("node")).toString() << "with" << input.size()
                      << "inputs";
    return document->value(QStringLiteral("results")).toArray();
}

} // namespace

void TestDsqlParity::matchesJavaScriptSigner()
{
    QRandomGenerator rng(0xd5a1u);
    QList<DsqlCase> cases = edgeCases();
    for (int i = 0; i < 600; ++i)
        cases.append(randomCase(rng));

    QJsonArray input;
    for (const DsqlCase &c : std::as_const(cases))
        input.append(c.toJson(c.host.toLower()));
    // And once with the capitals as given, for the one documented difference.
    const DsqlCase capitals = exampleCase(QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ.dsql.us-east-1.on.aws"));
    input.append(capitals.toJson(capitals.host));
    const Result<QJsonArray> results = jsResults(input);
    if (!results)
        QFAIL(qPrintable(results.error().toString()));

    int mismatches = 0;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const DsqlCase &c = cases[i];
        const QJsonObject expected = results->at(i).toObject();
        const Result<DsqlToken> ours = c.sign();
        if (!bothSigned(i, c.describe(), QStringLiteral("JS"), expected, ours)) {
            ++mismatches;
            continue;
        }
        const QString theirs = expected.value(QStringLiteral("token")).toString();
        const QString mine = ours->text();
        if (mine != theirs && ++mismatches <= 20)
            qWarning().noquote() << "case" << i << c.describe()
                                 << "\n  signet vs JS:" << tokenDifference(mine, theirs);
        // Every generated token parses back to its inputs.
        const Result<DsqlToken> parsed = DsqlToken::parse(mine);
        if (!parsed.ok() || parsed->host() != c.host.toLower() || parsed->region() != c.signingRegion ||
            parsed->action() != c.action || parsed->expiresIn() != c.expiresIn ||
            parsed->signedAt() != c.time || parsed->accessKeyId() != c.credentials.accessKeyId ||
            parsed->hasSessionToken() != !c.credentials.sessionToken.isEmpty()) {
            ++mismatches;
            qWarning().noquote() << "case" << i << "does not parse back:" << c.describe();
        }
    }
    QCOMPARE(mismatches, 0);

    // Given capitals, the JS signer keeps them in the URL and signs them in the Host header; Signet
    // signs (and writes) the lower-cased host, so only the prefix and the signature differ.
    const QString jsCapitals = results->last().toObject().value(QStringLiteral("token")).toString();
    const Result<DsqlToken> oursCapitals = capitals.sign();
    QVERIFY(oursCapitals.ok());
    QVERIFY(jsCapitals.startsWith(capitals.host + QStringLiteral("/?")));
    QVERIFY(oursCapitals->text().startsWith(capitals.host.toLower() + QStringLiteral("/?")));
    QVERIFY(jsCapitals != oursCapitals->text());
}

// Inputs the JS signer accepts (or refuses differently) and Signet refuses, each with the
// reason. The JS outcome is checked too, so a change in the SDK shows up here.
void TestDsqlParity::refusesWhatTheJavaScriptSignerSigns()
{
    struct Refusal
    {
        const char *why;
        DsqlCase input;
        QString ourCode;
        bool jsSigns; // false: the JS signer refuses too
    };
    const auto with = [](DsqlCase c, auto change) {
        change(c);
        return c;
    };
    const QList<Refusal> refusals = {
        // SigV4 allows X-Amz-Expires from 1; the JS signer writes 0 and negative numbers as given,
        // tokens no server accepts.
        {"a lifetime of 0 s", with(exampleCase(), [](DsqlCase &c) { c.expiresIn = 0; }),
         QStringLiteral("token.bad-expiry"), true},
        {"a negative lifetime", with(exampleCase(), [](DsqlCase &c) { c.expiresIn = -5; }),
         QStringLiteral("token.bad-expiry"), true},
        // Over a week: both refuse ("must have an expiration date less than one week").
        {"a lifetime over a week", with(exampleCase(), [](DsqlCase &c) { c.expiresIn = 604801; }),
         QStringLiteral("token.bad-expiry"), false},
        // No host: the JS signer signs for "localhost" (HttpRequest's default hostname).
        {"an empty host", exampleCase(QString(), QStringLiteral("us-east-1")),
         QStringLiteral("token.empty-host"), true},
        // Not a DNS name: the JS signer signs the text as the host, port or path included.
        {"a host with a port",
         exampleCase(ExampleHost + QStringLiteral(":5432"), QStringLiteral("us-east-1")),
         QStringLiteral("token.bad-host"), true},
        {"a host with a scheme",
         exampleCase(QStringLiteral("https://") + ExampleHost, QStringLiteral("us-east-1")),
         QStringLiteral("token.bad-host"), true},
        // The region contradicts the endpoint: the JS signer signs what it is told, a token the
        // cluster always refuses.
        {"a region other than the endpoint's", exampleCase(ExampleHost, QStringLiteral("eu-west-1")),
         QStringLiteral("region.mismatch"), true},
        // Not a region name: the JS signer puts it in the credential scope as given.
        {"a capitalised region", exampleCase(QStringLiteral("db.example"), QStringLiteral("US-EAST-1")),
         QStringLiteral("region.invalid"), true},
        // No region and no DSQL endpoint to read it from: the JS signer falls back to AWS_REGION and
        // the config files; here it is given "" and signs an empty region into the scope.
        {"no region for a custom host",
         with(exampleCase(QStringLiteral("db.example"), {}), [](DsqlCase &c) { c.signingRegion.clear(); }),
         QStringLiteral("region.unknown"), true},
        // An empty secret key: the JS signer only checks that it is a string and signs with the
        // bare key "AWS4"; Signet names the access key whose secret is missing.
        {"an empty secret key", with(exampleCase(), [](DsqlCase &c) { c.credentials.secret.clear(); }),
         QStringLiteral("token.no-secret-key"), true},
    };

    QJsonArray input;
    for (const Refusal &r : refusals)
        input.append(r.input.toJson(r.input.host));
    const Result<QJsonArray> results = jsResults(input);
    if (!results)
        QFAIL(qPrintable(results.error().toString()));
    for (qsizetype i = 0; i < refusals.size(); ++i) {
        const Refusal &r = refusals[i];
        const Result<DsqlToken> ours = r.input.sign();
        QVERIFY2(!ours.ok(), r.why);
        QCOMPARE(ours.error().code, r.ourCode);
        // Errors never carry a secret.
        QVERIFY2(r.input.credentials.secret.isEmpty() ||
                     !ours.error().toString().contains(r.input.credentials.secret),
                 r.why);
        const bool jsSigned = results->at(i).toObject().contains(QStringLiteral("token"));
        QVERIFY2(jsSigned == r.jsSigns,
                 qPrintable(QStringLiteral("%1: the JS signer %2")
                                .arg(QLatin1String(r.why), jsSigned ? QStringLiteral("now signs it")
                                                                    : QStringLiteral("now refuses it"))));
    }
}

QTEST_GUILESS_MAIN(TestDsqlParity)
#include "tst_dsql_parity.moc"
