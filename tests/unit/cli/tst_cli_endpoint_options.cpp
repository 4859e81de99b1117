// SPDX-License-Identifier: GPL-3.0-or-later
// Every command that reaches a database takes the same endpoint options and the same engine names,
// and exec/check/launch default the CA to the RDS global bundle, as their help says.
#include "ProcessBatch.h"
#include "endpoint/Engine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;

namespace {

const QString kRdsHost = u"mydb.c9akciq32.eu-west-1.rds.amazonaws.com"_s;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Every name and alias the engine table accepts.
QStringList everyEngineName()
{
    return {u"mysql"_s,      u"mariadb"_s, u"aurora-mysql"_s,    u"postgres"_s,
            u"postgresql"_s, u"pg"_s,      u"aurora-postgres"_s, u"aurora-postgresql"_s};
}

const QStringList kEndpointOptions{u"--engine"_s, u"--host"_s,   u"--port"_s,
                                   u"--user"_s,   u"--region"_s, u"--database"_s,
                                   u"--ca"_s,     u"--via"_s,    u"--aws-profile"_s};

} // namespace

class TestCliEndpointOptions final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    int m_closedPort = 0;

    QProcessEnvironment env() const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"no-such-platform"_s);
        env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIAIOSFODNN7EXAMPLE"_s);
        env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s);
        env.insert(u"AWS_EC2_METADATA_DISABLED"_s, u"true"_s);
        return env;
    }

    // Each command line in its own `signet`, four at once (they do not depend on each other), the
    // results in the same order.
    QList<Run> runAll(const QList<QStringList> &commands) const
    {
        QList<Run> results;
        for (const test::ProcessRun &run :
             test::runProcesses(qEnvironmentVariable("SIGNET_BIN"), commands, env()))
            results.append({run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)});
        return results;
    }

    Run run(const QStringList &args) const { return runAll({args}).first(); }

    // A usage problem with the endpoint options would be exit 2 and name an option or the engine.
    static void verifyNoEndpointComplaint(const Run &result)
    {
        QVERIFY2(result.exitCode != 2, qPrintable(result.err));
        QVERIFY2(!result.err.contains(u"unknown engine"_s), qPrintable(result.err));
        QVERIFY2(!result.err.contains(u"--ca"_s), qPrintable(result.err));
        QVERIFY2(!result.err.contains(u"is missing"_s), qPrintable(result.err));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(QFileInfo(qEnvironmentVariable("SIGNET_BIN")).isExecutable());
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        m_closedPort = server.serverPort();
        server.close();
    }

    void everyCommandListsTheSameEndpointOptions()
    {
        const QList<QStringList> commands{
            {u"token"_s}, {u"exec"_s}, {u"check"_s}, {u"launch"_s}, {u"profiles"_s, u"add"_s}};
        QList<QStringList> helpCommands;
        for (const QStringList &command : commands)
            helpCommands.append(command + QStringList{u"--help"_s});
        const QList<Run> helps = runAll(helpCommands);
        for (qsizetype i = 0; i < commands.size(); ++i) {
            const QStringList &command = commands.at(i);
            const Run &help = helps.at(i);
            QCOMPARE(help.exitCode, 0);
            for (const QString &option : kEndpointOptions)
                QVERIFY2(help.out.contains(option), qPrintable(command.join(u' ') + u": no "_s + option));
            // One declaration: the same words everywhere (wrapped at different columns).
            const QString text = help.out.simplified();
            for (const QString &words :
                 {QString(u"Database engine: "_s + engineNamesText() + u"."_s),
                  u"CA bundle the server certificate must chain to: a PEM file or a stored bundle, or "
                  u"\"system\" for the system trust store (default: the RDS global bundle; the system store "
                  u"for Aurora DSQL)."_s})
                QVERIFY2(text.contains(words), qPrintable(command.join(u' ') + u": "_s + help.out));
        }
    }

    void tokenAcceptsEveryEngineAndDefaultsThePort()
    {
        QList<QStringList> commands;
        for (const QString &name : everyEngineName())
            commands.append(
                {u"token"_s, u"--engine"_s, name, u"--host"_s, kRdsHost, u"--user"_s, u"app"_s, u"--json"_s});
        // Without --engine the port is still required, as before.
        commands.append({u"token"_s, u"--host"_s, kRdsHost, u"--user"_s, u"app"_s});
        const QList<Run> results = runAll(commands);
        for (qsizetype i = 0; i < everyEngineName().size(); ++i) {
            const QString name = everyEngineName().at(i);
            const Run &result = results.at(i);
            QVERIFY2(result.exitCode == 0, qPrintable(name + u": "_s + result.err));
            const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
            QCOMPARE(json.value(u"port"_s).toInt(), defaultPort(*engineFromName(name)));
        }
        const Run &noPort = results.last();
        QCOMPARE(noPort.exitCode, 2);
        QVERIFY(noPort.err.contains(u"--port is missing"_s));
    }

    void dsqlEndpointImpliesTheEngine()
    {
        const QString dsqlHost = u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s;
        // The DSQL endpoint name alone: engine, port, user (admin) and region come from it.
        const QList<Run> results =
            runAll({{u"token"_s, u"--host"_s, dsqlHost, u"--json"_s, u"--expires"_s, u"3600"_s},
                    {u"token"_s, u"--engine"_s, u"aurora-dsql"_s, u"--host"_s, dsqlHost, u"--user"_s,
                     u"app"_s, u"--expires"_s, u"604800"_s},
                    {u"token"_s, u"--host"_s, dsqlHost, u"--expires"_s, u"604801"_s},
                    {u"token"_s, u"--engine"_s, u"postgres"_s, u"--host"_s, kRdsHost, u"--user"_s, u"app"_s,
                     u"--expires"_s, u"901"_s},
                    {u"token"_s, u"--host"_s, dsqlHost, u"--region"_s, u"eu-west-1"_s}});
        const Run &admin = results.at(0);
        QVERIFY2(admin.exitCode == 0, qPrintable(admin.err));
        const QJsonObject json = QJsonDocument::fromJson(admin.out.toUtf8()).object();
        QCOMPARE(json.value(u"service"_s).toString(), u"dsql"_s);
        QCOMPARE(json.value(u"action"_s).toString(), u"DbConnectAdmin"_s);
        QCOMPARE(json.value(u"user"_s).toString(), u"admin"_s);
        QCOMPARE(json.value(u"port"_s).toInt(), 5432);
        QCOMPARE(json.value(u"region"_s).toString(), u"us-east-1"_s);
        QVERIFY(json.value(u"token"_s).toString().startsWith(dsqlHost + u"/?Action=DbConnectAdmin&"_s));
        // Another role: DbConnect; a week is the limit.
        const Run &role = results.at(1);
        QVERIFY2(role.exitCode == 0, qPrintable(role.err));
        QVERIFY(role.out.startsWith(dsqlHost + u"/?Action=DbConnect&"_s));
        QVERIFY(role.out.contains(u"X-Amz-Expires=604800"_s));
        const Run &tooLong = results.at(2);
        QCOMPARE(tooLong.exitCode, 2);
        QVERIFY2(tooLong.err.contains(u"--expires"_s), qPrintable(tooLong.err));
        // RDS keeps its 15 minutes.
        const Run &rds = results.at(3);
        QCOMPARE(rds.exitCode, 2);
        // A region contradicting the DSQL endpoint is the same usage error as for RDS.
        const Run &mismatch = results.at(4);
        QCOMPARE(mismatch.exitCode, 2);
        QVERIFY2(mismatch.err.contains(u"us-east-1"_s), qPrintable(mismatch.err));
    }

    void execAcceptsEveryEngineAndDefaultsTheCa()
    {
        // No --ca and a closed port: the command gets as far as connecting (exit 1), never a usage
        // error about the CA or the engine.
        QList<QStringList> commands;
        for (const QString &name : everyEngineName())
            commands.append({u"exec"_s, u"--engine"_s, name, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                             QString::number(m_closedPort), u"--user"_s, u"app"_s, u"--region"_s,
                             u"eu-west-1"_s, u"-e"_s, u"select 1"_s});
        const QList<Run> results = runAll(commands);
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QString name = everyEngineName().at(i);
            const Run &result = results.at(i);
            verifyNoEndpointComplaint(result);
            QVERIFY2(result.exitCode == 1, qPrintable(name + u": "_s + result.err));
        }
    }

    void checkAcceptsEveryEngineAndDefaultsTheCa()
    {
        QList<QStringList> commands;
        for (const QString &name : everyEngineName())
            commands.append({u"check"_s, u"--engine"_s, name, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                             QString::number(m_closedPort), u"--region"_s, u"eu-west-1"_s, u"--json"_s});
        const QList<Run> results = runAll(commands);
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QString name = everyEngineName().at(i);
            const Run &result = results.at(i);
            verifyNoEndpointComplaint(result);
            QCOMPARE(result.exitCode, 1);
            const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8()).object();
            QCOMPARE(report.value(u"target"_s).toObject().value(u"engine"_s).toString(),
                     engineKey(*engineFromName(name)));
        }
    }

    void launchAcceptsEveryEngineAndDefaultsTheCa()
    {
        QList<QStringList> commands;
        for (const QString &name : everyEngineName())
            commands.append({u"launch"_s, u"--engine"_s, name, u"--host"_s, kRdsHost, u"--user"_s, u"app"_s,
                             u"--as"_s, u"env"_s, u"--shell"_s, u"bash"_s});
        const QList<Run> results = runAll(commands);
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QString name = everyEngineName().at(i);
            const Run &result = results.at(i);
            verifyNoEndpointComplaint(result);
            QVERIFY2(result.exitCode == 0, qPrintable(name + u": "_s + result.err));
            if (isPostgresFamily(*engineFromName(name))) {
                QVERIFY2(result.out.contains(u"PGPORT=5432"_s), qPrintable(result.out));
                // The RDS global bundle from Signet's CA store.
                QVERIFY2(result.out.contains(m_home.filePath(u"data"_s)), qPrintable(result.out));
            } else {
                QVERIFY2(result.out.contains(u"MYSQL_TCP_PORT=3306"_s), qPrintable(result.out));
            }
        }
    }

    void profilesAcceptEveryEngine()
    {
        // Added all at once (the store takes concurrent writers), then shown.
        QList<QStringList> adds;
        QList<QStringList> shows;
        for (const QString &name : everyEngineName()) {
            adds.append({u"profiles"_s, u"add"_s, u"--name"_s, u"p-"_s + name, u"--engine"_s, name,
                         u"--host"_s, kRdsHost, u"--user"_s, u"app"_s});
            shows.append({u"profiles"_s, u"show"_s, u"p-"_s + name});
        }
        const QList<Run> added = runAll(adds);
        for (qsizetype i = 0; i < added.size(); ++i)
            QVERIFY2(added.at(i).exitCode == 0,
                     qPrintable(everyEngineName().at(i) + u": "_s + added.at(i).err));
        const QList<Run> shownAll = runAll(shows);
        for (qsizetype i = 0; i < shownAll.size(); ++i) {
            const QString name = everyEngineName().at(i);
            const Run &shown = shownAll.at(i);
            QCOMPARE(shown.exitCode, 0);
            QVERIFY2(shown.out.contains(engineDisplayName(*engineFromName(name))), qPrintable(shown.out));
        }
    }

    void unknownEngineIsTheSameUsageErrorEverywhere()
    {
        const QStringList endpoint{u"--engine"_s, u"oracle"_s, u"--host"_s, kRdsHost,
                                   u"--port"_s,   u"1521"_s,   u"--user"_s, u"app"_s};
        QList<QStringList> commands;
        for (const QStringList &command : {QStringList{u"token"_s},
                                           {u"exec"_s, u"-e"_s, u"select 1"_s},
                                           {u"check"_s},
                                           {u"launch"_s, u"--client"_s, u"psql"_s, u"--print"_s},
                                           {u"profiles"_s, u"add"_s, u"--name"_s, u"x"_s}})
            commands.append(command + endpoint);
        for (const Run &result : runAll(commands)) {
            QCOMPARE(result.exitCode, 2);
            QVERIFY2(result.err.contains(u"unknown engine \"oracle\""_s), qPrintable(result.err));
            QVERIFY2(result.err.contains(u"postgres (postgresql, pg)"_s), qPrintable(result.err));
        }
    }

    void sharedValidation()
    {
        // The same endpoint rules in every command: a bad --via, a bad port, a region that
        // contradicts the endpoint.
        const QStringList base{u"--engine"_s, u"pg"_s, u"--host"_s, kRdsHost, u"--user"_s, u"app"_s};
        const QList<QStringList> commands{QStringList{u"token"_s},
                                          {u"exec"_s, u"-e"_s, u"select 1"_s},
                                          {u"check"_s},
                                          {u"launch"_s, u"--client"_s, u"psql"_s, u"--print"_s}};
        QList<QStringList> lines;
        for (const QStringList &command : commands) {
            lines.append(command + base + QStringList{u"--via"_s, u"127.0.0.1"_s});
            lines.append(command + base + QStringList{u"--port"_s, u"70000"_s});
            // The check reports the region in its region step (below).
            if (command.first() != u"check")
                lines.append(command + base + QStringList{u"--region"_s, u"us-east-1"_s});
        }
        lines.append({u"check"_s, u"--engine"_s, u"pg"_s, u"--host"_s, kRdsHost, u"--via"_s,
                      u"127.0.0.1:"_s + QString::number(m_closedPort), u"--region"_s, u"us-east-1"_s,
                      u"--json"_s});
        const QList<Run> results = runAll(lines);
        qsizetype next = 0;
        for (const QStringList &command : commands) {
            const Run &via = results.at(next++);
            QCOMPARE(via.exitCode, 2);
            QVERIFY2(via.err.contains(u"--via"_s), qPrintable(via.err));
            const Run &port = results.at(next++);
            QCOMPARE(port.exitCode, 2);
            QVERIFY2(port.err.contains(u"--port 70000 is outside 1-65535"_s), qPrintable(port.err));
            if (command.first() == u"check")
                continue;
            const Run &region = results.at(next++);
            QCOMPARE(region.exitCode, 2);
            QVERIFY2(region.err.contains(u"does not match the endpoint"_s), qPrintable(region.err));
        }
        const Run &check = results.last();
        QCOMPARE(check.exitCode, 1);
        QVERIFY(!check.err.contains(u"does not match"_s));
    }

    void profileNextToAnEndpointOptionIsAUsageError()
    {
        QList<QStringList> lines;
        for (const QString &command : {u"token"_s, u"exec"_s, u"check"_s, u"launch"_s}) {
            for (const QString &option : kEndpointOptions)
                lines.append({command, u"some-profile"_s, option, u"x"_s});
        }
        const QList<Run> results = runAll(lines);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString &command = lines.at(i).first();
            const QString &option = lines.at(i).at(2);
            QCOMPARE(results.at(i).exitCode, 2);
            QVERIFY2(results.at(i).err.contains(option), qPrintable(command + u": "_s + results.at(i).err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliEndpointOptions)
#include "tst_cli_endpoint_options.moc"
