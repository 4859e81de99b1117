// SPDX-License-Identifier: GPL-3.0-or-later
// Generated commands log in for real: mariadb and psql through their builders, the JDBC URLs
// through MariaDB Connector/J and pgjdbc (one JVM); the emulator's log proves the token arrived over TLS.
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"
#include "launch/ShellQuoting.h"
#include "launch/TrustStore.h"
#include "token/AuthToken.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::launch;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestLaunchEmulator : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    LaunchTarget target(Engine engine) const
    {
        LaunchTarget t;
        t.engine = engine;
        t.host = env("SIGNET_EMU_HOST");
        t.port =
            (engine == Engine::Postgres ? env("SIGNET_EMU_PG_PORT") : env("SIGNET_EMU_MYSQL_PORT")).toInt();
        t.user = engine == Engine::Postgres ? env("SIGNET_EMU_PG_USER") : env("SIGNET_EMU_MYSQL_USER");
        t.database = env("SIGNET_EMU_DATABASE");
        t.caFile = env("SIGNET_EMU_CA");
        t.region = env("SIGNET_EMU_REGION");
        return t;
    }

    QString sign(const LaunchTarget &t) const
    {
        aws::Credentials credentials;
        credentials.accessKeyId = env("SIGNET_EMU_ACCESS_KEY_ID");
        credentials.secretAccessKey = SecretString::fromUtf8(env("SIGNET_EMU_SECRET_ACCESS_KEY"));
        const auto token = token::AuthToken::generate(t.host, t.port, t.region, t.user, credentials,
                                                      QDateTime::currentDateTimeUtc());
        return token ? token->text() : QString();
    }

    // The verifier's line for this token (matched by its SHA-256 prefix).
    QJsonObject logLineFor(const QString &token) const
    {
        const QByteArray digest =
            QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
        QFile log(env("SIGNET_EMU_LOG"));
        if (!log.open(QIODevice::ReadOnly))
            return {};
        QJsonObject found;
        for (const QByteArray &line : log.readAll().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.value(QStringLiteral("token_sha256")).toString().toLatin1() == digest)
                found = object;
        }
        return found;
    }

    void verifyAllowedOverTls(const QString &token, const QString &engine) const
    {
        const QJsonObject line = logLineFor(token);
        QVERIFY2(!line.isEmpty(), "the emulator logged no decision for this token");
        QCOMPARE(line.value(QStringLiteral("engine")).toString(), engine);
        QCOMPARE(line.value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        QCOMPARE(line.value(QStringLiteral("tls")).toBool(false), true);
    }

    // Several logins in one JVM (tests/support/JdbcChecks.java): label, URL, user, token each.
    struct JdbcCheck
    {
        QString label;
        QString url;
        QString user;
        QString token;
    };
    QMap<QString, QString> runJava(const QList<JdbcCheck> &checks) const
    {
        QProcess java;
        java.start(QStringLiteral("java"),
                   {QStringLiteral("-cp"),
                    QStringLiteral("/usr/share/java/mariadb-java-client.jar:/usr/share/java/postgresql.jar"),
                    env("SIGNET_JDBC_CHECKS_SOURCE")});
        for (const JdbcCheck &check : checks)
            java.write(QStringList{check.label, check.url, QStringLiteral("SELECT current_user"),
                                   QStringLiteral("user=") + check.user,
                                   QStringLiteral("password=") + check.token}
                           .join(u'\t')
                           .toUtf8() +
                       '\n');
        java.closeWriteChannel();
        QMap<QString, QString> results;
        if (!java.waitForFinished(120000))
            return results;
        for (const QString &line : QString::fromUtf8(java.readAllStandardOutput()).split(u'\n'))
            results.insert(line.section(u' ', 1, 1), line);
        results.insert(QStringLiteral("stderr"), QString::fromUtf8(java.readAllStandardError()));
        return results;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *name :
             {"SIGNET_EMU_HOST", "SIGNET_EMU_MYSQL_PORT", "SIGNET_EMU_PG_PORT", "SIGNET_EMU_CA",
              "SIGNET_EMU_REGION", "SIGNET_EMU_ACCESS_KEY_ID", "SIGNET_EMU_SECRET_ACCESS_KEY",
              "SIGNET_EMU_MYSQL_USER", "SIGNET_EMU_PG_USER", "SIGNET_EMU_DATABASE", "SIGNET_EMU_LOG",
              "SIGNET_JDBC_CHECKS_SOURCE"}) {
            if (env(name).isEmpty())
                QFAIL(qPrintable(
                    QStringLiteral(
                        "%1 is not set: start the emulator and load its environment "
                        "(tests/emulator/emulator start && eval \"$(tests/emulator/emulator env)\")")
                        .arg(QString::fromLatin1(name))));
        }
        QVERIFY(m_dir.isValid());
    }

    void mariadbCommandLogsInOverTls()
    {
        const LaunchTarget t = target(Engine::MariaDb);
        const QString token = sign(t);
        QVERIFY(!token.isEmpty());
        BuildOptions options;
        options.tempDirectory = m_dir.path();
        const auto command = buildCommand(Client::MariaDb, t, token, options);
        QVERIFY2(command.ok(), qPrintable(command.ok() ? QString() : command.error().toString()));
        QVERIFY(!command->secretInArguments());
        QProcess client;
        client.setProcessEnvironment(command->processEnvironment());
        client.start(command->program,
                     command->arguments + QStringList{QStringLiteral("--batch"),
                                                      QStringLiteral("--skip-column-names"),
                                                      QStringLiteral("--execute=SELECT CURRENT_USER()")});
        QVERIFY(client.waitForFinished(30000));
        const QString out = QString::fromUtf8(client.readAllStandardOutput() + client.readAllStandardError());
        QVERIFY2(client.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.startsWith(t.user + u'@'), qPrintable(out));
        verifyAllowedOverTls(token, QStringLiteral("mysql"));
    }

    void psqlCommandLogsInOverTls()
    {
        const LaunchTarget t = target(Engine::Postgres);
        const QString token = sign(t);
        const auto command = buildCommand(Client::Psql, t, token, {});
        QVERIFY(command.ok());
        QVERIFY(!command->secretInArguments());
        QProcess client;
        client.setProcessEnvironment(command->processEnvironment());
        client.start(command->program,
                     command->arguments + QStringList{QStringLiteral("-XAtq"), QStringLiteral("-c"),
                                                      QStringLiteral("SELECT current_user")});
        QVERIFY(client.waitForFinished(30000));
        const QString out = QString::fromUtf8(client.readAllStandardOutput() + client.readAllStandardError());
        QVERIFY2(client.exitCode() == 0, qPrintable(out));
        QCOMPARE(out.trimmed(), t.user);
        verifyAllowedOverTls(token, QStringLiteral("pg"));
    }

    // The commands verify the certificate, not only encrypt: with a CA that did not sign the
    // server's certificate each client refuses, and the token never reaches the server.
    void generatedCommandsRefuseAnotherCa_data()
    {
        QTest::addColumn<int>("client");
        QTest::newRow("mariadb") << int(Client::MariaDb);
        QTest::newRow("psql") << int(Client::Psql);
    }

    void generatedCommandsRefuseAnotherCa()
    {
        QFETCH(int, client);
        const QString otherCa = m_dir.filePath(QStringLiteral("other-ca.pem"));
        if (!QFile::exists(otherCa)) {
            QProcess openssl;
            openssl.start(QStringLiteral("openssl"),
                          {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                           QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                           m_dir.filePath(QStringLiteral("other-ca.key")), QStringLiteral("-out"), otherCa,
                           QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                           QStringLiteral("/CN=Not the emulator's CA")});
            QVERIFY(openssl.waitForFinished(30000));
            QCOMPARE(openssl.exitCode(), 0);
        }
        LaunchTarget t = target(Client(client) == Client::Psql ? Engine::Postgres : Engine::MariaDb);
        t.caFile = otherCa;
        QTest::qWait(1100); // a token of its own second: no other test signed this one
        const QString token = sign(t);
        BuildOptions options;
        options.tempDirectory = m_dir.path();
        const auto command = buildCommand(Client(client), t, token, options);
        QVERIFY(command.ok());
        QProcess process;
        process.setProcessEnvironment(command->processEnvironment());
        const QStringList query =
            Client(client) == Client::Psql
                ? QStringList{QStringLiteral("-XAtq"), QStringLiteral("-c"), QStringLiteral("SELECT 1")}
                : QStringList{QStringLiteral("--batch"), QStringLiteral("--execute=SELECT 1")};
        process.start(command->program, command->arguments + query);
        QVERIFY(process.waitForFinished(30000));
        const QString out =
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() != 0, qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("certificate"), Qt::CaseInsensitive) ||
                     out.contains(QLatin1String("SSL"), Qt::CaseInsensitive) ||
                     out.contains(QLatin1String("TLS"), Qt::CaseInsensitive),
                 qPrintable(out));
        QTest::qWait(300);
        QVERIFY2(logLineFor(token).isEmpty(), "the token reached the server despite the wrong CA");
    }

    void psqlViaAddressKeepsVerifyFull()
    {
        LaunchTarget t = target(Engine::Postgres);
        t.viaHost = QStringLiteral("127.0.0.1");
        t.viaPort = t.port;
        const QString token = sign(t);
        const auto command = buildCommand(Client::Psql, t, token, {});
        QVERIFY(command.ok());
        QVERIFY(command->arguments.first().contains(QStringLiteral("hostaddr=127.0.0.1")));
        QProcess client;
        client.setProcessEnvironment(command->processEnvironment());
        client.start(command->program,
                     command->arguments + QStringList{QStringLiteral("-XAtq"), QStringLiteral("-c"),
                                                      QStringLiteral("SELECT 1")});
        QVERIFY(client.waitForFinished(30000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        verifyAllowedOverTls(token, QStringLiteral("pg"));
    }

    // `signet launch` end to end: signs with the environment's keys, runs the client attached
    // (SQL on stdin) and leaves no private file behind in its TMPDIR.
    void signetLaunchRunsTheClientAndCleansUp_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("engine");
        QTest::newRow("mariadb") << QStringLiteral("mariadb") << QStringLiteral("mariadb");
        QTest::newRow("psql") << QStringLiteral("psql") << QStringLiteral("postgres");
    }
    void signetLaunchRunsTheClientAndCleansUp()
    {
        QFETCH(QString, client);
        QFETCH(QString, engine);
        const LaunchTarget t = target(*engineFromName(engine));
        QTemporaryDir tmp;
        QProcess signet;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), env("SIGNET_EMU_ACCESS_KEY_ID"));
        e.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), env("SIGNET_EMU_SECRET_ACCESS_KEY"));
        e.remove(QStringLiteral("AWS_SESSION_TOKEN"));
        e.remove(QStringLiteral("AWS_PROFILE"));
        e.insert(QStringLiteral("TMPDIR"), tmp.path());
        signet.setProcessEnvironment(e);
        signet.start(env("SIGNET_BIN"),
                     {QStringLiteral("launch"), QStringLiteral("--client"), client,
                      QStringLiteral("--engine"), engine, QStringLiteral("--host"), t.host,
                      QStringLiteral("--port"), QString::number(t.port), QStringLiteral("--region"), t.region,
                      QStringLiteral("--user"), t.user, QStringLiteral("--database"), t.database,
                      QStringLiteral("--ca"), t.caFile});
        QVERIFY(signet.waitForStarted(10000));
        signet.write("SELECT 'launched-' || 'ok';\n");
        signet.closeWriteChannel();
        QVERIFY(signet.waitForFinished(60000));
        const QString out = QString::fromUtf8(signet.readAllStandardOutput() + signet.readAllStandardError());
        QVERIFY2(signet.exitCode() == 0, qPrintable(out));
        // MariaDB's default sql_mode reads || as OR, so accept either result; the login is the point.
        QVERIFY2(out.contains(QStringLiteral("launched-ok")) ||
                     out.contains(QStringLiteral("'launched-' || 'ok'")),
                 qPrintable(out));
        QVERIFY2(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).isEmpty(),
                 "a private file was left behind");
    }

    // The text `--print --show-token` gives, pasted into bash, logs in.
    void printedBashCommandLogsIn()
    {
        const LaunchTarget t = target(Engine::MariaDb);
        const QString token = sign(t);
        BuildOptions options;
        options.delivery = TokenDelivery::Inline;
        const auto command = buildCommand(Client::MariaDb, t, token, options);
        QVERIFY(command.ok());
        QVERIFY(command->files.empty());
        const auto text = commandText(*command, Shell::Bash, true);
        QVERIFY(text.ok());
        QProcess bash;
        bash.start(QStringLiteral("bash"),
                   {QStringLiteral("-c"), *text + QStringLiteral(" --batch -e 'SELECT 1'")});
        QVERIFY(bash.waitForFinished(30000));
        QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
        verifyAllowedOverTls(token, QStringLiteral("mysql"));
    }

    // The JDBC URLs log in with MariaDB Connector/J and pgjdbc, and the PKCS12 store made for MySQL
    // Connector/J verifies the real server in Java (MariaDB Connector/J 2.x takes a trust store too).
    void jdbcUrlsLogInOverTls()
    {
        const LaunchTarget mariadb = target(Engine::MariaDb);
        const LaunchTarget postgres = target(Engine::Postgres);
        const auto mariadbUrl = jdbcUrl(mariadb, {});
        const auto postgresUrl = jdbcUrl(postgres, {});
        QVERIFY(mariadbUrl.ok() && postgresUrl.ok());
        const auto store = TrustStore::ensureFor(mariadb.caFile, m_dir.path());
        QVERIFY(store.ok());
        const QString storeUrl =
            QStringLiteral("jdbc:mariadb://%1:%2/%3?useSsl=true&trustStore=file:%4&trustStoreType=PKCS12"
                           "&trustStorePassword=%5")
                .arg(mariadb.host)
                .arg(mariadb.port)
                .arg(mariadb.database, *store, TrustStore::password());
        // Tokens of their own: each check's login is found in the log by its token.
        const QString mariadbToken = sign(mariadb);
        const QString postgresToken = sign(postgres);
        QTest::qWait(1100);
        const QString storeToken = sign(mariadb);
        QVERIFY(mariadbToken != storeToken);
        const auto results =
            runJava({{QStringLiteral("mariadb"), *mariadbUrl, mariadb.user, mariadbToken},
                     {QStringLiteral("postgres"), *postgresUrl, postgres.user, postgresToken},
                     {QStringLiteral("pkcs12"), storeUrl, mariadb.user, storeToken}});
        const QString all = QStringList(results.values()).join(u'\n');
        QCOMPARE(results.value(QStringLiteral("mariadb")),
                 QStringLiteral("OK mariadb ") + mariadb.user + QStringLiteral("@%"));
        QCOMPARE(results.value(QStringLiteral("postgres")), QStringLiteral("OK postgres ") + postgres.user);
        QVERIFY2(
            results.value(QStringLiteral("pkcs12")).startsWith(QStringLiteral("OK pkcs12 ") + mariadb.user),
            qPrintable(all));
        verifyAllowedOverTls(mariadbToken, QStringLiteral("mysql"));
        verifyAllowedOverTls(postgresToken, QStringLiteral("pg"));
        verifyAllowedOverTls(storeToken, QStringLiteral("mysql"));
    }
};

QTEST_GUILESS_MAIN(TestLaunchEmulator)
#include "tst_launch_emulator.moc"
