// SPDX-License-Identifier: GPL-3.0-or-later
// `signet exec` against the emulator: formats on stdout, the server's message and exit 1 on failure,
// exit 1 without sending the token when TLS cannot be verified, exit 2 on usage errors; the same
// through `signet exec PROFILE` with a profile saved by `signet profiles add`. One IAM login per
// statement, and Ctrl-C stops the statement on the server.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestExecCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void formats_data();
    void formats();
    void serverErrorExitsOne_data();
    void serverErrorExitsOne();
    void wrongNameExitsOne();
    void usageErrorsExitTwo();
    void savedProfile_data();
    void savedProfile();
    void logsInOncePerStatement_data();
    void logsInOncePerStatement();
    void interruptCancelsOnTheServer_data();
    void interruptCancelsOnTheServer();
    void scriptRunsInOrderOnOneConnection_data();
    void scriptRunsInOrderOnOneConnection();
    void scriptStopsAtTheFirstFailure_data();
    void scriptStopsAtTheFirstFailure();
    void scriptStopsWhenTheConnectionIsLost_data();
    void scriptStopsWhenTheConnectionIsLost();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run exec(const QString &engine, const QStringList &extra);
    void startExec(QProcess &process, const QString &engine, const QStringList &extra);
    Run signet(const QStringList &args, const QString &configHome);
    // Waits (30 s at most) for the process and collects its exit code and output.
    static Run finish(QProcess &process);
    // How many statements equal to `sql` the server runs now (a query of its own, through exec).
    int runningOnServer(const QString &engine, const QString &sql);
    // The emulator verifier's lines so far that name the session keys' access key id.
    QList<QByteArray> loginLines();
};

void TestExecCli::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("SIGNET_EMU_HOST"))
        QFAIL("SIGNET_EMU_HOST is not set: start the emulator and eval \"$(tests/emulator/emulator env)\"");
    QVERIFY(!qEnvironmentVariableIsEmpty("SIGNET_BIN"));
}

TestExecCli::Run TestExecCli::exec(const QString &engine, const QStringList &extra)
{
    QProcess process;
    startExec(process, engine, extra);
    return finish(process);
}

void TestExecCli::startExec(QProcess &process, const QString &engine, const QStringList &extra)
{
    const bool pg = engine == u"postgres";
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"),
                       qEnvironmentVariable("SIGNET_EMU_SESSION_ACCESS_KEY_ID"));
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                       qEnvironmentVariable("SIGNET_EMU_SESSION_SECRET_ACCESS_KEY"));
    environment.insert(QStringLiteral("AWS_SESSION_TOKEN"), qEnvironmentVariable("SIGNET_EMU_SESSION_TOKEN"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));
    process.setProcessEnvironment(environment);
    QStringList args{QStringLiteral("exec"),
                     QStringLiteral("--engine"),
                     engine,
                     QStringLiteral("--port"),
                     qEnvironmentVariable(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT"),
                     QStringLiteral("--user"),
                     qEnvironmentVariable("SIGNET_EMU_MYSQL_USER"),
                     QStringLiteral("--region"),
                     qEnvironmentVariable("SIGNET_EMU_REGION"),
                     QStringLiteral("--database"),
                     qEnvironmentVariable("SIGNET_EMU_DATABASE"),
                     QStringLiteral("--ca"),
                     qEnvironmentVariable("SIGNET_EMU_CA")};
    if (!extra.contains(QStringLiteral("--host")))
        args << QStringLiteral("--host") << qEnvironmentVariable("SIGNET_EMU_HOST");
    process.start(qEnvironmentVariable("SIGNET_BIN"), args + extra);
}

int TestExecCli::runningOnServer(const QString &engine, const QString &sql)
{
    const bool pg = engine == u"postgres";
    // Compared whole, so this query (which contains `sql`) does not count itself.
    const QString count =
        pg ? QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity WHERE query = '%1'").arg(sql)
           : QStringLiteral("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info = '%1'")
                 .arg(sql);
    const Run run =
        exec(engine, {QStringLiteral("-e"), count, QStringLiteral("--format"), QStringLiteral("csv")});
    if (run.exitCode != 0 || !run.out.startsWith("n\n"))
        return -1;
    return run.out.mid(2).trimmed().toInt();
}

