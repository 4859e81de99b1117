// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleSource: the RDS truststore URL for each source word, and the SIGNET_CA_BASE_URL override.
#include "tls/CaBundleSource.h"

#include <QTest>

using namespace signet::tls;

class TestCaBundleSource final : public QObject
{
    Q_OBJECT

private slots:
    void builtinUrls_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("url");
        QTest::newRow("global") << "global"
                                << "global"
                                << "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
        QTest::newRow("empty") << ""
                               << "global"
                               << "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
        QTest::newRow("region") << "eu-west-1"
                                << "eu-west-1"
                                << "https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem";
        QTest::newRow("govcloud region")
            << "us-gov-west-1"
            << "us-gov-west-1"
            << "https://truststore.pki.us-gov-west-1.rds.amazonaws.com/us-gov-west-1/"
               "us-gov-west-1-bundle.pem";
        QTest::newRow("govcloud global")
            << "us-gov-global"
            << "us-gov-global"
            << "https://truststore.pki.us-gov-west-1.rds.amazonaws.com/global/global-bundle.pem";
        QTest::newRow("china")
            << "cn-north-1"
            << "cn-north-1"
            << "https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem";
    }

    void builtinUrls()
    {
        QFETCH(QString, spec);
        QFETCH(QString, id);
        QFETCH(QString, url);
        const auto source = CaBundleSource::fromSpec(spec, QProcessEnvironment());
        QVERIFY(source.ok());
        QCOMPARE(source->id, id);
        QCOMPARE(source->url.toString(), url);
        QCOMPARE(source->fileName(), id + QStringLiteral(".pem"));
    }

    void baseUrlOverride()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("SIGNET_CA_BASE_URL"), QStringLiteral("https://127.0.0.1:8443/"));
        QCOMPARE(CaBundleSource::fromSpec(QStringLiteral("global"), env)->url.toString(),
                 QStringLiteral("https://127.0.0.1:8443/global/global-bundle.pem"));
        QCOMPARE(CaBundleSource::fromSpec(QStringLiteral("cn-northwest-1"), env)->url.toString(),
                 QStringLiteral("https://127.0.0.1:8443/cn-northwest-1/cn-northwest-1-bundle.pem"));
    }

    void customUrls()
    {
        const auto a = CaBundleSource::fromSpec(QStringLiteral("https://example.com/pki/bundle.pem"),
                                                QProcessEnvironment());
        const auto b =
            CaBundleSource::fromSpec(QStringLiteral("https://example.org/bundle.pem"), QProcessEnvironment());
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->id.startsWith(QStringLiteral("url-bundle-")));
        QVERIFY(a->id != b->id);
        QCOMPARE(a->url.toString(), QStringLiteral("https://example.com/pki/bundle.pem"));
    }

    void rejectsNonsense()
    {
        for (const QString &spec :
             {QStringLiteral("europe"), QStringLiteral("ftp://x/y.pem"), QStringLiteral("https://")}) {
            const auto source = CaBundleSource::fromSpec(spec, QProcessEnvironment());
            QVERIFY2(!source.ok(), qPrintable(spec));
            QCOMPARE(source.error().code, QStringLiteral("ca.bad-source"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCaBundleSource)
#include "test_ca_bundle_source.moc"
