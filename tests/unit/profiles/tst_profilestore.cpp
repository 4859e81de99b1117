// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileStore: round trip, atomic save, migration, corrupt and newer files, external changes,
// import/export without secrets.
#include "common/Clock.h"
#include "profiles/ProfileStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

namespace {

ConnectionProfile makeProfile(const QString &name, const QString &folder = {})
{
    ConnectionProfile profile = ConnectionProfile::create(name, Engine::Postgres);
    profile.host = name + u".c9xyz.eu-west-1.rds.amazonaws.com"_s;
    profile.dbUser = u"iam_user"_s;
    profile.folder = folder;
    return profile;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

} // namespace

class TestProfileStore final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QString m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
    }

    void init()
    {
        m_dir = m_home.path() + u"/config/signet"_s;
        QDir(m_dir).removeRecursively();
        m_path = m_dir + u"/profiles.json"_s;
    }

    void defaultPathIsInXdgConfigHome()
    {
        QCOMPARE(ProfileStore::defaultPath(), m_path);
        ProfileStore store;
        QCOMPARE(store.filePath(), m_path);
    }

    void missingFileIsAnEmptyList()
    {
        ProfileStore store;
        QVERIFY(store.load().ok());
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(!QFile::exists(m_path));
    }

    void roundTripAndAtomicSave()
    {
        ProfileStore store;
        QVERIFY(store.load().ok());
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        const ConnectionProfile a = makeProfile(u"orders"_s, u"Production"_s);
        ConnectionProfile b = makeProfile(u"billing"_s);
        b.viaHost = u"127.0.0.1"_s;
        b.viaPort = 15432;
        b.tags = {u"prod"_s};
        QVERIFY(store.add(a).ok());
        QVERIFY(store.add(b).ok());
        QCOMPARE(changed.count(), 2);

        const QJsonObject root = QJsonDocument::fromJson(readFile(m_path)).object();
        QCOMPARE(root.value(u"version"_s).toInt(), ProfileStore::CurrentVersion);
        QCOMPARE(root.value(u"profiles"_s).toArray().size(), 2);
        // QSaveFile leaves nothing but the file behind.
        QCOMPARE(QDir(m_dir).entryList(QDir::Files), QStringList{u"profiles.json"_s});

        ProfileStore again;
        QVERIFY(again.load().ok());
        QCOMPARE(again.profiles().size(), 2);
        QCOMPARE(again.profiles().at(0), a);
        QCOMPARE(again.profiles().at(1), b);

        b.port = 6543;
        QVERIFY(again.update(b).ok());
        QVERIFY(again.remove(a.id).ok());
        ProfileStore third;
        QVERIFY(third.load().ok());
        QCOMPARE(third.profiles().size(), 1);
        QCOMPARE(third.profiles().at(0).port, 6543);
    }

    void namesAreUniqueAndFindable()
    {
        ProfileStore store;
        QVERIFY(store.load().ok());
        const ConnectionProfile a = makeProfile(u"Orders"_s);
        QVERIFY(store.add(a).ok());
        const auto clash = store.add(makeProfile(u"orders"_s));
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().code, u"profiles.duplicate-name"_s);
        QCOMPARE(store.find(u"Orders"_s)->id, a.id);
        QCOMPARE(store.find(u"orders"_s)->id, a.id);
        QCOMPARE(store.find(a.id.toString())->id, a.id);
        QCOMPARE(store.find(a.id.toString(QUuid::WithoutBraces))->id, a.id);
        QCOMPARE(store.find(u"nope"_s).error().code, u"profiles.not-found"_s);
        QCOMPARE(store.uniqueName(u"orders"_s), u"orders (2)"_s);
    }

    void migratesVersion0()
    {
        writeFile(m_path, R"([
            {"name": "legacy-pg", "engine": "postgresql", "hostname": "old.c9xyz.us-east-1.rds.amazonaws.com",
             "port": 5432, "iamUser": "reader", "folder": "Old"},
            {"name": "legacy-my", "engine": "mysql", "hostname": "10.1.2.3", "port": 3307, "iamUser": "app",
             "region": "eu-west-1"}
        ])");
        ProfileStore store;
        const auto loaded = store.load();
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(store.profiles().size(), 2);
        const ConnectionProfile pg = store.profiles().at(0);
        QVERIFY(!pg.id.isNull());
        QCOMPARE(pg.engine, Engine::Postgres);
        QCOMPARE(pg.host, u"old.c9xyz.us-east-1.rds.amazonaws.com"_s);
        QCOMPARE(pg.dbUser, u"reader"_s);
        QCOMPARE(pg.folder, u"Old"_s);
        QCOMPARE(pg.credentialSource, CredentialSource::AwsProfile);
        QCOMPARE(store.profiles().at(1).port, 3307);
        QVERIFY(store.profiles().at(1).validate().isEmpty());
        // The first save writes the current version, keeping the ids minted by the migration.
        QVERIFY(store.update(pg).ok());
        QCOMPARE(QJsonDocument::fromJson(readFile(m_path)).object().value(u"version"_s).toInt(), 1);
        ProfileStore again;
        QVERIFY(again.load().ok());
        QCOMPARE(again.profiles().at(0).id, pg.id);
    }

    void newerVersionIsLeftAlone()
    {
        const QByteArray future = R"({"version": 99, "profiles": [], "somethingNew": true})";
        writeFile(m_path, future);
        ProfileStore store;
        QSignalSpy failed(&store, &ProfileStore::storeFailed);
        const auto loaded = store.load();
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, u"profiles.newer-version"_s);
        QCOMPARE(failed.count(), 1);
        QVERIFY(store.isReadOnly());
        QCOMPARE(store.add(makeProfile(u"x"_s)).error().code, u"profiles.read-only"_s);
        QCOMPARE(readFile(m_path), future);
    }

    void corruptFileIsMovedAsideAndReported_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not json") << QByteArray("{\"version\": 1, \"profiles\": [ {\"name\": ");
        QTest::newRow("unknown engine") << QByteArray(
            R"({"version":1,"profiles":[{"id":"6d1f4a52-4c0c-4c8e-9a55-3f0f6a9b1c11","name":"x",)"
            R"("engine":"oracle","host":"h","port":1,"user":"u"}]})");
        QTest::newRow("not a list") << QByteArray(R"({"version":1,"profiles":{"a":1}})");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02garbage", 10);
    }

    void corruptFileIsMovedAsideAndReported()
    {
        QFETCH(QByteArray, bytes);
        writeFile(m_path, bytes);
        ManualClock clock(QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
        ProfileStore store({}, clock);
        QSignalSpy failed(&store, &ProfileStore::storeFailed);
        const auto loaded = store.load();
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, u"profiles.corrupt"_s);
        const QString backup = m_path + u".corrupt-20260102-030405"_s;
        QVERIFY2(loaded.error().message.contains(backup), qPrintable(loaded.error().message));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(readFile(backup), bytes);
        QVERIFY(!QFile::exists(m_path));
        QVERIFY(store.profiles().isEmpty());

        // Starting afresh never touches the backup.
        QVERIFY(store.add(makeProfile(u"fresh"_s)).ok());
        QCOMPARE(readFile(backup), bytes);

        // A second damaged file gets its own backup name.
        writeFile(m_path, "][");
        ProfileStore again({}, clock);
        QVERIFY(!again.load().ok());
        QCOMPARE(readFile(backup), bytes);
        QCOMPARE(readFile(backup + u"-2"_s), QByteArray("]["));
    }

    void reloadsWhenAnotherInstanceChangesTheFile()
    {
        ProfileStore gui;
        QVERIFY(gui.load().ok());
        gui.setWatching(true);
        QSignalSpy reloaded(&gui, &ProfileStore::reloadedFromDisk);

        // Our own saves are not "external" changes.
        QVERIFY(gui.add(makeProfile(u"mine"_s)).ok());
        QTest::qWait(500);
        QCOMPARE(reloaded.count(), 0);

        ProfileStore cli; // as `signet profiles add` would
        QVERIFY(cli.load().ok());
        QVERIFY(cli.add(makeProfile(u"from-cli"_s)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(gui.profiles().size(), 2, 5000);
        QVERIFY(reloaded.count() >= 1);

        // And again after the file was replaced (the watch must survive QSaveFile's rename).
        QVERIFY(cli.remove(cli.profiles().at(0).id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(gui.profiles().size(), 1, 5000);
        QCOMPARE(gui.profiles().at(0).name, u"from-cli"_s);
    }

    void aChangeKeepsWhatOthersWrote()
    {
        // Two stores that each loaded the file before the other wrote (a GUI and a CLI).
        ProfileStore gui;
        QVERIFY(gui.load().ok());
        ProfileStore cli;
        QVERIFY(cli.load().ok());
        const ConnectionProfile shared = makeProfile(u"shared"_s);
        QVERIFY(gui.add(shared).ok());
        QVERIFY(cli.add(makeProfile(u"from-cli"_s)).ok()); // cli never saw "shared"
        QCOMPARE(cli.profiles().size(), 2);                // but shows it now
        ConnectionProfile edited = shared;
        edited.port = 6543;
        QVERIFY(cli.update(edited).ok());
        QVERIFY(gui.add(makeProfile(u"from-gui"_s)).ok());
        QVERIFY(gui.remove(cli.find(u"from-cli"_s)->id).ok());
        QVERIFY(cli.importJson(ProfileStore::serialize({makeProfile(u"imported"_s)})).ok());
        const auto edits = cli.modify(shared.id, [](ConnectionProfile &profile) {
            profile.notes = u"only the notes"_s;
            return Status(Unit{});
        });
        QVERIFY(edits.ok());
        QCOMPARE(edits->port, 6543);

        ProfileStore reader;
        QVERIFY(reader.load().ok());
        QStringList names;
        for (const ConnectionProfile &profile : reader.profiles())
            names << profile.name;
        QCOMPARE(names, (QStringList{u"shared"_s, u"from-gui"_s, u"imported"_s}));
        QCOMPARE(reader.find(u"shared"_s)->port, 6543);
        QCOMPARE(reader.find(u"shared"_s)->notes, u"only the notes"_s);
        // A name taken by someone else meanwhile is refused against the file, not the stale list.
        ProfileStore stale;
        QVERIFY(stale.load().ok());
        QVERIFY(reader.add(makeProfile(u"taken"_s)).ok());
        QCOMPARE(stale.add(makeProfile(u"Taken"_s)).error().code, u"profiles.duplicate-name"_s);
        QCOMPARE(stale.profiles().size(), 4); // and the refusal still shows the newcomer
        QCOMPARE(stale.modify(QUuid::createUuid(), [](ConnectionProfile &) { return Status(Unit{}); })
                     .error()
                     .code,
                 u"profiles.not-found"_s);
        const auto invalid = stale.modify(shared.id, [](ConnectionProfile &profile) {
            profile.port = 0;
            return Status(Unit{});
        });
        QCOMPARE(invalid.error().code, u"profile.invalid"_s);
    }

    void perProfileSignalsForMergedChanges()
    {
        ProfileStore gui;
        QVERIFY(gui.load().ok());
        gui.setWatching(true);
        const ConnectionProfile a = makeProfile(u"a"_s);
        const ConnectionProfile b = makeProfile(u"b"_s);
        QVERIFY(gui.add(a).ok());
        QVERIFY(gui.add(b).ok());
        QSignalSpy added(&gui, &ProfileStore::profileAdded);
        QSignalSpy changed(&gui, &ProfileStore::profileChanged);
        QSignalSpy removing(&gui, &ProfileStore::aboutToRemove);
        QSignalSpy listChanged(&gui, &ProfileStore::profilesChanged);
        connect(&gui, &ProfileStore::aboutToRemove, this, [&gui, b](const QUuid &id) {
            QVERIFY(gui.byId(id).has_value()); // still there while views drop its row
            QCOMPARE(id, b.id);
        });

        ProfileStore cli;
        QVERIFY(cli.load().ok());
        ConnectionProfile renamed = a;
        renamed.name = u"a2"_s;
        QVERIFY(cli.update(renamed).ok());
        QVERIFY(cli.remove(b.id).ok());
        const ConnectionProfile c = makeProfile(u"c"_s);
        QVERIFY(cli.add(c).ok());
        QTRY_COMPARE_WITH_TIMEOUT(gui.profiles(), cli.profiles(), 5000);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toUuid(), c.id);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toUuid(), a.id);
        QCOMPARE(removing.count(), 1);
        QVERIFY(listChanged.count() >= 1);

        // A refused change with nothing new says nothing.
        listChanged.clear();
        QVERIFY(!gui.add(makeProfile(u"C"_s)).ok());
        QCOMPARE(listChanged.count(), 0);
    }

    void exportAndImportWithoutSecrets()
    {
        ProfileStore store;
        QVERIFY(store.load().ok());
        ConnectionProfile withKeys = makeProfile(u"keys"_s, u"Team"_s);
        withKeys.credentialSource = CredentialSource::StaticKeys;
        QVERIFY(store.add(withKeys).ok());
        QVERIFY(store.add(makeProfile(u"other"_s)).ok());

        const QByteArray all = store.exportJson();
        const QByteArray one = store.exportJson({withKeys.id});
        QCOMPARE(QJsonDocument::fromJson(all).object().value(u"profiles"_s).toArray().size(), 2);
        const QJsonArray exported = QJsonDocument::fromJson(one).object().value(u"profiles"_s).toArray();
        QCOMPARE(exported.size(), 1);
        for (const QString &key : exported.at(0).toObject().keys())
            QVERIFY2(!key.contains(u"secret"_s, Qt::CaseInsensitive) &&
                         !key.contains(u"password"_s, Qt::CaseInsensitive),
                     qPrintable(key));

        // Importing into the same store: fresh ids and names for the clashes.
        const auto added = store.importJson(all);
        QVERIFY(added.ok());
        QCOMPARE(added->size(), 2);
        QCOMPARE(added->at(0).name, u"keys (2)"_s);
        QVERIFY(added->at(0).id != withKeys.id);
        QCOMPARE(added->at(0).credentialSource, CredentialSource::StaticKeys);
        QCOMPARE(store.profiles().size(), 4);

        QCOMPARE(store.importJson("nonsense").error().code, u"profiles.bad-import"_s);
        QCOMPARE(store.profiles().size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
