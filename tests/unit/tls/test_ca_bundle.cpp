// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundle: the built-in global bundle, strict PEM validation, certificate summaries and expiry.
#include "TestPki.h"
#include "tls/CaBundle.h"

#include <QTest>

using namespace signet;
using namespace signet::tls;

class TestCaBundle final : public QObject
{
    Q_OBJECT

private slots:
    void builtinGlobalBundle()
    {
        const auto bundle = CaBundle::builtinGlobal();
        QVERIFY2(bundle.ok(), qPrintable(bundle.ok() ? QString() : bundle.error().message));
        QCOMPARE(bundle->size(), 102);
        QCOMPARE(bundle->sha256(),
                 QStringLiteral("05c6b4a9bf4daa95c888711481e19cc8e2e11aed4de8db759f51f4a6fce64917"));
        const auto summaries = bundle->summaries();
        QSet<QString> algorithms;
        for (const CertificateSummary &summary : summaries) {
            algorithms.insert(summary.keyAlgorithm);
            QVERIFY(summary.selfSigned);
            QVERIFY(summary.commonName.startsWith(QStringLiteral("Amazon RDS")));
        }
        QCOMPARE(algorithms, (QSet<QString>{QStringLiteral("RSA 2048"), QStringLiteral("RSA 4096"),
                                            QStringLiteral("EC 384")}));
        QCOMPARE(bundle->soonestExpiry().notAfter.date().year(), 2061);
        const QDateTime now(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        QVERIFY(bundle->warnings(now).isEmpty());
        // In 2061 the RSA2048 roots are about to expire: warnings name them.
        const QStringList late = bundle->warnings(QDateTime(QDate(2061, 4, 1), QTime(0, 0), Qt::UTC));
        QVERIFY(!late.isEmpty());
        QVERIFY(late.first().contains(QStringLiteral("RSA2048")));
    }

    void rejectsBrokenPem_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("expected");
        const QByteArray good =
            signet::test::makeCa(QStringLiteral("A"), QDateTime::currentDateTimeUtc().addDays(-1),
                                 QDateTime::currentDateTimeUtc().addDays(400))
                .certificatePem;
        QTest::newRow("empty") << QByteArray() << QStringLiteral("no PEM certificate");
        QTest::newRow("garbage") << QByteArray("<html>502 Bad Gateway</html>")
                                 << QStringLiteral("no PEM certificate");
        QTest::newRow("truncated") << good + good.left(good.size() / 2)
                                   << QStringLiteral("certificate 2 is cut off");
        QByteArray corrupt = good;
        corrupt[40] = '!';
        corrupt[41] = '!';
        QTest::newRow("corrupt base64") << corrupt << QStringLiteral("certificate 1 does not decode");
        QTest::newRow("stray end") << good + "-----END CERTIFICATE-----\n"
                                   << QStringLiteral("stray PEM markers");
    }

    void rejectsBrokenPem()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, expected);
        const auto bundle = CaBundle::fromPem(pem, QStringLiteral("test.pem"));
        QVERIFY(!bundle.ok());
        QCOMPARE(bundle.error().code, QStringLiteral("ca.invalid-pem"));
        QVERIFY2(bundle.error().message.contains(expected), qPrintable(bundle.error().message));
        QVERIFY(bundle.error().message.contains(QStringLiteral("test.pem")));
        QVERIFY(!bundle.error().hint.isEmpty());
    }

    void expiryStates()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto soon =
            signet::test::makeCa(QStringLiteral("Soon CA"), now.addDays(-10), now.addDays(30).addSecs(60));
        const auto expired =
            signet::test::makeCa(QStringLiteral("Old CA"), now.addDays(-400), now.addDays(-2));
        const auto fine = signet::test::makeCa(QStringLiteral("Fine CA"), now.addDays(-1), now.addDays(1000));
        const auto bundle =
            CaBundle::fromPem(fine.certificatePem + soon.certificatePem + expired.certificatePem);
        QVERIFY(bundle.ok());
        QCOMPARE(bundle->size(), 3);
        const auto summaries = bundle->summaries();
        QCOMPARE(summaries[0].expiryState(now), ExpiryState::Valid);
        QCOMPARE(summaries[1].expiryState(now), ExpiryState::ExpiresSoon);
        QCOMPARE(summaries[1].daysLeft(now), 30);
        QCOMPARE(summaries[2].expiryState(now), ExpiryState::Expired);
        QCOMPARE(summaries[2].daysLeft(now), -2);
        QCOMPARE(summaries[0].keyAlgorithm, QStringLiteral("EC 256"));
        QCOMPARE(bundle->soonestExpiry().commonName, QStringLiteral("Old CA"));
        const QStringList warnings = bundle->warnings(now);
        QCOMPARE(warnings.size(), 2);
        QVERIFY(warnings.join(u'\n').contains(QStringLiteral("Soon CA expires in 30 days")));
        QVERIFY(warnings.join(u'\n').contains(QStringLiteral("Old CA expired on")));
    }

    void issuerLookup()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto ca = signet::test::makeCa(QStringLiteral("Issuer CA"), now.addDays(-1), now.addDays(100));
        const auto other =
            signet::test::makeCa(QStringLiteral("Other CA"), now.addDays(-1), now.addDays(100));
        const auto leaf = signet::test::makeServer(ca, QStringLiteral("db"), {QStringLiteral("db.example")},
                                                   {}, now.addDays(-1), now.addDays(50));
        const auto bundle = CaBundle::fromPem(other.certificatePem + ca.certificatePem);
        QVERIFY(bundle.ok());
        const auto issuer = bundle->issuerOf(leaf.certificate());
        QVERIFY(issuer.has_value());
        QCOMPARE(issuer->subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("Issuer CA"));
    }
};

QTEST_GUILESS_MAIN(TestCaBundle)
#include "test_ca_bundle.moc"
