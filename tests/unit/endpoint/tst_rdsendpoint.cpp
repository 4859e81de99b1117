// SPDX-License-Identifier: GPL-3.0-or-later
// Region and partition rules for RDS endpoint names.
#include "aws/RdsEndpoint.h"
#include "endpoint/Endpoint.h"

#include <QTest>

using signet::FrontEnd;
using signet::aws::RdsEndpoint;
using namespace Qt::StringLiterals;

class TestRdsEndpoint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void regionFromHost_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("region");
        QTest::newRow("instance") << u"mydb.c9akciq32.eu-west-1.rds.amazonaws.com"_s << u"eu-west-1"_s;
        QTest::newRow("cluster") << u"orders.cluster-c9xyz.us-east-2.rds.amazonaws.com"_s << u"us-east-2"_s;
        QTest::newRow("reader") << u"orders.cluster-ro-c9xyz.ap-southeast-2.rds.amazonaws.com"_s
                                << u"ap-southeast-2"_s;
        QTest::newRow("proxy") << u"p1.proxy-c9xyz.eu-central-1.rds.amazonaws.com"_s << u"eu-central-1"_s;
        QTest::newRow("china") << u"db.abc.cn-north-1.rds.amazonaws.com.cn"_s << u"cn-north-1"_s;
        QTest::newRow("govcloud") << u"db.abc.us-gov-west-1.rds.amazonaws.com"_s << u"us-gov-west-1"_s;
        QTest::newRow("upper case, trailing dot")
            << u"DB.ABC.EU-WEST-3.RDS.AMAZONAWS.COM."_s << u"eu-west-3"_s;
        QTest::newRow("ip address") << u"10.0.0.12"_s << u""_s;
        QTest::newRow("localhost") << u"localhost"_s << u""_s;
        QTest::newRow("custom dns") << u"orders.db.example.com"_s << u""_s;
        QTest::newRow("too few labels") << u"eu-west-1.rds.amazonaws.com"_s << u""_s;
        QTest::newRow("not a region") << u"db.abc.notaregion.rds.amazonaws.com"_s << u""_s;
        QTest::newRow("lookalike suffix") << u"db.abc.eu-west-1.rds.amazonaws.com.evil.example"_s << u""_s;
    }
    void regionFromHost()
    {
        QFETCH(QString, host);
        QFETCH(QString, region);
        QCOMPARE(RdsEndpoint::regionFromHost(host), region);
    }

    void partitions()
    {
        QCOMPARE(RdsEndpoint::partitionOf(QStringLiteral("eu-west-1")), QStringLiteral("aws"));
        QCOMPARE(RdsEndpoint::partitionOf(QStringLiteral("cn-northwest-1")), QStringLiteral("aws-cn"));
        QCOMPARE(RdsEndpoint::partitionOf(QStringLiteral("us-gov-east-1")), QStringLiteral("aws-us-gov"));
        QCOMPARE(RdsEndpoint::partitionOf(QStringLiteral("us-iso-east-1")), QStringLiteral("aws-iso"));
        QCOMPARE(RdsEndpoint::partitionOf(QStringLiteral("us-isob-east-1")), QStringLiteral("aws-iso-b"));
    }

    void regionNames()
    {
        for (const char *good :
             {"us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-5", "cn-north-1"})
            QVERIFY2(RdsEndpoint::isRegionName(QString::fromLatin1(good)), good);
        for (const char *bad :
             {"", "us-east", "useast1", "US-EAST-1", "us-east-x", "u-east-1", "us--1", "a-b-c-d-1"})
            QVERIFY2(!RdsEndpoint::isRegionName(QString::fromLatin1(bad)), bad);
    }

    void resolveRegion()
    {
        const QString rds = QStringLiteral("db.abc.eu-west-1.rds.amazonaws.com");
        QCOMPARE(signet::resolveSigningRegion(rds, {}).value(), QStringLiteral("eu-west-1"));
        QCOMPARE(signet::resolveSigningRegion(rds, QStringLiteral("eu-west-1")).value(),
                 QStringLiteral("eu-west-1"));
        QCOMPARE(
            signet::resolveSigningRegion(QStringLiteral("127.0.0.1"), QStringLiteral("us-east-1")).value(),
            QStringLiteral("us-east-1"));

        const auto mismatch = signet::resolveSigningRegion(rds, QStringLiteral("us-east-1"));
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().code, QStringLiteral("region.mismatch"));
        QVERIFY(mismatch.error().message.contains(QStringLiteral("eu-west-1")));
        QVERIFY(mismatch.error().hintFor(FrontEnd::Cli).contains(QStringLiteral("--region eu-west-1")));
        QVERIFY(
            mismatch.error().hintFor(FrontEnd::Gui).contains(QStringLiteral("Region field to eu-west-1")));
        QVERIFY(!mismatch.error().hintFor(FrontEnd::Gui).contains(QStringLiteral("--")));

        const auto unknown = signet::resolveSigningRegion(QStringLiteral("tunnel.local"), {});
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, QStringLiteral("region.unknown"));
        QVERIFY(unknown.error().hintFor(FrontEnd::Cli).contains(QStringLiteral("--region")));
        QVERIFY(!unknown.error().hintFor(FrontEnd::Gui).contains(QStringLiteral("--")));

        const auto invalid =
            signet::resolveSigningRegion(QStringLiteral("tunnel.local"), QStringLiteral("Ireland"));
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().code, QStringLiteral("region.invalid"));

        // The configured region fills in only where neither the option nor the name gives one.
        QCOMPARE(
            signet::resolveSigningRegion(QStringLiteral("tunnel.local"), {}, QStringLiteral("ap-south-1"))
                .value(),
            QStringLiteral("ap-south-1"));
        QCOMPARE(signet::resolveSigningRegion(rds, {}, QStringLiteral("ap-south-1")).value(),
                 QStringLiteral("eu-west-1"));
        QCOMPARE(signet::resolveSigningRegion(QStringLiteral("x.dsql.us-east-2.on.aws"), {},
                                              QStringLiteral("ap-south-1"))
                     .value(),
                 QStringLiteral("us-east-2"));
    }

    void endpointKinds()
    {
        using signet::EndpointKind;
        QCOMPARE(signet::endpointKind(u"mydb.c9akciq32.eu-west-1.rds.amazonaws.com"_s), EndpointKind::Rds);
        QCOMPARE(signet::endpointKind(u"orders.cluster-ro-c9xyz.us-east-2.rds.amazonaws.com"_s),
                 EndpointKind::Rds);
        QCOMPARE(signet::endpointKind(u"app.proxy-c9xyz.eu-west-1.rds.amazonaws.com."_s),
                 EndpointKind::RdsProxy);
        QCOMPARE(signet::endpointKind(u"APP.PROXY-C9XYZ.CN-NORTH-1.RDS.AMAZONAWS.COM.CN"_s),
                 EndpointKind::RdsProxy);
        QCOMPARE(signet::regionFromEndpointName(u"app.proxy-c9xyz.eu-west-1.rds.amazonaws.com"_s),
                 u"eu-west-1"_s);
        // A proxy's own (reader or custom) endpoint is an RDS Proxy endpoint too.
        QCOMPARE(signet::endpointKind(u"reports.endpoint.proxy-c9xyz.eu-west-1.rds.amazonaws.com"_s),
                 EndpointKind::RdsProxy);
        QCOMPARE(
            signet::regionFromEndpointName(u"reports.endpoint.proxy-c9xyz.eu-west-1.rds.amazonaws.com"_s),
            u"eu-west-1"_s);
        QCOMPARE(signet::endpointKind(u"endpoint.c9akciq32.eu-west-1.rds.amazonaws.com"_s),
                 EndpointKind::Rds);
        QCOMPARE(signet::endpointKind(u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s),
                 EndpointKind::Dsql);
        QCOMPARE(signet::endpointKind(u"10.0.0.1"_s), EndpointKind::Other);
        QCOMPARE(signet::endpointKind(u"db.internal"_s), EndpointKind::Other);
    }
};

QTEST_GUILESS_MAIN(TestRdsEndpoint)
#include "tst_rdsendpoint.moc"
