// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionProfile: field validation in the user's words, JSON round trip (engine names and HOST:PORT
// are tested with the engine table in tests/unit/endpoint).
#include "profiles/ConnectionProfile.h"

#include <QTemporaryFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

namespace {

ConnectionProfile validProfile()
{
    ConnectionProfile profile = ConnectionProfile::create(u"orders-prod"_s, Engine::AuroraPostgres);
    profile.host = u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s;
    profile.dbUser = u"iam_reader"_s;
    return profile;
}

QString errorFor(const ConnectionProfile &profile, const QString &field)
{
    for (const FieldError &error : profile.validate()) {
        if (error.field == field)
            return error.message;
    }
    return {};
}

} // namespace

class TestConnectionProfile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createUsesTheEngineDefaultPort()
    {
        QCOMPARE(ConnectionProfile::create(u"a"_s, Engine::MySql).port, 3306);
        QCOMPARE(ConnectionProfile::create(u"a"_s, Engine::MariaDb).port, 3306);
        QCOMPARE(ConnectionProfile::create(u"a"_s, Engine::AuroraMySql).port, 3306);
        QCOMPARE(ConnectionProfile::create(u"a"_s, Engine::Postgres).port, 5432);
        QCOMPARE(ConnectionProfile::create(u"a"_s, Engine::AuroraPostgres).port, 5432);
        QVERIFY(!ConnectionProfile::create(u"a"_s, Engine::MySql).id.isNull());
        QVERIFY(ConnectionProfile::create(u"a"_s, Engine::MySql).id !=
                ConnectionProfile::create(u"a"_s, Engine::MySql).id);
    }

    void validProfileHasNoErrors()
    {
        const ConnectionProfile profile = validProfile();
        QVERIFY2(profile.validate().isEmpty(), qPrintable(profile.validate().value(0).message));
        QVERIFY(profile.check().ok());
        QCOMPARE(profile.effectiveRegion(), u"eu-west-1"_s);
    }

    void fieldErrors_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty name") << u"name"_s << u""_s << u"name"_s;
        QTest::newRow("empty host") << u"host"_s << u""_s << u"endpoint"_s;
        QTest::newRow("scheme") << u"host"_s << u"https://db.example.com"_s << u"https://"_s;
        QTest::newRow("port in host")
            << u"host"_s << u"db.c9xyz.eu-west-1.rds.amazonaws.com:5432"_s << u"port"_s;
        QTest::newRow("space in host") << u"host"_s << u"my db"_s << u"spaces"_s;
        QTest::newRow("port zero") << u"port"_s << u"0"_s << u"1 to 65535"_s;
        QTest::newRow("port too big") << u"port"_s << u"70000"_s << u"1 to 65535"_s;
        QTest::newRow("bad region") << u"region"_s << u"Ireland"_s << u"not an AWS region"_s;
        QTest::newRow("conflicting region") << u"region"_s << u"us-east-1"_s << u"eu-west-1"_s;
        QTest::newRow("empty user") << u"user"_s << u""_s << u"IAM"_s;
        QTest::newRow("folder slash") << u"folder"_s << u"a/b"_s << u"slashes"_s;
        QTest::newRow("via port") << u"via"_s << u"127.0.0.1"_s << u"tunnel port"_s;
        QTest::newRow("relative ca") << u"caFile"_s << u"certs/rds.pem"_s << u"full path"_s;
        QTest::newRow("missing ca") << u"caFile"_s << u"/nonexistent/rds.pem"_s << u"does not exist"_s;
    }

    void fieldErrors()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, mentions);
        ConnectionProfile profile = validProfile();
        if (field == u"name")
            profile.name = value;
        else if (field == u"host")
            profile.host = value;
        else if (field == u"port")
            profile.port = value.toInt();
        else if (field == u"region")
            profile.region = value;
        else if (field == u"user")
            profile.dbUser = value;
        else if (field == u"folder")
            profile.folder = value;
        else if (field == u"via")
            profile.viaHost = value; // port left at 0
        else if (field == u"caFile")
            profile.caFile = value;
        const QString message = errorFor(profile, field);
        QVERIFY2(message.contains(mentions), qPrintable(u"%1: \"%2\""_s.arg(field, message)));
        QVERIFY(!profile.check().ok());
        QCOMPARE(profile.check().error().code, u"profile.invalid"_s);
    }

    void regionRequiredForNonRdsHosts()
    {
        ConnectionProfile profile = validProfile();
        profile.host = u"10.0.0.5"_s;
        QVERIFY(errorFor(profile, u"region"_s).contains(u"not an RDS host name"_s));
        profile.region = u"eu-central-1"_s;
        QVERIFY(profile.validate().isEmpty());
        QCOMPARE(profile.effectiveRegion(), u"eu-central-1"_s);
    }

    void viaAndCaAccepted()
    {
        QTemporaryFile ca;
        QVERIFY(ca.open());
        ConnectionProfile profile = validProfile();
        profile.viaHost = u"127.0.0.1"_s;
        profile.viaPort = 15432;
        profile.caFile = ca.fileName();
        profile.tlsMode = TlsMode::VerifyCa;
        QVERIFY2(profile.validate().isEmpty(), qPrintable(profile.validate().value(0).message));
    }

    void jsonRoundTrip()
    {
        ConnectionProfile profile = validProfile();
        profile.folder = u"Production"_s;
        profile.tags = {u"prod"_s, u"billing"_s};
        profile.database = u"orders"_s;
        profile.credentialSource = CredentialSource::StaticKeys;
        profile.awsProfile = u"prod-admin"_s;
        profile.viaHost = u"::1"_s;
        profile.viaPort = 15432;
        profile.caFile = u"/etc/ssl/rds.pem"_s;
        profile.tlsMode = TlsMode::VerifyCa;
        profile.notes = u"ask #dba first"_s;
        profile.region = u"eu-west-1"_s;
        profile.production = true;
        const auto back = ConnectionProfile::fromJson(profile.toJson());
        QVERIFY(back.ok());
        QCOMPARE(*back, profile);
        QCOMPARE(profile.toJson().value(u"engine"_s).toString(), u"aurora-postgres"_s);
        QCOMPARE(profile.toJson().value(u"production"_s).toBool(), true);
        // Not production: the key stays out of the file (older Signets read it unchanged).
        profile.production = false;
        QVERIFY(!profile.toJson().contains(u"production"_s));
        QCOMPARE(ConnectionProfile::fromJson(profile.toJson())->production, false);
    }

    // A DSQL profile may choose its tokens' lifetime (1 s to a week); an RDS profile may not.
    void dsqlTokenLifetime()
    {
        ConnectionProfile profile = ConnectionProfile::create(u"dsql"_s, Engine::AuroraDsql);
        profile.host = u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s;
        profile.dbUser = u"admin"_s;
        QVERIFY(!profile.toJson().contains(u"tokenLifetime"_s)); // the default stays out of the file
        profile.tokenLifetime = 8 * 3600;
        QVERIFY2(profile.validate().isEmpty(), qPrintable(profile.validate().value(0).message));
        QCOMPARE(profile.toJson().value(u"tokenLifetime"_s).toInt(), 8 * 3600);
        QCOMPARE(ConnectionProfile::fromJson(profile.toJson())->tokenLifetime, 8 * 3600);
        profile.tokenLifetime = 604801;
        QVERIFY(errorFor(profile, u"tokenLifetime"_s).contains(u"a week"_s));
        profile.tokenLifetime = -5;
        QVERIFY(!errorFor(profile, u"tokenLifetime"_s).isEmpty());

        ConnectionProfile rds = validProfile();
        rds.tokenLifetime = 3600;
        QVERIFY(errorFor(rds, u"tokenLifetime"_s).contains(u"15 minutes"_s));
    }

    void fromJsonRejectsUnknownEngineAndMissingId()
    {
        QJsonObject object = validProfile().toJson();
        object.insert(u"engine"_s, u"oracle"_s);
        auto parsed = ConnectionProfile::fromJson(object);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, u"profile.bad-engine"_s);
        object = validProfile().toJson();
        object.remove(u"id"_s);
        parsed = ConnectionProfile::fromJson(object);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, u"profile.bad-id"_s);
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfile)
#include "tst_connectionprofile.moc"
