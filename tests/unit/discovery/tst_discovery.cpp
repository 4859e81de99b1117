// SPDX-License-Identifier: GPL-3.0-or-later
// Discovery across regions, the import into profiles and `signet discover`, against the local AWS stand-in.
#include "AwsStandInAccess.h"
#include "LocalAwsServer.h"

#include "discovery/Discovery.h"
#include "discovery/ProfileImport.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace signet;
using namespace signet::discovery;

namespace {

using signet::test::credentialsFor;
using signet::test::endpointsAt;

aws::RetryPolicy instantRetries()
{
    aws::RetryPolicy policy;
    policy.sleep = [](int, std::function<void()> wake) { wake(); };
    return policy;
}

const QStringList kRegions{QStringLiteral("us-east-1"), QStringLiteral("eu-west-1"),
                           QStringLiteral("ap-south-1")};

const DiscoveredEndpoint *findEndpoint(const QList<DiscoveredEndpoint> &list, const QString &name)
{
    for (const DiscoveredEndpoint &e : list)
        if (e.name == name)
            return &e;
    return nullptr;
}

} // namespace

class TestDiscovery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void regionsConcurrentlyWithPagingThrottlingAndAFailingRegion();
    void clustersAndProxiesAreJoined();
    void importThenReimportUpdatesAndNeverDuplicates();
    void cliTableJsonAndImport();

private:
    QList<DiscoveredEndpoint> discover(const QString &key, Discovery **out = nullptr);
    QProcess *runCli(const QStringList &args);

    std::unique_ptr<test::LocalAwsServer> m_server;
    QTemporaryDir m_home;
    std::unique_ptr<Discovery> m_last;
};

void TestDiscovery::initTestCase()
{
    m_server = std::make_unique<test::LocalAwsServer>();
    QVERIFY(m_server->isRunning());
    QVERIFY(m_home.isValid());
}

QList<DiscoveredEndpoint> TestDiscovery::discover(const QString &key, Discovery **out)
{
    m_last = std::make_unique<Discovery>(endpointsAt(m_server->url()), credentialsFor(key), kRegions);
    m_last->setRetryPolicy(instantRetries());
    m_last->setPageSize(20);
    QSignalSpy finished(m_last.get(), &Discovery::finished);
    m_last->start();
    if (!m_last->isFinished())
        finished.wait(60000);
    if (out)
        *out = m_last.get();
    return m_last->endpoints();
}

void TestDiscovery::regionsConcurrentlyWithPagingThrottlingAndAFailingRegion()
{
    const QString key = QStringLiteral("AKIDTHROTTLE3OFFINAPSOUTH1");
    m_last = std::make_unique<Discovery>(endpointsAt(m_server->url()), credentialsFor(key), kRegions);
    Discovery &discovery = *m_last;
    discovery.setRetryPolicy(instantRetries());
    discovery.setPageSize(20);
    QSignalSpy progressed(&discovery, &Discovery::regionProgressed);
    QSignalSpy failed(&discovery, &Discovery::regionFailed);
    QSignalSpy regionDone(&discovery, &Discovery::regionFinished);
    QSignalSpy finished(&discovery, &Discovery::finished);
    discovery.start();
    QVERIFY(finished.wait(60000));
    QVERIFY(discovery.isFinished());

    QCOMPARE(discovery.account(), QStringLiteral("123456789012"));
    QCOMPARE(discovery.answeredRegions(), 2);
    const auto &results = discovery.results();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(0).region, QStringLiteral("us-east-1"));
    QVERIFY(!results.at(0).error);
    // 130 instances (8 of them cluster members), 4 writers, 4 readers, 1 custom, 2 proxies + endpoints.
    int instances = 0;
    for (const DiscoveredEndpoint &e : results.at(0).endpoints) {
        QCOMPARE(e.account, QStringLiteral("123456789012"));
        QCOMPARE(e.region, QStringLiteral("us-east-1"));
        instances += e.kind == discovery::EndpointKind::Instance;
    }
    QCOMPARE(instances, 130);
    QVERIFY(!results.at(1).error);
    QVERIFY(!results.at(1).endpoints.isEmpty());
    QVERIFY(results.at(2).error);
    QVERIFY2(results.at(2).error->code.contains(QStringLiteral("AccessDenied")),
             qPrintable(results.at(2).error->code));
    QVERIFY(results.at(2).endpoints.isEmpty());

    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().toString(), QStringLiteral("ap-south-1"));
    QCOMPARE(regionDone.size(), 2);
    // Pages of 20: us-east-1 reports progress page after page, with its own count.
    int usEastReports = 0;
    int usEastLast = 0;
    for (const QList<QVariant> &signal : progressed) {
        if (signal.at(0).toString() == u"us-east-1") {
            ++usEastReports;
            QVERIFY(signal.at(1).toInt() >= usEastLast);
            usEastLast = signal.at(1).toInt();
        }
    }
    QVERIFY(usEastReports >= 7);
    QVERIFY(usEastLast >= 130);
}

