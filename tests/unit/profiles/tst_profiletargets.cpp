// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTargets: a profile maps onto the exec, check and launch targets field by field, with its
// CA setting resolved to a file through the CaBundleStore.
#include "profiles/ProfileTargets.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::profiles;

class TestProfileTargets final : public QObject
{
    Q_OBJECT

    static ConnectionProfile sample(Engine engine)
    {
        ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("orders-prod"), engine);
        profile.host = QStringLiteral("orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com");
        profile.dbUser = QStringLiteral("iam_reader");
        profile.database = QStringLiteral("orders");
        profile.awsProfile = QStringLiteral("prod");
        profile.viaHost = QStringLiteral("127.0.0.1");
        profile.viaPort = 15432;
        return profile;
    }

private slots:
    void dbTargetCarriesEveryField()
    {
        QTemporaryDir dir;
        const tls::CaBundleStore store(dir.path());
        const auto target = ProfileTargets::toDbTarget(sample(Engine::AuroraPostgres), store);
        QVERIFY(target.ok());
        QCOMPARE(target->engine, Engine::AuroraPostgres);
        QCOMPARE(wireFamily(target->engine), WireFamily::Postgres);
        QCOMPARE(target->host, QStringLiteral("orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"));
        QCOMPARE(target->port, 5432);
        QCOMPARE(target->connectHost(), QStringLiteral("127.0.0.1"));
        QCOMPARE(target->connectPort(), 15432);
        QCOMPARE(target->user, QStringLiteral("iam_reader"));
        QCOMPARE(target->database, QStringLiteral("orders"));
        QCOMPARE(target->awsProfile, QStringLiteral("prod"));
        // The global bundle is the default, as a file the driver can read.
        QCOMPARE(target->caFile, *store.pathOf(QStringLiteral("global")));
        QVERIFY(target->validate().ok());
    }

    void tlsModeReachesEveryTarget()
    {
        QTemporaryDir dir;
        const tls::CaBundleStore store(dir.path());
        ConnectionProfile profile = sample(Engine::MySql);
        QVERIFY(ProfileTargets::toDbTarget(profile, store)->verifyHostName);
        QVERIFY(ProfileTargets::toProbeTarget(profile, store)->verifyHostName);
        QVERIFY(ProfileTargets::toLaunchTarget(profile, store)->verifyHostName);
        profile.tlsMode = TlsMode::VerifyCa;
        QVERIFY(!ProfileTargets::toDbTarget(profile, store)->verifyHostName);
        QVERIFY(!ProfileTargets::toProbeTarget(profile, store)->verifyHostName);
        QVERIFY(!ProfileTargets::toLaunchTarget(profile, store)->verifyHostName);
        const auto db = ProfileTargets::toDbTarget(sample(Engine::Postgres), store);
        QVERIFY(db->verifyHostName);
    }

    void enginesMapPerFamily()
    {
        QTemporaryDir dir;
        const tls::CaBundleStore store(dir.path());
        // Every target keeps the profile's engine; the table says its family and dialect.
        const Engine auroraMySql = ProfileTargets::toDbTarget(sample(Engine::AuroraMySql), store)->engine;
        QCOMPARE(auroraMySql, Engine::AuroraMySql);
        QCOMPARE(dialect(auroraMySql), Dialect::MySql);
        QCOMPARE(ProfileTargets::toDbTarget(sample(Engine::MariaDb), store)->engine, Engine::MariaDb);
        const Engine probeMariaDb = ProfileTargets::toProbeTarget(sample(Engine::MariaDb), store)->engine;
        QCOMPARE(probeMariaDb, Engine::MariaDb);
        QCOMPARE(wireFamily(probeMariaDb), WireFamily::MySql);
        QCOMPARE(ProfileTargets::toProbeTarget(sample(Engine::Postgres), store)->engine, Engine::Postgres);
        QCOMPARE(ProfileTargets::toLaunchTarget(sample(Engine::MariaDb), store)->engine, Engine::MariaDb);
        const Engine launchAurora =
            ProfileTargets::toLaunchTarget(sample(Engine::AuroraPostgres), store)->engine;
        QCOMPARE(launchAurora, Engine::AuroraPostgres);
        QCOMPARE(dialect(launchAurora), Dialect::Postgres);
    }

    void probeAndLaunchTargets()
    {
        QTemporaryDir dir;
        const tls::CaBundleStore store(dir.path());
        const auto probeTarget = ProfileTargets::toProbeTarget(sample(Engine::MySql), store);
        QVERIFY(probeTarget.ok());
        QCOMPARE(probeTarget->port, quint16(3306));
        QCOMPARE(probeTarget->connectPort(), quint16(15432));
        QCOMPARE(probeTarget->caBundle, *store.pathOf(QStringLiteral("global")));
        QCOMPARE(probeTarget->user, QStringLiteral("iam_reader"));
        QCOMPARE(probeTarget->awsProfile, QStringLiteral("prod"));
        QVERIFY(probeTarget->validate().ok());

        const auto launchTarget = ProfileTargets::toLaunchTarget(sample(Engine::MySql), store);
        QVERIFY(launchTarget.ok());
        QCOMPARE(launchTarget->profileName, QStringLiteral("orders-prod"));
        QVERIFY(launchTarget->savedProfile);
        // The region the endpoint names, so the client's password command signs for it.
        QCOMPARE(launchTarget->region, QStringLiteral("eu-west-1"));
        QCOMPARE(launchTarget->database, QStringLiteral("orders"));
        QVERIFY(launchTarget->validate().ok());
    }

    void caSettingResolvesThroughTheStore()
    {
        QTemporaryDir dir;
        const tls::CaBundleStore store(dir.path());
        ConnectionProfile profile = sample(Engine::Postgres);
        profile.caFile = QStringLiteral("global");
        QCOMPARE(ProfileTargets::toDbTarget(profile, store)->caFile, *store.pathOf(QStringLiteral("global")));

        const QString pem = *store.pathOf(QStringLiteral("global"));
        profile.caFile = pem;
        QCOMPARE(ProfileTargets::toLaunchTarget(profile, store)->caFile, pem);

        profile.caFile = dir.path() + QStringLiteral("/missing.pem");
        const auto missing = ProfileTargets::toDbTarget(profile, store);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("ca.missing-file"));
        QVERIFY(missing.error().message.contains(QStringLiteral("orders-prod")));
        QVERIFY(!ProfileTargets::toProbeTarget(profile, store).ok());
    }

    void credentialSourceSelectsTheChainProfile()
    {
        QTemporaryDir dir;
        const tls::CaBundleStore store(dir.path());
        ConnectionProfile profile = sample(Engine::Postgres);
        profile.credentialSource = CredentialSource::Environment;
        QVERIFY(ProfileTargets::toDbTarget(profile, store)->awsProfile.isEmpty());
        QVERIFY(ProfileTargets::toProbeTarget(profile, store)->awsProfile.isEmpty());
        profile.credentialSource = CredentialSource::StaticKeys;
        QVERIFY(ProfileTargets::toLaunchTarget(profile, store)->awsProfile.isEmpty());
    }
    // Which keys sign for each credential source: tst_profileservice.
};

QTEST_GUILESS_MAIN(TestProfileTargets)
#include "tst_profiletargets.moc"
