// SPDX-License-Identifier: GPL-3.0-or-later
// Byte-for-byte parity of AuthToken::generate with botocore's RDS generate_db_auth_token over
// 600+ seeded random inputs and a list of edge cases (tests/support/botocore_tokens.py).
#include "token/AuthToken.h"

#include "ParityCases.h"
#include "ReferenceSigner.h"

#include <QJsonArray>
#include <QTest>

using namespace signet;
using namespace signet::test;
using namespace signet::token;

class TestBotocoreParity final : public QObject
{
    Q_OBJECT

private slots:
    void matchesBotocore();
};

void TestBotocoreParity::matchesBotocore()
{
    const Result<ReferenceSigner> botocore = ReferenceSigner::botocore();
    if (!botocore)
        QFAIL(qPrintable(botocore.error().toString()));

    QRandomGenerator rng(0x5167e7u);
    QList<RdsCase> cases = rdsEdgeCases();
    const qsizetype edgeCount = cases.size();
    for (int i = 0; i < 600; ++i)
        cases.append(randomRdsCase(rng));

    QJsonArray input;
    for (const RdsCase &c : std::as_const(cases))
        input.append(c.toJson());
    const Result<QJsonObject> document = botocore->sign(input, 500000);
    if (!document)
        QFAIL(qPrintable(document.error().toString() + QStringLiteral("; is python3-botocore installed?")));
    const QJsonArray results = document->value(QStringLiteral("results")).toArray();
    qInfo().noquote() << "botocore" << document->value(QStringLiteral("botocore")).toString() << "with"
                      << cases.size() << "inputs (" << edgeCount << "edge cases), CRT signer"
                      << (document->value(QStringLiteral("crt")).toBool() ? "present" : "absent");

    int mismatches = 0;
    int crtSemanticMismatches = 0;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const RdsCase &c = cases[i];
        const QJsonObject expected = results[i].toObject();
        const Result<AuthToken> ours = c.sign();
        if (!bothSigned(i, c.describe(), QStringLiteral("botocore"), expected, ours)) {
            ++mismatches;
            continue;
        }
        const QString theirs = expected.value(QStringLiteral("token")).toString();
        const QString mine = ours->text();
        if (mine != theirs) {
            if (++mismatches <= 20)
                qWarning().noquote() << "case" << i << c.describe()
                                     << "\n  signet vs botocore:" << tokenDifference(mine, theirs);
        }
        // botocore's optional CRT signer orders two parameters differently but must sign the same.
        const QString crt = expected.value(QStringLiteral("crtToken")).toString();
        if (!crt.isEmpty() && withSortedParameters(crt) != withSortedParameters(mine)) {
            if (++crtSemanticMismatches <= 5)
                qWarning().noquote() << "case" << i << c.describe() << "\n  signet vs botocore CRT:"
                                     << tokenDifference(withSortedParameters(mine),
                                                        withSortedParameters(crt));
        }
        // Every generated token parses back to its inputs.
        const Result<AuthToken> parsed = AuthToken::parse(mine);
        if (!parsed.ok() || parsed->dbUser() != c.user || parsed->port() != c.port ||
            parsed->host() != c.host || parsed->region() != c.region || parsed->expiresIn() != c.expiresIn ||
            parsed->hasSessionToken() != !c.credentials.sessionToken.isEmpty()) {
            ++mismatches;
            qWarning().noquote() << "case" << i << "does not parse back:" << c.describe();
        }
    }
    QCOMPARE(mismatches, 0);
    QCOMPARE(crtSemanticMismatches, 0);
}

QTEST_GUILESS_MAIN(TestBotocoreParity)
#include "tst_botocore_parity.moc"