void TestDiscovery::clustersAndProxiesAreJoined()
{
    const QList<DiscoveredEndpoint> all = discover(QStringLiteral("AKIDJOIN"));
    const DiscoveredEndpoint *writer = findEndpoint(all, QStringLiteral("aurora-mysql-1"));
    QVERIFY(writer);
    QCOMPARE(writer->kind, discovery::EndpointKind::ClusterWriter);
    QCOMPARE(writer->engine, Engine::AuroraMySql);
    QVERIFY(writer->resourceId.startsWith(QStringLiteral("cluster-")));
    QCOMPARE(writer->members.size(), 2);
    const DiscoveredEndpoint *reader = findEndpoint(all, QStringLiteral("aurora-mysql-1-reader"));
    QVERIFY(reader);
    QCOMPARE(reader->kind, discovery::EndpointKind::ClusterReader);
    QVERIFY(reader->host.contains(QStringLiteral(".cluster-ro-")));
    const DiscoveredEndpoint *custom = findEndpoint(all, QStringLiteral("aurora-mysql-1-analytics"));
    QVERIFY(custom);
    QCOMPARE(custom->kind, discovery::EndpointKind::ClusterCustom);
    QCOMPARE(custom->resourceId, writer->resourceId);
    const DiscoveredEndpoint *member = findEndpoint(all, QStringLiteral("aurora-mysql-1-instance-1"));
    QVERIFY(member);
    QCOMPARE(member->parent, QStringLiteral("aurora-mysql-1"));
    QVERIFY(member->resourceId.startsWith(QStringLiteral("db-")));
    QCOMPARE(member->policyResourceId, writer->resourceId);
    QCOMPARE(member->iamAuthEnabled, writer->iamAuthEnabled);

    const DiscoveredEndpoint *proxy = findEndpoint(all, QStringLiteral("proxy-mysql"));
    QVERIFY(proxy);
    QCOMPARE(proxy->kind, discovery::EndpointKind::Proxy);
    QCOMPARE(proxy->engine, Engine::MySql);
    QCOMPARE(proxy->port, 3306);
    QVERIFY(proxy->iamAuthEnabled);
    QVERIFY(proxy->resourceId.startsWith(QStringLiteral("prx-")));
    QVERIFY(!findEndpoint(all, QStringLiteral("proxy-pg"))->iamAuthEnabled);
    int proxyEndpoints = 0;
    for (const DiscoveredEndpoint &e : all) {
        if (e.kind == discovery::EndpointKind::ProxyEndpoint) {
            ++proxyEndpoints;
            QVERIFY(!e.parent.isEmpty());
            QCOMPARE(e.resourceId, findEndpoint(all, e.parent)->resourceId);
        }
    }
    QVERIFY(proxyEndpoints > 0);
}

