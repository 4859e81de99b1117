// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileStore under real concurrency: many `signet profiles add`/`edit` processes and a GUI-side
// store writing at once lose nothing; a writer killed with SIGKILL mid-save leaves a valid file and
// a lock that the next writer takes over.
#include "profiles/ProfileStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <signal.h>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

namespace {

const QString kHost = u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s;

ConnectionProfile makeProfile(const QString &name)
{
    ConnectionProfile profile = ConnectionProfile::create(name, Engine::Postgres);
    profile.host = kHost;
    profile.dbUser = u"iam_user"_s;
    return profile;
}

// The home lives in memory (/dev/shm) where there is one: what is proved is that a writer killed
// with SIGKILL leaves a valid file, for which the page cache is the disk; a disk would only add its
// fdatasync to every one of the thousands of saves here.
QString homeTemplate()
{
    const QFileInfo shm(u"/dev/shm"_s);
    if (shm.isDir() && shm.isWritable())
        return u"/dev/shm/signet-profilestore-XXXXXX"_s;
    return QDir::tempPath() + u"/signet-profilestore-XXXXXX"_s;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestProfileStoreConcurrency final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home{homeTemplate()};

    QString configDir() const { return m_home.path() + u"/config/signet"_s; }
    QString profilesPath() const { return configDir() + u"/profiles.json"_s; }

    std::unique_ptr<QProcess> startSignet(const QStringList &args) const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path() + u"/config"_s);
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"no-such-platform"_s);
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(env);
        process->start(qEnvironmentVariable("SIGNET_BIN"), args);
        return process;
    }

