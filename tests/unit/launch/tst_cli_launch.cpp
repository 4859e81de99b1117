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