void TestDiscovery::importThenReimportUpdatesAndNeverDuplicates()
{
    const QList<DiscoveredEndpoint> all = discover(QStringLiteral("AKIDIMPORT"));
    QTemporaryDir dir;
    profiles::ProfileStore store(dir.filePath(QStringLiteral("profiles.json")));
    QVERIFY(store.load().ok());
    profiles::MemorySecretStore secrets;
    profiles::ProfileService service(store, secrets);
    // A hand-made profile with a name discovery also finds keeps its name; the import's gets "(2)".
    auto handMade = profiles::ConnectionProfile::create(QStringLiteral("mysql-000"), Engine::MySql);
    handMade.host = QStringLiteral("mine.example.com");
    handMade.region = QStringLiteral("us-east-1");
    handMade.dbUser = QStringLiteral("me");
    QVERIFY(store.add(handMade).ok());

    ImportOptions options;
    options.awsProfile = QStringLiteral("disc");
    auto changes = ProfileImport::plan(all, store.profiles(), options);
    const auto first = profiles::ProfileService::wait(ProfileImport::apply(service, changes), 60000);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
    QCOMPARE(first->added, int(changes.size()));
    const int count = int(store.profiles().size());
    QCOMPARE(count, int(changes.size()) + 1);
    const auto imported = store.find(QStringLiteral("mysql-000 (2)"));
    QVERIFY(imported.ok());
    QCOMPARE(imported->folder, QStringLiteral("AWS 123456789012 us-east-1"));
    QCOMPARE(imported->awsProfile, QStringLiteral("disc"));
    QCOMPARE(imported->credentialSource, profiles::CredentialSource::AwsProfile);
    QVERIFY(imported->awsResourceId.startsWith(QStringLiteral("db-")));
    QCOMPARE(store.find(QStringLiteral("mysql-000"))->host, QStringLiteral("mine.example.com"));

    // Again: nothing to do.
    changes = ProfileImport::plan(all, store.profiles(), options);
    const auto second = profiles::ProfileService::wait(ProfileImport::apply(service, changes), 60000);
    QVERIFY(second.ok());
    QCOMPARE(second->added, 0);
    QCOMPARE(second->updated, 0);
    QCOMPARE(int(store.profiles().size()), count);

    // The user renames one profile and moves it; another's port no longer matches RDS.
    const auto reader = store.find(QStringLiteral("aurora-pg-1-reader"));
    QVERIFY(reader.ok());
    auto renamed = *reader;
    renamed.name = QStringLiteral("Reports (read-only)");
    renamed.folder = QStringLiteral("Mine");
    renamed.dbUser = QStringLiteral("reporter");
    QVERIFY(store.update(renamed).ok());
    auto moved = *store.find(QStringLiteral("postgres-002"));
    const int rdsPort = moved.port;
    moved.port = 6543;
    QVERIFY(store.update(moved).ok());

    changes = ProfileImport::plan(all, store.profiles(), options);
    const auto third = profiles::ProfileService::wait(ProfileImport::apply(service, changes), 60000);
    QVERIFY(third.ok());
    QCOMPARE(third->added, 0);
    QCOMPARE(third->updated, 1);
    QCOMPARE(int(store.profiles().size()), count);
    QCOMPARE(store.find(QStringLiteral("postgres-002"))->port, rdsPort);
    const auto kept = store.byId(renamed.id);
    QVERIFY(kept);
    QCOMPARE(kept->name, QStringLiteral("Reports (read-only)"));
    QCOMPARE(kept->folder, QStringLiteral("Mine"));
    QCOMPARE(kept->dbUser, QStringLiteral("reporter"));
    QVERIFY(!store.find(QStringLiteral("aurora-pg-1-reader")).ok());

    // The field survives the file.
    const auto reread =
        profiles::ProfileStore::parseDocument(profiles::ProfileStore::serialize(store.profiles()));
    QVERIFY(reread.ok());
    QCOMPARE(*reread, store.profiles());
}

QProcess *TestDiscovery::runCli(const QStringList &args)
{
    auto *process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_server->url().toString());
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_home.filePath(QStringLiteral("credentials")));
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_home.filePath(QStringLiteral("config.aws")));
    env.remove(QStringLiteral("AWS_ACCESS_KEY_ID"));
    env.remove(QStringLiteral("AWS_PROFILE"));
    process->setProcessEnvironment(env);
    process->start(qEnvironmentVariable("SIGNET_CLI_BIN"), QStringList{QStringLiteral("discover")} + args);
    process->waitForFinished(120000);
    return process;
}

