// SPDX-License-Identifier: GPL-3.0-or-later
// Client detection order (settings, PATH, install locations, Flatpak/Snap) and detached start
// through the injectable runner, including the error that names the path tried.
#include "launch/ClientDetector.h"
#include "launch/ClientLauncher.h"

#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::launch;

class TestLaunchDetection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void configuredPathWinsThenPathThenKnownLocations()
    {
        QSet<QString> files{
            QStringLiteral("/usr/bin/psql"), QStringLiteral("/custom/psql"),
            QStringLiteral("/home/u/.local/share/flatpak/exports/bin/io.dbeaver.DBeaverCommunity"),
            QStringLiteral("/snap/bin/dbeaver-ce")};
        const ClientDetector detector({QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/bin")},
                                      QStringLiteral("/home/u"),
                                      [&](const QString &p) { return files.contains(p); });
        QCOMPARE(detector.find(Client::Psql), QStringLiteral("/usr/bin/psql"));
        QCOMPARE(detector.find(Client::Psql, QStringLiteral("/custom/psql")), QStringLiteral("/custom/psql"));
        // A configured path that is gone falls back to detection.
        QCOMPARE(detector.find(Client::Psql, QStringLiteral("/gone/psql")), QStringLiteral("/usr/bin/psql"));
        // Snap comes before the per-user Flatpak export in the list.
        QCOMPARE(detector.find(Client::Dbeaver), QStringLiteral("/snap/bin/dbeaver-ce"));
        files.remove(QStringLiteral("/snap/bin/dbeaver-ce"));
        QCOMPARE(detector.find(Client::Dbeaver),
                 QStringLiteral("/home/u/.local/share/flatpak/exports/bin/io.dbeaver.DBeaverCommunity"));
        QVERIFY(detector.find(Client::MySqlWorkbench).isEmpty());
        const auto all = detector.findAll();
        QCOMPARE(all.keys(), (QList<Client>{Client::Dbeaver, Client::Psql}));
    }

    void jdbcDriverJarFromTheDistribution()
    {
        const QStringList present{QStringLiteral("/usr/share/java/mysql-connector-java.jar"),
                                  QStringLiteral("/usr/share/java/postgresql.jar")};
        const auto exists = [&present](const QString &path) { return present.contains(path); };
        QCOMPARE(ClientDetector::jdbcDriverJar(Engine::Postgres, exists),
                 QStringLiteral("/usr/share/java/postgresql.jar"));
        QCOMPARE(ClientDetector::jdbcDriverJar(Engine::MySql, exists),
                 QStringLiteral("/usr/share/java/mysql-connector-java.jar"));
        QCOMPARE(ClientDetector::jdbcDriverJar(Engine::MariaDb, exists), QString());
    }

    void pathsFromSettings()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ClientDetector::setConfiguredPath(settings, Client::Dbeaver, QStringLiteral("/opt/custom/dbeaver"));
        ClientDetector::setConfiguredPath(settings, Client::Psql, QStringLiteral("/x/psql"));
        ClientDetector::setConfiguredPath(settings, Client::Psql, QString());
        const auto paths = ClientDetector::configuredPaths(settings);
        QCOMPARE(paths.size(), 1);
        QCOMPARE(paths.value(Client::Dbeaver), QStringLiteral("/opt/custom/dbeaver"));
        const ClientDetector detector({}, QStringLiteral("/home/u"),
                                      [](const QString &p) { return p == u"/opt/custom/dbeaver"; });
        QCOMPARE(detector.find(Client::Dbeaver, paths.value(Client::Dbeaver)),
                 QStringLiteral("/opt/custom/dbeaver"));
    }

    void startsWithProgramAndArgumentsNoShell()
    {
        QString seenProgram;
        QStringList seenArguments;
        QString seenPassword;
        const ClientLauncher launcher([&](const QString &program, const QStringList &arguments,
                                          const QProcessEnvironment &environment) -> Result<qint64> {
            seenProgram = program;
            seenArguments = arguments;
            seenPassword = environment.value(QStringLiteral("PGPASSWORD"));
            return qint64(4242);
        });
        ClientCommand command;
        command.program = QStringLiteral("/usr/bin/psql");
        command.arguments = {QStringLiteral("host=a b"), QStringLiteral("$(rm -rf /)")};
        command.environment << EnvironmentEntry{QStringLiteral("PGPASSWORD"), QStringLiteral("tok"), true};
        const auto pid = launcher.startDetached(command);
        QVERIFY(pid.ok());
        QCOMPARE(*pid, qint64(4242));
        QCOMPARE(seenProgram, command.program);
        QCOMPARE(seenArguments, command.arguments);
        QCOMPARE(seenPassword, QStringLiteral("tok"));
    }

    void failureNamesThePathTried()
    {
        ClientCommand command;
        command.program = QStringLiteral("/nonexistent/dbeaver");
        const auto started = ClientLauncher().startDetached(command);
        QVERIFY(!started.ok());
        QCOMPARE(started.error().code, QStringLiteral("launch.start-failed"));
        QVERIFY(started.error().message.contains(QStringLiteral("/nonexistent/dbeaver")));
    }
};

QTEST_GUILESS_MAIN(TestLaunchDetection)
#include "tst_launch_detection.moc"
