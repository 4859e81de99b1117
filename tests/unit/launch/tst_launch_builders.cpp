// SPDX-License-Identifier: GPL-3.0-or-later
// Client command builders: arguments, where the token goes, private files, DBeaver's -con rules,
// the PKCS12 trust store.
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"
#include "launch/TrustStore.h"
#include "token/TokenRequest.h"

#include <QDateTime>

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::launch;

namespace {

const QString kToken = QStringLiteral(
    "db.example.eu-west-1.rds.amazonaws.com:5432/"
    "?Action=connect&DBUser=iam_user&X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Feu-west-1%2Frds-db%2Faws4_request&X-Amz-Signature=abc123");

// DBeaver's documented -con rule: split on |, each part at its first =, no escaping.
QMap<QString, QString> parseDbeaverSpec(const QString &spec)
{
    QMap<QString, QString> map;
    for (const QString &part : spec.split(u'|')) {
        const qsizetype eq = part.indexOf(u'=');
        map.insert(part.left(eq), part.mid(eq + 1));
    }
    return map;
}

bool isPrivate(const QString &path)
{
    const auto perms = QFileInfo(path).permissions();
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                        QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return (perms & others) == 0 && (perms & QFileDevice::ReadOwner);
}

} // namespace

class TestLaunchBuilders : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ca;

    LaunchTarget target(Engine engine) const
    {
        LaunchTarget t;
        t.engine = engine;
        t.host = QStringLiteral("db.example.eu-west-1.rds.amazonaws.com");
        t.port = engine == Engine::Postgres ? 5432 : 3306;
        t.user = QStringLiteral("iam_user");
        t.database = QStringLiteral("orders");
        t.caFile = m_ca;
        t.region = QStringLiteral("eu-west-1");
        t.profileName = QStringLiteral("orders-prod");
        return t;
    }
    BuildOptions options() const
    {
        BuildOptions o;
        o.tempDirectory = m_dir.path();
        o.trustStoreDirectory = m_dir.filePath(QStringLiteral("stores"));
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ca = m_dir.filePath(QStringLiteral("ca bundle.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=Signet Test CA"), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-keyout"), m_dir.filePath(QStringLiteral("ca.key")),
                       QStringLiteral("-out"), m_ca});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
    }

    void mariadbTokenGoesToAPrivateOptionFile()
    {
        QString path;
        {
            const auto command = buildCommand(Client::MariaDb, target(Engine::MariaDb), kToken, options());
            QVERIFY2(command.ok(), qPrintable(command.ok() ? QString() : command.error().toString()));
            QCOMPARE(command->program, QStringLiteral("mariadb"));
            QVERIFY(command->arguments.first().startsWith(QStringLiteral("--defaults-extra-file=")));
            path = command->arguments.first().section(u'=', 1);
            QVERIFY(QFile::exists(path));
            QVERIFY(isPrivate(path));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), QByteArray("[client]\npassword=\"") + kToken.toUtf8() + "\"\n");
            QVERIFY(!command->secretInArguments());
            QVERIFY(command->environment.isEmpty());
            for (const QString &expected :
                 QStringList{QStringLiteral("--protocol=TCP"), QStringLiteral("--ssl"),
                             QStringLiteral("--ssl-verify-server-cert"), QStringLiteral("--ssl-ca=") + m_ca,
                             QStringLiteral("--port=3306"), QStringLiteral("--user=iam_user"),
                             QStringLiteral("--database=orders")})
                QVERIFY2(command->arguments.contains(expected), qPrintable(expected));
            QVERIFY(!command->arguments.contains(QStringLiteral("--enable-cleartext-plugin")));
        }
        QVERIFY2(!QFile::exists(path), "the option file outlived the command");
    }

    void mysqlUsesVerifyIdentityAndCleartext()
    {
        const auto command = buildCommand(Client::MySql, target(Engine::MySql), kToken, options());
        QVERIFY(command.ok());
        QVERIFY(command->arguments.contains(QStringLiteral("--ssl-mode=VERIFY_IDENTITY")));
        QVERIFY(command->arguments.contains(QStringLiteral("--enable-cleartext-plugin")));
        QVERIFY(!command->secretInArguments());
        QCOMPARE(command->files.size(), size_t(1));
    }

    void inlineDeliveryUsesTheEnvironmentAndNoFile()
    {
        BuildOptions o = options();
        o.delivery = TokenDelivery::Inline;
        const auto command = buildCommand(Client::MySql, target(Engine::MySql), kToken, o);
        QVERIFY(command.ok());
        QVERIFY(command->files.empty());
        QCOMPARE(command->environment.size(), 1);
        QCOMPARE(command->environment.first().name, QStringLiteral("MYSQL_PWD"));
        QVERIFY(command->environment.first().secret);
        QVERIFY(!command->secretInArguments());
    }

    void psqlConninfoAndPgpassword()
    {
        const auto command = buildCommand(Client::Psql, target(Engine::Postgres), kToken, options());
        QVERIFY(command.ok());
        QCOMPARE(
            command->arguments,
            QStringList{QStringLiteral("host=db.example.eu-west-1.rds.amazonaws.com port=5432 dbname=orders "
                                       "user=iam_user sslmode=verify-full sslrootcert='") +
                        m_ca + u'\''});
        QCOMPARE(command->environment.first().name, QStringLiteral("PGPASSWORD"));
        QCOMPARE(command->environment.first().value, kToken);
        QVERIFY(!command->secretInArguments());

        LaunchTarget via = target(Engine::Postgres);
        via.viaHost = QStringLiteral("localhost");
        via.viaPort = 15432;
        const auto tunnelled = buildCommand(Client::Psql, via, kToken, options());
        QVERIFY(tunnelled->arguments.first().startsWith(
            QStringLiteral("host=db.example.eu-west-1.rds.amazonaws.com hostaddr=127.0.0.1 port=15432 ")));
        QVERIFY(tunnelled->arguments.first().contains(QStringLiteral("sslmode=verify-full")));
        via.viaHost = QStringLiteral("bastion.example");
        QCOMPARE(buildCommand(Client::Psql, via, kToken, options()).error().code,
                 QStringLiteral("launch.via-not-address"));
    }

    // A verify-ca profile: every client checks the chain against the bundle, none checks the name.
    void verifyCaProfileLowersEveryClientToChainOnly()
    {
        LaunchTarget mysql = target(Engine::MySql);
        mysql.verifyHostName = false;
        const auto oracle = buildCommand(Client::MySql, mysql, kToken, options());
        QVERIFY(oracle.ok());
        QVERIFY(oracle->arguments.contains(QStringLiteral("--ssl-mode=VERIFY_CA")));
        QVERIFY(oracle->arguments.contains(QStringLiteral("--ssl-ca=") + m_ca));
        QVERIFY(oracle->notice.contains(QStringLiteral("verify-ca")));

        LaunchTarget mariadb = target(Engine::MariaDb);
        mariadb.verifyHostName = false;
        const auto maria = buildCommand(Client::MariaDb, mariadb, kToken, options());
        QVERIFY(maria.ok());
        QVERIFY(!maria->arguments.contains(QStringLiteral("--ssl-verify-server-cert")));
        QVERIFY(maria->arguments.contains(QStringLiteral("--ssl-ca=") + m_ca));

        LaunchTarget pg = target(Engine::Postgres);
        pg.verifyHostName = false;
        const auto psql = buildCommand(Client::Psql, pg, kToken, options());
        QVERIFY(psql.ok());
        QVERIFY(psql->arguments.first().contains(QStringLiteral("sslmode=verify-ca sslrootcert=")));
        QVERIFY(libpqUri(pg)->contains(QStringLiteral("sslmode=verify-ca&sslrootcert=")));
        QVERIFY(jdbcUrl(pg, options())->contains(QStringLiteral("sslmode=verify-ca")));
        QVERIFY(jdbcUrl(mysql, options())->contains(QStringLiteral("VERIFY_CA")));
        // The default stays verify-full.
        QVERIFY(libpqUri(target(Engine::Postgres))->contains(QStringLiteral("sslmode=verify-full&")));
    }

    void dbeaverSpecParsesBack()
    {
        const auto command = buildCommand(Client::Dbeaver, target(Engine::Postgres), kToken, options());
        QVERIFY(command.ok());
        QCOMPARE(command->arguments.size(), 2);
        QCOMPARE(command->arguments.first(), QStringLiteral("-con"));
        const auto map = parseDbeaverSpec(command->arguments.at(1));
        QCOMPARE(map.value(QStringLiteral("driver")), QStringLiteral("postgres-jdbc"));
        QCOMPARE(map.value(QStringLiteral("host")), QStringLiteral("db.example.eu-west-1.rds.amazonaws.com"));
        QCOMPARE(map.value(QStringLiteral("port")), QStringLiteral("5432"));
        QCOMPARE(map.value(QStringLiteral("database")), QStringLiteral("orders"));
        QCOMPARE(map.value(QStringLiteral("user")), QStringLiteral("iam_user"));
        QCOMPARE(map.value(QStringLiteral("password")), kToken); // = and & inside survive the first-= split
        QCOMPARE(map.value(QStringLiteral("name")), QStringLiteral("orders-prod"));
        QCOMPARE(map.value(QStringLiteral("connect")), QStringLiteral("true"));
        QCOMPARE(map.value(QStringLiteral("save")), QStringLiteral("false"));
        QCOMPARE(map.value(QStringLiteral("prop.sslmode")), QStringLiteral("verify-full"));
        QCOMPARE(map.value(QStringLiteral("prop.sslrootcert")), m_ca);
        QCOMPARE(map.size(), 11);
    }

    void dbeaverMySqlGetsAPkcs12TrustStore()
    {
        const auto spec = dbeaverConnectionSpec(target(Engine::MySql), kToken, options());
        QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().toString()));
        const auto map = parseDbeaverSpec(*spec);
        QCOMPARE(map.value(QStringLiteral("driver")), QStringLiteral("mysql8"));
        QCOMPARE(map.value(QStringLiteral("prop.sslMode")), QStringLiteral("VERIFY_IDENTITY"));
        QCOMPARE(map.value(QStringLiteral("prop.trustCertificateKeyStoreType")), QStringLiteral("PKCS12"));
        const QString store =
            QUrl(map.value(QStringLiteral("prop.trustCertificateKeyStoreUrl"))).toLocalFile();
        QVERIFY(QFile::exists(store));
        // Java's own tool lists the certificate as a trusted entry (not a key entry).
        const QString keytool = QStandardPaths::findExecutable(QStringLiteral("keytool"));
        QVERIFY2(!keytool.isEmpty(), "keytool (a JDK) is needed; scripts/lib.sh installs it");
        QProcess list;
        list.start(keytool, {QStringLiteral("-list"), QStringLiteral("-storetype"), QStringLiteral("PKCS12"),
                             QStringLiteral("-keystore"), store, QStringLiteral("-storepass"),
                             TrustStore::password()});
        QVERIFY(list.waitForFinished(60000));
        const QString out = QString::fromUtf8(list.readAllStandardOutput());
        QVERIFY2(list.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("trustedCertEntry")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("1 entry")), qPrintable(out));

        QCOMPARE(parseDbeaverSpec(*dbeaverConnectionSpec(target(Engine::MariaDb), kToken, options()))
                     .value(QStringLiteral("driver")),
                 QStringLiteral("mariaDB"));
    }

    void dbeaverRejectsAPipeInAnyValue()
    {
        LaunchTarget t = target(Engine::Postgres);
        t.profileName = QStringLiteral("prod|connect=false");
        const auto command = buildCommand(Client::Dbeaver, t, kToken, options());
        QVERIFY(!command.ok());
        QCOMPARE(command.error().code, QStringLiteral("launch.dbeaver-pipe"));
        QVERIFY(!command.error().toString().contains(kToken));
        t = target(Engine::Postgres);
        QCOMPARE(buildCommand(Client::Dbeaver, t, QStringLiteral("tok|en"), options()).error().code,
                 QStringLiteral("launch.dbeaver-pipe"));
    }

    void workbenchGetsTheTokenOnTheClipboardOnly()
    {
        const auto command = buildCommand(Client::MySqlWorkbench, target(Engine::MySql), kToken, options());
        QVERIFY(command.ok());
        QCOMPARE(command->arguments,
                 (QStringList{QStringLiteral("--query"),
                              QStringLiteral("iam_user@db.example.eu-west-1.rds.amazonaws.com:3306")}));
        QCOMPARE(command->clipboardSecret, kToken);
        QVERIFY(command->notice.contains(QStringLiteral("Cleartext")));
        QVERIFY(!command->secretInArguments());
        QVERIFY(!buildCommand(Client::MySqlWorkbench, target(Engine::Postgres), kToken, options()).ok());
    }

    void workbenchThroughTheLocalProxyNeedsNoPassword()
    {
        LaunchTarget local = target(Engine::MySql);
        local.host = QStringLiteral("127.0.0.1");
        local.port = 3307;
        local.caFile.clear();
        const auto command = buildWorkbenchProxyCommand(local, options());
        QVERIFY(command.ok());
        QCOMPARE(command->arguments,
                 (QStringList{QStringLiteral("--query"), QStringLiteral("iam_user@127.0.0.1:3307")}));
        QVERIFY(command->clipboardSecret.isEmpty());
        QVERIFY(command->secrets.isEmpty());
        QVERIFY(command->notice.contains(QStringLiteral("127.0.0.1:3307")));
        QVERIFY(command->notice.contains(QStringLiteral("no password")));
        local.user.clear();
        QCOMPARE(buildWorkbenchProxyCommand(local, options()).error().code,
                 QStringLiteral("launch.bad-user"));
    }

    void sqlWorkbenchJReadsAPrivateArgumentsFile()
    {
        QString path;
        {
            BuildOptions o = options();
            o.program = QStringLiteral("/opt/sqlworkbench/sqlworkbench.jar");
            o.jdbcDriverJar = QStringLiteral("/usr/share/java/postgresql.jar");
            const auto command = buildCommand(Client::SqlWorkbenchJ, target(Engine::Postgres), kToken, o);
            QVERIFY(command.ok());
            QCOMPARE(command->program, QStringLiteral("java"));
            QCOMPARE(command->arguments.mid(0, 2), (QStringList{QStringLiteral("-jar"), o.program}));
            QVERIFY(command->arguments.at(2).startsWith(QStringLiteral("-arguments=")));
            QVERIFY(!command->secretInArguments());
            path = command->arguments.at(2).section(u'=', 1);
            QVERIFY(isPrivate(path));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
            QCOMPARE(lines.size(), 5);
            QCOMPARE(lines.at(0),
                     QStringLiteral("-url=jdbc:postgresql://db.example.eu-west-1.rds.amazonaws.com:5432/"
                                    "orders?sslmode=verify-full&sslrootcert=") +
                         QString::fromLatin1(QUrl::toPercentEncoding(m_ca, "/:\\._-~+")));
            QCOMPARE(lines.at(2), QStringLiteral("-password=") + kToken);
            QCOMPARE(lines.at(3), QStringLiteral("-driver=org.postgresql.Driver"));
        }
        QVERIFY(!QFile::exists(path));
    }

    void missingCaAndWrongEngineAreErrors()
    {
        LaunchTarget t = target(Engine::Postgres);
        t.caFile.clear();
        QCOMPARE(buildCommand(Client::Psql, t, kToken, options()).error().code,
                 QStringLiteral("launch.no-ca"));
        QCOMPARE(buildCommand(Client::Psql, target(Engine::MySql), kToken, options()).error().code,
                 QStringLiteral("launch.wrong-engine"));
        QCOMPARE(buildCommand(Client::MariaDb, target(Engine::Postgres), kToken, options()).error().code,
                 QStringLiteral("launch.wrong-engine"));
        t = target(Engine::Postgres);
        t.user = QStringLiteral("a\nb");
        QCOMPARE(buildCommand(Client::Psql, t, kToken, options()).error().code,
                 QStringLiteral("launch.bad-text"));
    }

    void connectionStrings()
    {
        QCOMPARE(
            *libpqUri(target(Engine::Postgres)),
            QStringLiteral("postgresql://iam_user@db.example.eu-west-1.rds.amazonaws.com:5432/orders?sslmode="
                           "verify-full&sslrootcert=") +
                QString::fromLatin1(QUrl::toPercentEncoding(m_ca, "/:\\._-~+")));
        QVERIFY(jdbcUrl(target(Engine::MariaDb), options())
                    ->startsWith(QStringLiteral("jdbc:mariadb://db.example.eu-west-1.rds.amazonaws.com:3306/"
                                                "orders?useSsl=true&sslMode=verify-full")));
        // MariaDB Connector/J decodes nothing: the CA path as it is (it has a space here), and a
        // path it would split at "&" is refused.
        QVERIFY(
            jdbcUrl(target(Engine::MariaDb), options())->endsWith(QStringLiteral("&serverSslCert=") + m_ca));
        LaunchTarget split = target(Engine::MariaDb);
        split.caFile = QStringLiteral("/tmp/a&b/ca.pem");
        QCOMPARE(jdbcUrl(split, options()).error().code, QStringLiteral("launch.mariadb-url"));
        // pgjdbc decodes with URLDecoder, which reads "+" as a space.
        LaunchTarget plus = target(Engine::Postgres);
        plus.caFile = QStringLiteral("/tmp/c++/ca.pem");
        QVERIFY(jdbcUrl(plus, options())->endsWith(QStringLiteral("sslrootcert=/tmp/c%2B%2B/ca.pem")));
        QVERIFY(jdbcUrl(target(Engine::MySql), options())
                    ->contains(QStringLiteral("trustCertificateKeyStoreType=PKCS12")));
        const auto env = environmentFor(target(Engine::Postgres), kToken);
        QCOMPARE(env->last().name, QStringLiteral("PGPASSWORD"));
        QVERIFY(env->last().secret);
        LaunchTarget t = target(Engine::Postgres);
        t.awsProfile = QStringLiteral("prod");
        QCOMPARE(
            passwordCommand(t, options()).arguments,
            (QStringList{QStringLiteral("token"), QStringLiteral("--host"), t.host, QStringLiteral("--port"),
                         QStringLiteral("5432"), QStringLiteral("--user"), QStringLiteral("iam_user"),
                         QStringLiteral("--region"), QStringLiteral("eu-west-1"),
                         QStringLiteral("--aws-profile"), QStringLiteral("prod")}));
        // A saved profile: its name, so the token is signed with the profile's own credentials.
        t.savedProfile = true;
        QCOMPARE(passwordCommand(t, options()).arguments,
                 (QStringList{QStringLiteral("token"), QStringLiteral("orders-prod")}));
    }

    // A DSQL cluster through the PostgreSQL builders: the engine's own defaults, and a token whose
    // lifetime is not RDS's 15 minutes.
    void dsqlTargets()
    {
        LaunchTarget t = target(Engine::AuroraDsql);
        t.host = QStringLiteral("abcdefghijklmnopqrstuvwxyz.dsql.eu-west-1.on.aws");
        t.port = defaultPort(Engine::AuroraDsql);
        t.user = defaultUser(Engine::AuroraDsql);
        t.database = defaultDatabase(Engine::AuroraDsql);
        QCOMPARE(*jdbcUrl(t, options()),
                 QStringLiteral("jdbc:postgresql://%1:5432/postgres?sslmode=verify-full&sslrootcert=")
                         .arg(t.host) +
                     QString::fromLatin1(QUrl::toPercentEncoding(m_ca, "/:\\._-~+")));
        QCOMPARE(jdbcDriverClass(t.engine), QStringLiteral("org.postgresql.Driver"));
        // The password command names the token's service (a DSQL host alone would imply it too).
        const QStringList line = passwordCommand(t, options()).arguments;
        QCOMPARE(line.mid(line.indexOf(QStringLiteral("--engine")), 2),
                 (QStringList{QStringLiteral("--engine"), QStringLiteral("aurora-dsql")}));
        QCOMPARE(line.mid(line.indexOf(QStringLiteral("--user")), 2),
                 (QStringList{QStringLiteral("--user"), QStringLiteral("admin")}));
        // DBeaver's notice gives the token's real lifetime: an hour here, 15 minutes for RDS.
        aws::Credentials credentials;
        credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
        credentials.secretAccessKey =
            SecretString::fromUtf8(QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        const auto signedToken = token::TokenRequest{t.engine, t.host, t.port, t.region, t.user, 3600}.sign(
            credentials, QDateTime::currentDateTimeUtc());
        QVERIFY(signedToken.ok());
        const QString dsqlToken = signedToken->text();
        const auto dbeaver = buildCommand(Client::Dbeaver, t, dsqlToken, options());
        QVERIFY2(dbeaver.ok(), qPrintable(dbeaver.ok() ? QString() : dbeaver.error().toString()));
        const auto spec = parseDbeaverSpec(dbeaver->arguments.at(1));
        QCOMPARE(spec.value(QStringLiteral("driver")), QStringLiteral("postgres-jdbc"));
        QCOMPARE(spec.value(QStringLiteral("database")), QStringLiteral("postgres"));
        QCOMPARE(spec.value(QStringLiteral("user")), QStringLiteral("admin"));
        QCOMPARE(spec.value(QStringLiteral("prop.sslmode")), QStringLiteral("verify-full"));
        QVERIFY2(dbeaver->notice.endsWith(QStringLiteral("at most 1 h.")), qPrintable(dbeaver->notice));
        const auto rds = buildCommand(Client::Dbeaver, target(Engine::Postgres), kToken, options());
        QVERIFY2(rds->notice.endsWith(QStringLiteral("at most 15 min.")), qPrintable(rds->notice));
    }
};

QTEST_GUILESS_MAIN(TestLaunchBuilders)
#include "tst_launch_builders.moc"
