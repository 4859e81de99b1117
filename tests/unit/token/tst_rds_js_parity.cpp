// SPDX-License-Identifier: GPL-3.0-or-later
// AuthToken::generate against AWS's JavaScript RDS signer (npm @aws-sdk/rds-signer), the second oracle beside
// botocore.
#include "aws/SigV4Request.h"
#include "aws/SigV4Signer.h"
#include "token/AuthToken.h"

#include "ParityCases.h"
#include "ReferenceSigner.h"

#include <QJsonArray>
#include <QTest>

using namespace signet;
using namespace signet::test;
using namespace signet::token;

// Signet's RDS tokens are botocore's, byte for byte (tst_botocore_parity). The JavaScript signer
// writes the same token in two other ways, and this test pins both down:
//
// 1. Parameter order. @aws-sdk/rds-signer formats the presigned URL with the query sorted by name:
//    Action, DBUser, X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
//    [X-Amz-Security-Token], X-Amz-Signature, X-Amz-SignedHeaders; botocore (and Signet) keep
//    request order: ..., X-Amz-Expires, X-Amz-SignedHeaders, [X-Amz-Security-Token],
//    X-Amz-Signature. AWS verifies the signature over the canonical (sorted) query, so the order
//    of the token's parameters does not matter to it. Compared: Signet's token with its
//    parameters sorted, byte for byte against the JS token.
// 2. The signed Host header. The JS signer signs "host:port" as given, always with the port and
//    in the host's own case; botocore signs the lower-cased host and leaves out ":443". So for
//    port 443 or a host with capitals the two SDKs' signatures differ (each is what its SDK sends).
//    For those cases every parameter but X-Amz-Signature must still be identical, and the JS
//    signature must be exactly SigV4 over Signet's own request with that Host header: the only
//    difference is the header, nothing else in the encoding.
//
// Inputs: the edge cases of tst_botocore_parity, 600 seeded random cases with lower-case hosts
// and ports other than 443 (which must match byte for byte after sorting), and 150 random cases
// as generated for botocore (capitals and port 443 included). Expiries other than 900 go through
// the JS signer's own SignatureV4.presign with the expiry swapped in (it hard-codes 900; see
// tests/support/aws_js_tokens.js).
class TestRdsJsParity final : public QObject
{
    Q_OBJECT

private slots:
    void matchesJavaScriptSigner();
};

namespace {

QString parameter(const QString &token, QStringView name)
{
    for (const QString &p : splitToken(token).parameters) {
        if (p.startsWith(name) && p.size() > name.size() && p.at(name.size()) == u'=')
            return p.mid(name.size() + 1);
    }
    return {};
}

QString withoutSignature(const QString &token)
{
    TokenParts parts = splitToken(withSortedParameters(token));
    parts.parameters.removeIf(
        [](const QString &p) { return p.startsWith(QLatin1String("X-Amz-Signature=")); });
    return parts.prefix + QStringLiteral("/?") + parts.parameters.join(u'&');
}

// What the JS signer signs: Host "host:port" exactly as given.
QByteArray jsStyleSignature(const RdsCase &c)
{
    aws::SigV4Request request;
    request.query.append({QByteArrayLiteral("Action"), QByteArrayLiteral("connect")});
    request.query.append({QByteArrayLiteral("DBUser"), c.user.toUtf8()});
    request.headers.append({QByteArrayLiteral("host"), (c.host + u':' + QString::number(c.port)).toLatin1()});
    const aws::SigV4Signer signer(c.region.toLatin1(), QByteArrayLiteral("rds-db"));
    const Result<aws::SigV4Signature> signature =
        signer.presign(request, c.credentials.toCredentials(), c.time, c.expiresIn);
    return signature ? signature->signature : QByteArray();
}

} // namespace

void TestRdsJsParity::matchesJavaScriptSigner()
{
    const Result<ReferenceSigner> js = ReferenceSigner::awsJs(QStringLiteral("rds"));
    if (!js)
        QFAIL(qPrintable(js.error().toString()));

    QRandomGenerator rng(0x7d5e11u);
    QList<RdsCase> cases = rdsEdgeCases();
    const qsizetype edgeCount = cases.size();
    for (int i = 0; i < 600; ++i) {
        RdsCase c = randomRdsCase(rng);
        c.host = c.host.toLower();
        if (c.port == 443)
            c.port = 8443;
        cases.append(c);
    }
    for (int i = 0; i < 150; ++i)
        cases.append(randomRdsCase(rng));

    QJsonArray input;
    for (const RdsCase &c : std::as_const(cases))
        input.append(c.toJson());
    const Result<QJsonObject> document = js->sign(input);
    if (!document)
        QFAIL(qPrintable(document.error().toString()));
    const QJsonArray results = document->value(QStringLiteral("results")).toArray();

    int identical = 0;
    int hostHeaderCases = 0;
    int mismatches = 0;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const RdsCase &c = cases[i];
        const QJsonObject expected = results[i].toObject();
        const Result<AuthToken> ours = c.sign();
        if (!bothSigned(i, c.describe(), QStringLiteral("JS"), expected, ours)) {
            ++mismatches;
            continue;
        }
        const QString theirs = expected.value(QStringLiteral("token")).toString();
        const QString mine = withSortedParameters(ours->text());
        // The JS layout is the sorted one (point 1 above); if that changes, this test must change.
        if (theirs != withSortedParameters(theirs)) {
            ++mismatches;
            qWarning().noquote() << "case" << i << "the JS signer no longer sorts its parameters";
            continue;
        }
        const bool sameHostHeader = c.port != 443 && c.host == c.host.toLower();
        if (sameHostHeader) {
            if (mine == theirs) {
                ++identical;
            } else if (++mismatches <= 20) {
                qWarning().noquote() << "case" << i << c.describe()
                                     << "\n  signet (sorted) vs JS:" << tokenDifference(mine, theirs);
            }
            continue;
        }
        ++hostHeaderCases;
        if (withoutSignature(mine) != withoutSignature(theirs) ||
            parameter(theirs, u"X-Amz-Signature").toLatin1() != jsStyleSignature(c)) {
            if (++mismatches <= 20)
                qWarning().noquote() << "case" << i << c.describe()
                                     << "\n  the JS token differs by more than its Host header:"
                                     << tokenDifference(mine, theirs);
        }
    }
    qInfo().noquote() << document->value(QStringLiteral("signer")).toString() << "on Node.js"
                      << document->value(QStringLiteral("node")).toString() << "with" << cases.size()
                      << "inputs (" << edgeCount << "edge cases):" << identical
                      << "byte-identical after sorting," << hostHeaderCases
                      << "with the JS Host header (port 443 or capitals)";
    QCOMPARE(mismatches, 0);
    QVERIFY(identical >= 500);
}

QTEST_GUILESS_MAIN(TestRdsJsParity)
#include "tst_rds_js_parity.moc"
