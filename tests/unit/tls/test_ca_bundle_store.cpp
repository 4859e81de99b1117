// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleStore: first run installs the offline global bundle, imports are validated, a bad write
// never replaces a good bundle, and the index survives round trips.
#include "TestPki.h"
#include "tls/CaBundleStore.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::tls;

class TestCaBundleStore final : public QObject
{
    Q_OBJECT

private slots:
    void firstRunHasOfflineGlobal()
    {
        QTemporaryDir dir;
        const CaBundleStore store(dir.path() + QStringLiteral("/ca"));
        const auto entries = store.entries();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().id, QStringLiteral("global"));
        QVERIFY(entries.first().isOfflineCopy());
        QCOMPARE(entries.first().certificateCount, 102);
        QCOMPARE(entries.first().sha256,
                 QStringLiteral("05c6b4a9bf4daa95c888711481e19cc8e2e11aed4de8db759f51f4a6fce64917"));
        const auto path = store.pathOf(QStringLiteral("global"));
        QVERIFY(path.ok());
        QCOMPARE(*path, dir.path() + QStringLiteral("/ca/global.pem"));
        QVERIFY(QFile::exists(dir.path() + QStringLiteral("/ca/index.json")));
        // The empty name means the global bundle, the default of every profile.
        QCOMPARE(*store.resolve(QString()), *path);
    }

    void storeRejectsInvalidAndKeepsOld()
    {
        QTemporaryDir dir;
        const CaBundleStore store(dir.path());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto ca = test::makeCa(QStringLiteral("Kept CA"), now.addDays(-1), now.addDays(500));
        const auto first = store.store(
            QStringLiteral("eu-west-1"), QStringLiteral("https://x/eu-west-1-bundle.pem"), ca.certificatePem,
            QStringLiteral("\"etag-1\""), QStringLiteral("Mon, 01 Jan 2024 00:00:00 GMT"));
        QVERIFY(first.ok());
        const auto broken =
            store.store(QStringLiteral("eu-west-1"), QStringLiteral("https://x/eu-west-1-bundle.pem"),
                        ca.certificatePem.left(100));
        QVERIFY(!broken.ok());
        const auto entry = store.entry(QStringLiteral("eu-west-1"));
        QVERIFY(entry.has_value());
        QCOMPARE(entry->etag, QStringLiteral("\"etag-1\""));
        QCOMPARE(entry->lastModified, QStringLiteral("Mon, 01 Jan 2024 00:00:00 GMT"));
        QCOMPARE(entry->sha256, first->sha256);
        const auto loaded = store.load(QStringLiteral("eu-west-1"));
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->certificates().first().subjectInfo(QSslCertificate::CommonName).value(0),
                 QStringLiteral("Kept CA"));

        // A different bundle replaces it; the replaced version is kept beside it.
        const auto next = test::makeCa(QStringLiteral("Next CA"), now.addDays(-1), now.addDays(900));
        QVERIFY(store
                    .store(QStringLiteral("eu-west-1"), QStringLiteral("https://x/eu-west-1-bundle.pem"),
                           next.certificatePem)
                    .ok());
        QFile kept(dir.path() + QStringLiteral("/eu-west-1.previous.pem"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), ca.certificatePem);
        QCOMPARE(store.entries().size(), 2); // global + eu-west-1; the previous copy is not a bundle

        const QDateTime later = now.addSecs(3600);
        QVERIFY(store.markChecked(QStringLiteral("eu-west-1"), later).ok());
        QCOMPARE(store.entry(QStringLiteral("eu-west-1"))->checkedAt.toSecsSinceEpoch(),
                 later.toSecsSinceEpoch());
        QCOMPARE(store.entry(QStringLiteral("eu-west-1"))->storedAt.toSecsSinceEpoch(),
                 first->storedAt.toSecsSinceEpoch());
    }

    void importFileAndResolve()
    {
        QTemporaryDir dir;
        const CaBundleStore store(dir.path() + QStringLiteral("/store"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto ca = test::makeCa(QStringLiteral("Corp CA"), now.addDays(-1), now.addDays(500));
        const QString file = dir.path() + QStringLiteral("/corp ca.pem");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(ca.certificatePem);
        out.close();
        const auto imported = store.importFile(file);
        QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));
        QCOMPARE(imported->id, QStringLiteral("file-corp_ca"));
        QVERIFY(imported->source.startsWith(QStringLiteral("file:")));
        QVERIFY(store.resolve(QStringLiteral("file-corp_ca")).ok());
        // A path is used as is; a missing file or unknown name is an error with a hint.
        QCOMPARE(*store.resolve(file), file);
        QVERIFY(!store.resolve(dir.path() + QStringLiteral("/nope.pem")).ok());
        const auto unknown = store.resolve(QStringLiteral("ap-south-2"));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, QStringLiteral("ca.unknown-bundle"));
        QVERIFY(unknown.error()
                    .hintFor(FrontEnd::Cli)
                    .contains(QStringLiteral("signet ca update --source ap-south-2")));
        QVERIFY(unknown.error().hintFor(FrontEnd::Gui).contains(QStringLiteral("CA Bundles")));

        const QString garbage = dir.path() + QStringLiteral("/garbage.pem");
        QFile bad(garbage);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a certificate");
        bad.close();
        QVERIFY(!store.importFile(garbage).ok());
        QVERIFY(!store.entry(QStringLiteral("file-garbage")).has_value());
    }

    // RDS instances and clusters chain to the RDS bundles; Aurora DSQL and RDS Proxy endpoints to
    // public CAs (RDS Proxy's certificates come from AWS Certificate Manager, Amazon Root CA).
    void defaultTrustFollowsTheEndpoint()
    {
        const QString system = CaBundleStore::systemBundleName();
        const QString instance = QStringLiteral("orders.abc123.eu-west-1.rds.amazonaws.com");
        const QString cluster = QStringLiteral("orders.cluster-ro-abc123.eu-west-1.rds.amazonaws.com");
        const QString proxy = QStringLiteral("orders-proxy.proxy-abc123.eu-west-1.rds.amazonaws.com");
        const QString dsql = QStringLiteral("abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws");
        QCOMPARE(CaBundleStore::defaultBundleFor(Engine::MySql, instance), QString());
        QCOMPARE(CaBundleStore::defaultBundleFor(Engine::Postgres, cluster), QString());
        QCOMPARE(CaBundleStore::defaultBundleFor(Engine::MySql, proxy), system);
        QCOMPARE(CaBundleStore::defaultBundleFor(Engine::Postgres, proxy.toUpper() + u'.'), system);
        QCOMPARE(CaBundleStore::defaultBundleFor(Engine::AuroraDsql, dsql), system);
        QCOMPARE(CaBundleStore::defaultBundleFor(Engine::Postgres, QStringLiteral("127.0.0.1")), QString());

        QTemporaryDir dir;
        const CaBundleStore store(dir.path());
        if (QFileInfo::exists(CaBundleStore::systemTrustFile()))
            QCOMPARE(*store.resolveFor(QString(), Engine::MySql, proxy), CaBundleStore::systemTrustFile());
        // A bundle the user chose wins over the endpoint's default.
        QCOMPARE(*store.resolveFor(QStringLiteral("global"), Engine::MySql, proxy),
                 *store.pathOf(QStringLiteral("global")));
        QCOMPARE(*store.resolveFor(QString(), Engine::MySql, instance),
                 *store.pathOf(QStringLiteral("global")));
    }

    void rejectsUnsafeIds()
    {
        QTemporaryDir dir;
        const CaBundleStore store(dir.path());
        const auto ca = test::makeCa(QStringLiteral("X"), QDateTime::currentDateTimeUtc().addDays(-1),
                                     QDateTime::currentDateTimeUtc().addDays(5));
        QVERIFY(!store.store(QStringLiteral("../escape"), QStringLiteral("x"), ca.certificatePem).ok());
    }
};

QTEST_GUILESS_MAIN(TestCaBundleStore)
#include "test_ca_bundle_store.moc"
