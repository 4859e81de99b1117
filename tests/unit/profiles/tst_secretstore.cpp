// SPDX-License-Identifier: GPL-3.0-or-later
// KeychainSecretStore against a real Secret Service (gnome-keyring on a private session bus, started
// by `dbus-run-session -- scripts/with-keyring`), and the proof that no secret reaches the config dir.
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "profiles/StaticKeys.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

namespace {

const QString kSecret = u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSecretKeyForSignetTest"_s;

} // namespace

class TestSecretStore final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs a Secret Service: run under `dbus-run-session -- scripts/with-keyring ctest ...` "
                  "(scripts/test does)");
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
    }

    void writeReadRemove()
    {
        KeychainSecretStore store;
        QSignalSpy fellBack(&store, &SecretStore::fellBackToMemory);
        const QString key = SecretStore::keyFor(QUuid::createUuid(), u"test"_s);

        bool answered = false;
        store.write(key, SecretString::fromUtf8(kSecret), this,
                    [&answered](const Status &) { answered = true; });
        QVERIFY2(!answered, "the keychain must answer asynchronously");
        QTRY_VERIFY_WITH_TIMEOUT(answered, 15'000);

        const auto read = store.readAndWait(key);
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
        QCOMPARE(read->revealText(), kSecret);
        QVERIFY2(!store.isUsingMemory(), "a Secret Service is running, so the keychain must be used");
        QCOMPARE(fellBack.count(), 0);
        QCOMPARE(store.backendName(), u"system keychain"_s);

        // Another store (another Signet process, in effect) sees the same entry.
        KeychainSecretStore other;
        QCOMPARE(other.readAndWait(key)->revealText(), kSecret);

        QVERIFY(store.removeAndWait(key).ok());
        const auto gone = other.readAndWait(key);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, u"secrets.not-found"_s);
        // Removing again is not an error.
        QVERIFY(store.removeAndWait(key).ok());
    }

    void staticKeysRoundTrip()
    {
        KeychainSecretStore store;
        const QString key = SecretStore::keyFor(QUuid::createUuid(), SecretStore::staticKeysPurpose());
        QVERIFY(store
                    .writeAndWait(
                        key, StaticKeys{u"AKIAIOSFODNN7EXAMPLE"_s, SecretString::fromUtf8(kSecret)}.encode())
                    .ok());
        const auto stored = store.readAndWait(key);
        QVERIFY(stored.ok());
        const auto credentials = StaticKeys::decode(*stored);
        QVERIFY(credentials.ok());
        QCOMPARE(credentials->accessKeyId, u"AKIAIOSFODNN7EXAMPLE"_s);
        QCOMPARE(credentials->secretAccessKey.revealText(), kSecret);
        QVERIFY(store.removeAndWait(key).ok());
    }

    void noSecretInTheConfigDir()
    {
        ProfileStore profiles;
        QVERIFY(profiles.load().ok());
        ConnectionProfile profile = ConnectionProfile::create(u"with-keys"_s, Engine::MySql);
        profile.host = u"db.c9xyz.eu-west-1.rds.amazonaws.com"_s;
        profile.dbUser = u"app"_s;
        profile.credentialSource = CredentialSource::StaticKeys;
        KeychainSecretStore secrets;
        ProfileService service(profiles, secrets);
        QVERIFY(ProfileService::wait(service.save(profile, StaticKeys{u"AKIAIOSFODNN7EXAMPLE"_s,
                                                                      SecretString::fromUtf8(kSecret)}))
                    .ok());
        QVERIFY(!secrets.isUsingMemory());
        const QString key = SecretStore::keyFor(profile.id, SecretStore::staticKeysPurpose());
        QVERIFY(secrets.readAndWait(key).ok());
        QVERIFY(QFile::exists(profiles.filePath()));

        int scanned = 0;
        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(kSecret.toUtf8()), qPrintable(file.fileName()));
            QVERIFY2(!bytes.contains(kSecret.toUtf8().toBase64()), qPrintable(file.fileName()));
            ++scanned;
        }
        QVERIFY(scanned >= 1);
        QVERIFY(secrets.removeAndWait(key).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
