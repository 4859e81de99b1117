// SPDX-License-Identifier: GPL-3.0-or-later
// `signet launch --print`: the command per shell, the token redacted unless --show-token, usage errors.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliLaunch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    struct Run
    {
        int exitCode;
        QString out;
        QString err;
    };
    Run run(const QStringList &args)
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("SIGNET_BIN"), QStringList{QStringLiteral("launch")} + args);
        process.waitForFinished(30000);
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }
    QStringList base(const QString &client, const QString &engine)
    {
        return {QStringLiteral("--client"), client,
                QStringLiteral("--engine"), engine,
                QStringLiteral("--host"),   QStringLiteral("db.example.eu-west-1.rds.amazonaws.com"),
                QStringLiteral("--port"),   QStringLiteral("5432"),
                QStringLiteral("--user"),   QStringLiteral("iam_user"),
                QStringLiteral("--ca"),     QStringLiteral("/etc/ssl/rds ca.pem"),
                QStringLiteral("--print")};
    }

private Q_SLOTS:
    void printRedactsTheTokenByDefault()
    {
        const Run r = run(base(QStringLiteral("psql"), QStringLiteral("postgres")));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral(
                            "PGPASSWORD='<token redacted>' psql 'host=db.example.eu-west-1.rds.amazonaws.com "
                            "port=5432 user=iam_user sslmode=verify-full sslrootcert='\\''/etc/ssl/rds "
                            "ca.pem'\\'''\n"));
        QVERIFY(!r.out.contains(QStringLiteral("X-Amz-Signature")));
    }

    void showTokenPrintsIt()
    {
        const Run r = run(base(QStringLiteral("mariadb"), QStringLiteral("mariadb"))
                          << QStringLiteral("--show-token") << QStringLiteral("--shell")
                          << QStringLiteral("powershell"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.out.startsWith(QStringLiteral("$env:MYSQL_PWD = 'db.example.eu-west-1.rds.amazonaws.com:5432/"
                                            "?Action=connect&DBUser=iam_user")),
            qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("; & 'mariadb' '--protocol=TCP'")));
    }

    void defaultCaIsTheGlobalBundle()
    {
        QStringList args = base(QStringLiteral("psql"), QStringLiteral("postgres"));
        args.removeAt(args.indexOf(QStringLiteral("--ca")) + 1);
        args.removeOne(QStringLiteral("--ca"));
        const Run r = run(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("/signet/ca/global.pem")), qPrintable(r.out));
    }

    void connectionStringForms()
    {
        QStringList args = base(QStringLiteral("psql"), QStringLiteral("postgres"));
        args.removeAt(args.indexOf(QStringLiteral("--client")) + 1);
        args.removeOne(QStringLiteral("--client"));
        const Run uri = run(QStringList(args) << QStringLiteral("--as") << QStringLiteral("uri"));
        QVERIFY2(uri.exitCode == 0, qPrintable(uri.err));
        QVERIFY(uri.out.startsWith(
            QStringLiteral("postgresql://iam_user@db.example.eu-west-1.rds.amazonaws.com:5432/"
                           "?sslmode=verify-full&sslrootcert=")));
        const Run env = run(QStringList(args) << QStringLiteral("--as") << QStringLiteral("env"));
        QCOMPARE(env.exitCode, 0);
        QVERIFY(env.out.contains(QStringLiteral("PGSSLMODE=verify-full")));
        QVERIFY(env.out.contains(QStringLiteral("<token redacted>")));
        QVERIFY(!env.out.contains(QStringLiteral("X-Amz-Signature")));
        const Run jdbc = run(QStringList(args) << QStringLiteral("--as") << QStringLiteral("jdbc"));
        QCOMPARE(jdbc.exitCode, 0);
        QVERIFY(jdbc.out.startsWith(
            QStringLiteral("jdbc:postgresql://db.example.eu-west-1.rds.amazonaws.com:5432/")));
        const Run password =
            run(QStringList(args) << QStringLiteral("--as") << QStringLiteral("password-command"));
        QCOMPARE(password.exitCode, 0);
        QVERIFY2(
            password.out.contains(QStringLiteral("token --host db.example.eu-west-1.rds.amazonaws.com --port "
                                                 "5432 --user iam_user")),
            qPrintable(password.out));
        QCOMPARE(run(QStringList(args) << QStringLiteral("--as") << QStringLiteral("yaml")).exitCode, 2);
        QStringList mysql = args;
        mysql[mysql.indexOf(QStringLiteral("postgres"))] = QStringLiteral("mysql");
        const Run noUri = run(mysql << QStringLiteral("--as") << QStringLiteral("uri"));
        QCOMPARE(noUri.exitCode, 1);
        QVERIFY(noUri.err.contains(QStringLiteral("PostgreSQL only")));
    }

    void usageErrors()
    {
        QCOMPARE(run({QStringLiteral("--client"), QStringLiteral("toad")}).exitCode, 2);
        QStringList args = base(QStringLiteral("psql"), QStringLiteral("postgres"));
        args << QStringLiteral("--shell") << QStringLiteral("fish");
        QCOMPARE(run(args).exitCode, 2);
        const Run wrong = run(base(QStringLiteral("psql"), QStringLiteral("mysql")));
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(wrong.err.contains(QStringLiteral("cannot connect")));
    }
};

QTEST_GUILESS_MAIN(TestCliLaunch)
#include "tst_cli_launch.moc"
