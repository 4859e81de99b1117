// SPDX-License-Identifier: GPL-3.0-or-later
// KeychainSecretStore with no session bus (QtKeychain's libsecret path fails with "Cannot autolaunch
// D-Bus…"): the user is told once, secrets live in memory for the session, nothing goes to disk.
#include "profiles/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

class TestSecretStoreNoBus final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"));
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", (m_home.path() + u"/data"_s).toUtf8());
    }

    void fallsBackToMemoryOnce()
    {
        KeychainSecretStore store;
        QSignalSpy fellBack(&store, &SecretStore::fellBackToMemory);
        const QString key = SecretStore::keyFor(QUuid::createUuid(), u"test"_s);
        const auto written =
            store.writeAndWait(key, SecretString::fromUtf8(u"in-memory-secret-42"_s), 20'000);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));
        QCOMPARE(fellBack.count(), 1);
        const auto reason = fellBack.at(0).at(0).value<Error>();
        QCOMPARE(reason.code, u"secrets.no-keychain"_s);
        QVERIFY(reason.message.contains(u"memory"_s));
        QVERIFY(!reason.hint.isEmpty());
        QVERIFY(store.isUsingMemory());
        QCOMPARE(store.backendName(), u"memory (this session only)"_s);

        QCOMPARE(store.readAndWait(key)->revealText(), u"in-memory-secret-42"_s);
        QVERIFY(store
                    .writeAndWait(SecretStore::keyFor(QUuid::createUuid(), u"b"_s),
                                  SecretString::fromUtf8(u"x"_s))
                    .ok());
        QCOMPARE(fellBack.count(), 1); // told once
        QVERIFY(store.removeAndWait(key).ok());
        QCOMPARE(store.readAndWait(key).error().code, u"secrets.not-found"_s);

        // Nothing written to disk in the keychain's place (no QSettings "insecure fallback").
        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("in-memory-secret-42"), qPrintable(file.fileName()));
        }
    }

    void aFreshSessionStartsEmpty()
    {
        KeychainSecretStore store;
        const auto read = store.readAndWait(SecretStore::keyFor(QUuid::createUuid(), u"test"_s), 20'000);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, u"secrets.not-found"_s);
        QVERIFY(store.isUsingMemory());
        // The user is told the keychain is out of reach, not that nothing was ever stored.
        QVERIFY2(read.error().message.contains(u"the keychain cannot be reached"_s),
                 qPrintable(read.error().message));
        QVERIFY(read.error().hint.contains(u"Secret Service"_s));
    }
};

int main(int argc, char **argv)
{
    // No bus, and no X display for D-Bus autolaunch: exactly the headless situation.
    ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
    ::unsetenv("DISPLAY");
    QCoreApplication app(argc, argv);
    qRegisterMetaType<signet::Error>();
    TestSecretStoreNoBus test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore_nobus.moc"