private Q_SLOTS:
    void init() { QDir(configDir()).removeRecursively(); }

    void concurrentAddsAndEditsLoseNothing()
    {
        constexpr int Adds = 24;
        constexpr int Edits = 12;
        constexpr int GuiAdds = 5;
        QVERIFY(QDir().mkpath(configDir()));
        {
            ProfileStore seed(profilesPath());
            QVERIFY(seed.load().ok());
            for (int i = 0; i < Edits; ++i)
                QVERIFY(seed.add(makeProfile(u"edit-%1"_s.arg(i))).ok());
        }
        // The GUI's store, open and following the file all along.
        ProfileStore gui(profilesPath());
        QVERIFY(gui.load().ok());
        gui.setWatching(true);
        QSignalSpy added(&gui, &ProfileStore::profileAdded);

        std::vector<std::unique_ptr<QProcess>> processes;
        for (int i = 0; i < Adds || i < Edits; ++i) {
            if (i < Adds)
                processes.push_back(
                    startSignet({u"profiles"_s, u"add"_s, u"--name"_s, u"add-%1"_s.arg(i), u"--engine"_s,
                                 u"mysql"_s, u"--host"_s, kHost, u"--user"_s, u"app"_s}));
            if (i < Edits)
                processes.push_back(startSignet({u"profiles"_s, u"edit"_s, u"edit-%1"_s.arg(i), u"--port"_s,
                                                 QString::number(6000 + i), u"--notes"_s, u"edited"_s}));
        }
        // The GUI saves too while the commands run.
        for (int i = 0; i < GuiAdds; ++i) {
            QTest::qWait(20);
            QVERIFY(gui.add(makeProfile(u"gui-%1"_s.arg(i))).ok());
        }
        QElapsedTimer waited;
        waited.start();
        for (auto &process : processes) {
            while (process->state() != QProcess::NotRunning && waited.elapsed() < 90'000)
                QTest::qWait(10);
            QVERIFY2(process->state() == QProcess::NotRunning, "a signet command did not finish");
            QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                     qPrintable(QString::fromUtf8(process->readAllStandardError())));
        }

        ProfileStore after(profilesPath());
        QVERIFY(after.load().ok());
        QCOMPARE(after.profiles().size(), Edits + Adds + GuiAdds);
        for (int i = 0; i < Adds; ++i)
            QVERIFY2(after.find(u"add-%1"_s.arg(i)).ok(), qPrintable(u"add-%1 was lost"_s.arg(i)));
        for (int i = 0; i < GuiAdds; ++i)
            QVERIFY2(after.find(u"gui-%1"_s.arg(i)).ok(), qPrintable(u"gui-%1 was lost"_s.arg(i)));
        for (int i = 0; i < Edits; ++i) {
            const auto edited = after.find(u"edit-%1"_s.arg(i));
            QVERIFY(edited.ok());
            QCOMPARE(edited->port, 6000 + i);
            QCOMPARE(edited->notes, u"edited"_s);
        }
        // The GUI-side store ends with the same list, told profile by profile.
        QTRY_COMPARE_WITH_TIMEOUT(gui.profiles(), after.profiles(), 5000);
        QCOMPARE(added.count(), Adds + GuiAdds);
        QVERIFY(!QFile::exists(profilesPath() + u".lock"_s));
    }

    void aWriterKilledMidSaveLeavesAValidFile()
    {
        constexpr int Trials = 200;
        QVERIFY(QDir().mkpath(configDir()));
        ProfileStore survivor(profilesPath());
        QVERIFY(survivor.load().ok());
        survivor.setLockTimeout(ProfileStore::LockTimeoutMs);
        qsizetype count = 0;
        int lockLeftBehind = 0;
        // Forks one writer process per trial (see profilestore_writer.cpp).
        QProcess writers;
        writers.start(qEnvironmentVariable("SIGNET_WRITER"), {profilesPath()});
        QVERIFY(writers.waitForStarted(5000));
        auto readLine = [&writers]() {
            QElapsedTimer waited;
            waited.start();
            while (!writers.canReadLine() && waited.elapsed() < 10'000)
                writers.waitForReadyRead(qMax<qint64>(1, 10'000 - waited.elapsed()));
            return QString::fromUtf8(writers.readLine()).trimmed();
        };
        for (int trial = 0; trial < Trials; ++trial) {
            writers.write("write\n");
            const QString ready = readLine();
            QVERIFY2(ready.startsWith(u"ready "_s),
                     qPrintable(ready + QString::fromUtf8(writers.readAllStandardError())));
            const pid_t writer = pid_t(ready.mid(6).toLongLong());
            QVERIFY(writer > 0);
            QThread::usleep(QRandomGenerator::global()->bounded(4000));
            QCOMPARE(::kill(writer, SIGKILL), 0);
            QCOMPARE(readLine(), u"killed %1"_s.arg(SIGKILL));

            // Every time: a file that parses, with at least what was there before.
            const auto parsed = ProfileStore::parseDocument(readFile(profilesPath()));
            QVERIFY2(parsed.ok(), qPrintable(u"trial %1: %2"_s.arg(trial).arg(
                                      parsed.ok() ? QString() : parsed.error().message)));
            QVERIFY(parsed->size() > count);
            count = parsed->size();
            // A lock left by the killed writer is taken over by the next one.
            if (QFile::exists(profilesPath() + u".lock"_s))
                ++lockLeftBehind;
            if (trial % 20 == 0 || QFile::exists(profilesPath() + u".lock"_s)) {
                QElapsedTimer took;
                took.start();
                const Status added = survivor.add(makeProfile(u"survivor-%1"_s.arg(trial)));
                QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().toString()));
                QVERIFY(took.elapsed() < ProfileStore::LockTimeoutMs);
                ++count;
            }
        }
        writers.closeWriteChannel();
        QVERIFY(writers.waitForFinished(5000));
        QCOMPARE(writers.exitCode(), 0);
        qInfo("%d of %d kills left the lock behind (killed inside a save)", lockLeftBehind, Trials);
        QVERIFY(lockLeftBehind > 0);
        QCOMPARE(QDir(configDir()).entryList(QDir::Files | QDir::Hidden), QStringList{u"profiles.json"_s});
    }

    void aLockHeldTooLongFailsClearly()
    {
        QVERIFY(QDir().mkpath(configDir()));
        // Another live process holds the lock (this one, through a second QLockFile).
        QLockFile holder(profilesPath() + u".lock"_s);
        QVERIFY(holder.tryLock(0));
        ProfileStore store(profilesPath());
        QVERIFY(store.load().ok());
        store.setLockTimeout(300);
        QSignalSpy failed(&store, &ProfileStore::storeFailed);
        QElapsedTimer took;
        took.start();
        const Status added = store.add(makeProfile(u"blocked"_s));
        QVERIFY(!added.ok());
        QVERIFY(took.elapsed() >= 300);
        QCOMPARE(added.error().code, u"profiles.locked"_s);
        QVERIFY(added.error().message.contains(u"another Signet"_s));
        QVERIFY(added.error().hint.contains(u".lock"_s));
        QCOMPARE(failed.count(), 1);
        QVERIFY(store.profiles().isEmpty());
        holder.unlock();
        QVERIFY(store.add(makeProfile(u"free"_s)).ok());
    }
};

QTEST_GUILESS_MAIN(TestProfileStoreConcurrency)
#include "tst_profilestore_concurrency.moc"