void TestDiscovery::cliTableJsonAndImport()
{
    QFile credentials(m_home.filePath(QStringLiteral("credentials")));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write("[cli]\naws_access_key_id = AKIDCLIOFFINAPSOUTH1\n"
                      "aws_secret_access_key = sk-AKIDCLIOFFINAPSOUTH1\n");
    credentials.close();
    const QStringList regions{QStringLiteral("--region"),      QStringLiteral("us-east-1,eu-west-1"),
                              QStringLiteral("--region"),      QStringLiteral("ap-south-1"),
                              QStringLiteral("--aws-profile"), QStringLiteral("cli")};

    QProcess *table = runCli(regions);
    const QString text = QString::fromUtf8(table->readAllStandardOutput());
    QCOMPARE(table->exitCode(), 0);
    QVERIFY2(text.contains(QStringLiteral("us-east-1: 142 endpoints")), qPrintable(text.left(300)));
    QVERIFY(text.contains(QStringLiteral("ap-south-1: failed: ")));
    QVERIFY(text.contains(QStringLiteral("eu-west-1: ")));
    QVERIFY(text.contains(QStringLiteral("RESOURCE ID")));
    QVERIFY(text.contains(QStringLiteral("Account 123456789012")));

    QProcess *json = runCli(regions + QStringList{QStringLiteral("--json")});
    QCOMPARE(json->exitCode(), 0);
    const QJsonObject document = QJsonDocument::fromJson(json->readAllStandardOutput()).object();
    QCOMPARE(document.value(QStringLiteral("account")).toString(), QStringLiteral("123456789012"));
    const QJsonArray regionList = document.value(QStringLiteral("regions")).toArray();
    QCOMPARE(regionList.size(), 3);
    QCOMPARE(regionList.at(0).toObject().value(QStringLiteral("endpoints")).toArray().size(), 142);
    QVERIFY(regionList.at(2).toObject().contains(QStringLiteral("error")));
    const QJsonObject firstEndpoint =
        regionList.at(0).toObject().value(QStringLiteral("endpoints")).toArray().first().toObject();
    for (const char *field : {"name", "kind", "engine", "host", "port", "iam_auth", "resource_id"})
        QVERIFY2(firstEndpoint.contains(QLatin1String(field)), field);

    // Only the failing region: exit 1.
    QProcess *failing = runCli({QStringLiteral("--region"), QStringLiteral("ap-south-1"),
                                QStringLiteral("--aws-profile"), QStringLiteral("cli")});
    QCOMPARE(failing->exitCode(), 1);

    // Import chosen databases twice: the same profiles.
    const QStringList importArgs =
        regions + QStringList{QStringLiteral("--import"), QStringLiteral("--select"),
                              QStringLiteral("aurora-pg-1,proxy-eu"), QStringLiteral("--json")};
    QProcess *import = runCli(importArgs);
    QCOMPARE(import->exitCode(), 0);
    QJsonObject summary = QJsonDocument::fromJson(import->readAllStandardOutput())
                              .object()
                              .value(QStringLiteral("import"))
                              .toObject();
    QCOMPARE(summary.value(QStringLiteral("added")).toInt(), 2);
    import = runCli(importArgs);
    QCOMPARE(import->exitCode(), 0);
    summary = QJsonDocument::fromJson(import->readAllStandardOutput())
                  .object()
                  .value(QStringLiteral("import"))
                  .toObject();
    QCOMPARE(summary.value(QStringLiteral("added")).toInt(), 0);
    QCOMPARE(summary.value(QStringLiteral("unchanged")).toInt(), 2);
    profiles::ProfileStore store(m_home.filePath(QStringLiteral("config/signet/profiles.json")));
    QVERIFY(store.load().ok());
    QCOMPARE(store.profiles().size(), 2);
    QCOMPARE(store.find(QStringLiteral("proxy-eu"))->folder, QStringLiteral("AWS 123456789012 eu-west-1"));

    // A name that is not there is a usage error.
    QProcess *unknown = runCli(regions + QStringList{QStringLiteral("--import"), QStringLiteral("--select"),
                                                     QStringLiteral("nope")});
    QCOMPARE(unknown->exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