QList<QByteArray> TestExecCli::loginLines()
{
    QFile log(qEnvironmentVariable("SIGNET_EMU_LOG"));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QByteArray key = qEnvironmentVariable("SIGNET_EMU_SESSION_ACCESS_KEY_ID").toUtf8();
    QList<QByteArray> lines;
    for (const QByteArray &line : log.readAll().split('\n'))
        if (line.contains(key))
            lines << line;
    return lines;
}

void TestExecCli::formats_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

void TestExecCli::formats()
{
    QFETCH(QString, engine);
    const QString sql = QStringLiteral("SELECT 1 AS a, NULL AS b, 'x,y' AS c");
    const Run csv =
        exec(engine, {QStringLiteral("-e"), sql, QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(csv.exitCode, 0);
    QCOMPARE(csv.out, QByteArray("a,b,c\n1,,\"x,y\"\n"));
    const Run json =
        exec(engine, {QStringLiteral("-e"), sql, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().toObject().value(QStringLiteral("c")).toString(), QStringLiteral("x,y"));
    QVERIFY(rows.first().toObject().value(QStringLiteral("b")).isNull());
    const Run table = exec(engine, {QStringLiteral("-e"), sql});
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.contains("| 1 | NULL | x,y |"));
    // The token never appears in any output.
    QVERIFY(!csv.err.contains("X-Amz") && !json.err.contains("X-Amz") && !table.out.contains("X-Amz"));
}

void TestExecCli::serverErrorExitsOne_data()
{
    formats_data();
}

void TestExecCli::serverErrorExitsOne()
{
    QFETCH(QString, engine);
    const Run run = exec(engine, {QStringLiteral("-e"), QStringLiteral("SELECT * FROM no_such_table")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("no_such_table"), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY(run.out.isEmpty());
}

void TestExecCli::wrongNameExitsOne()
{
    const Run run = exec(QStringLiteral("mariadb"),
                         {QStringLiteral("--host"), QStringLiteral("wrong.example"), QStringLiteral("--via"),
                          QStringLiteral("127.0.0.1:") + qEnvironmentVariable("SIGNET_EMU_MYSQL_PORT"),
                          QStringLiteral("-e"), QStringLiteral("SELECT 1")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("wrong.example") && run.err.contains("not sent"), run.err.constData());
}

void TestExecCli::usageErrorsExitTwo()
{
    QCOMPARE(exec(QStringLiteral("oracle"), {QStringLiteral("-e"), QStringLiteral("SELECT 1")}).exitCode, 2);
    QCOMPARE(exec(QStringLiteral("mariadb"), {}).exitCode, 2);
    QCOMPARE(exec(QStringLiteral("mariadb"), {QStringLiteral("-e"), QStringLiteral("SELECT 1"),
                                              QStringLiteral("--format"), QStringLiteral("xml")})
                 .exitCode,
             2);
    // -e and -f together, a script of comments only, a file that is not there.
    const Run both = exec(QStringLiteral("mariadb"), {QStringLiteral("-e"), QStringLiteral("SELECT 1"),
                                                      QStringLiteral("-f"), QStringLiteral("x.sql")});
    QCOMPARE(both.exitCode, 2);
    QVERIFY2(both.err.contains("-e SQL and -f FILE both given"), both.err.constData());
    const Run comments = exec(QStringLiteral("postgres"),
                              {QStringLiteral("-e"), QStringLiteral("-- nothing here;\n/* nor here */")});
    QCOMPARE(comments.exitCode, 2);
    QVERIFY2(comments.err.contains("no statement, only comments"), comments.err.constData());
    const Run missing =
        exec(QStringLiteral("postgres"), {QStringLiteral("-f"), QStringLiteral("/nonexistent.sql")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("cannot read /nonexistent.sql"), missing.err.constData());
}

TestExecCli::Run TestExecCli::signet(const QStringList &args, const QString &configHome)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), qEnvironmentVariable("SIGNET_EMU_ACCESS_KEY_ID"));
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                       qEnvironmentVariable("SIGNET_EMU_SECRET_ACCESS_KEY"));
    environment.remove(QStringLiteral("AWS_SESSION_TOKEN"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("SIGNET_BIN"), args);
    return finish(process);
}

TestExecCli::Run TestExecCli::finish(QProcess &process)
{
    Run run;
    if (!process.waitForFinished(30000))
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestExecCli::savedProfile_data()
{
    formats_data();
}

void TestExecCli::savedProfile()
{
    QFETCH(QString, engine);
    const bool pg = engine == u"postgres";
    QTemporaryDir config;
    const QString name = QStringLiteral("emu-") + engine;
    const Run added = signet({QStringLiteral("profiles"),
                              QStringLiteral("add"),
                              QStringLiteral("--name"),
                              name,
                              QStringLiteral("--engine"),
                              engine,
                              QStringLiteral("--host"),
                              qEnvironmentVariable("SIGNET_EMU_HOST"),
                              QStringLiteral("--port"),
                              qEnvironmentVariable(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT"),
                              QStringLiteral("--user"),
                              qEnvironmentVariable(pg ? "SIGNET_EMU_PG_USER" : "SIGNET_EMU_MYSQL_USER"),
                              QStringLiteral("--region"),
                              qEnvironmentVariable("SIGNET_EMU_REGION"),
                              QStringLiteral("--database"),
                              qEnvironmentVariable("SIGNET_EMU_DATABASE"),
                              QStringLiteral("--ca"),
                              qEnvironmentVariable("SIGNET_EMU_CA"),
                              QStringLiteral("--credentials"),
                              QStringLiteral("environment")},
                             config.path());
    QVERIFY2(added.exitCode == 0, added.err.constData());

    const Run selected =
        signet({QStringLiteral("exec"), name, QStringLiteral("-e"), QStringLiteral("SELECT 1 AS one"),
                QStringLiteral("--format"), QStringLiteral("csv")},
               config.path());
    QVERIFY2(selected.exitCode == 0, selected.err.constData());
    QCOMPARE(selected.out, QByteArray("one\n1\n"));
    QVERIFY(!selected.err.contains("X-Amz"));

    const Run failed = signet(
        {QStringLiteral("exec"), name, QStringLiteral("-e"), QStringLiteral("SELECT * FROM no_such_table")},
        config.path());
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(failed.err.contains("no_such_table"), failed.err.constData());

    const Run unknown = signet(
        {QStringLiteral("exec"), QStringLiteral("nope"), QStringLiteral("-e"), QStringLiteral("SELECT 1")},
        config.path());
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("no profile \"nope\"") && unknown.err.contains("signet profiles list"));
}

void TestExecCli::logsInOncePerStatement_data()
{
    formats_data();
}

void TestExecCli::logsInOncePerStatement()
{
    // A script's statement costs one IAM login: no warm side connection for a cancel that does not
    // come (MySQL's KILL QUERY needs a connection of its own).
    QFETCH(QString, engine);
    const qsizetype before = loginLines().size();
    const Run run = exec(engine, {QStringLiteral("-e"), QStringLiteral("SELECT 1 AS one"),
                                  QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(loginLines().size(), before + 1, 5000);
    QTest::qWait(500);
    QCOMPARE(loginLines().size(), before + 1);
}

void TestExecCli::interruptCancelsOnTheServer_data()
{
    formats_data();
}

void TestExecCli::interruptCancelsOnTheServer()
{
    // Ctrl-C stops the statement on the server, as mariadb and psql do, and exits 130.
    QFETCH(QString, engine);
    const QString sleep =
        engine == u"postgres" ? QStringLiteral("SELECT pg_sleep(30)") : QStringLiteral("SELECT SLEEP(30)");
    QProcess process;
    startExec(process, engine, {QStringLiteral("-e"), sleep});
    QVERIFY(process.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(runningOnServer(engine, sleep) == 1, 15000);
    QElapsedTimer timer;
    timer.start();
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(15000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(timer.elapsed() < 10000, err.constData());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(err.contains("cancelling the statement on the server") && err.contains("cancelled"),
             err.constData());
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY(!err.contains("X-Amz"));
    // Not left running there.
    QTRY_COMPARE_WITH_TIMEOUT(runningOnServer(engine, sleep), 0, 10000);
}

void TestExecCli::scriptRunsInOrderOnOneConnection_data()
{
    formats_data();
}

void TestExecCli::scriptRunsInOrderOnOneConnection()
{
    // A file of statements (with a byte-order mark, comments and a ';' inside a string) runs in order
    // on one connection, with one login: the temporary table made by the first is there for the others.
    QFETCH(QString, engine);
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("script.sql")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(
        "\xEF\xBB\xBF-- set up\nCREATE TEMPORARY TABLE t (x INT, s VARCHAR(10));\n"
        "INSERT INTO t VALUES (1, 'a;b'), (2, NULL);\n\n"
        "SELECT x, s FROM t ORDER BY x;\n/* the count */ SELECT COUNT(*) AS n FROM t;\n-- the end\n");
    script.close();
    const qsizetype before = loginLines().size();
    const Run csv = exec(
        engine, {QStringLiteral("-f"), script.fileName(), QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    // One CSV block a result, a blank line between.
    QCOMPARE(csv.out, QByteArray("x,s\n1,a;b\n2,\n\nn\n2\n"));
    QVERIFY2(csv.err.contains("2 rows affected"), csv.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(loginLines().size(), before + 1, 5000);

    // The same from standard input (-f -), as JSON: one array a result.
    QProcess piped;
    startExec(
        piped, engine,
        {QStringLiteral("-f"), QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY(piped.waitForStarted(10000));
    QVERIFY(script.open(QIODevice::ReadOnly));
    piped.write(script.readAll());
    piped.closeWriteChannel();
    const Run json = finish(piped);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QList<QByteArray> arrays = json.out.split(']');
    QCOMPARE(arrays.size(), 3); // two arrays, then the final newline
    QCOMPARE(QJsonDocument::fromJson(arrays.at(0) + ']').array().size(), 2);
    QCOMPARE(QJsonDocument::fromJson(arrays.at(1) + ']').array().size(), 1);
}

void TestExecCli::scriptStopsAtTheFirstFailure_data()
{
    formats_data();
}

void TestExecCli::scriptStopsAtTheFirstFailure()
{
    // The failing statement is named by its place and line; what came after it does not run.
    QFETCH(QString, engine);
    const Run run =
        exec(engine, {QStringLiteral("-e"),
                      QStringLiteral("SELECT 1 AS one;\nSELECT 'two' AS two,\n  nosuch AS three;\n"
                                     "SELECT 4 AS four;\nSELECT 5 AS five"),
                      QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QByteArray("one\n1\n"));
    QVERIFY2(run.err.contains("statement 2 of 4 (line ") && run.err.contains("nosuch") &&
                 run.err.contains("The 2 statements after it were not run."),
             run.err.constData());
    QCOMPARE(run.err.count('\n'), 1);
    if (engine == u"postgres") // PostgreSQL says where in the statement: the line of "nosuch"
        QVERIFY2(run.err.contains("(line 3)"), run.err.constData());
}

void TestExecCli::scriptStopsWhenTheConnectionIsLost_data()
{
    formats_data();
}

void TestExecCli::scriptStopsWhenTheConnectionIsLost()
{
    // The connection goes (a failover, a restart) while the second of three statements runs. Signet
    // reconnects with a fresh token, but the session's state went with the old connection: the rest
    // of the script must not run as if nothing happened.
    QFETCH(QString, engine);
    const bool pg = engine == u"postgres";
    const QString sleep = pg ? QStringLiteral("SELECT pg_sleep(4)") : QStringLiteral("SELECT SLEEP(4)");
    QProcess process;
    startExec(process, engine,
              {QStringLiteral("-e"),
               QStringLiteral("SELECT 1 AS one;\n%1;\nSELECT 'after' AS three").arg(sleep),
               QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY(process.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(runningOnServer(engine, sleep) == 1, 15000);
    // The same user may end its own connections.
    if (pg) {
        const Run killed =
            exec(engine, {QStringLiteral("-e"),
                          QStringLiteral("SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity "
                                         "WHERE query = '%1'")
                              .arg(sleep)});
        QVERIFY2(killed.exitCode == 0, killed.err.constData());
    } else {
        const Run id = exec(
            engine,
            {QStringLiteral("-e"),
             QStringLiteral("SELECT id FROM information_schema.processlist WHERE info = '%1'").arg(sleep),
             QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(id.exitCode == 0 && id.out.startsWith("id\n"), id.err.constData());
        const Run killed = exec(
            engine, {QStringLiteral("-e"),
                     QStringLiteral("KILL CONNECTION %1").arg(QString::fromLatin1(id.out.mid(3).trimmed()))});
        QVERIFY2(killed.exitCode == 0, killed.err.constData());
    }
    const Run run = finish(process);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(!run.out.contains("after"), run.out.constData());
    QVERIFY2(run.out.startsWith("one\n1\n"), run.out.constData());
    QVERIFY2(run.err.contains("statement 2 of 3 (line 2)") &&
                 run.err.contains("The statement after it was not run."),
             run.err.constData());
    QVERIFY(!run.err.contains("X-Amz"));
}

QTEST_GUILESS_MAIN(TestExecCli)
#include "tst_exec_cli.moc"
