// SPDX-License-Identifier: GPL-3.0-or-later
// The check against the emulator's real MariaDB and PostgreSQL: every step, the DbSession login
// included, passes with the emulator's CA; a disallowed identity fails at the login with the
// explainer's checklist; the global RDS bundle and a wrong endpoint name fail at the certificate;
// `signet check` (endpoint options and PROFILE) and `signet ca verify` behave the same from the CLI.
#include "ProbeRunner.h"
#include "TestHttpServer.h"
#include "db/DbLoginStep.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::probe;
using signet::test::HttpAnswer;
using signet::test::HttpRequest;
using signet::test::TestHttpServer;

class TestProbeEmulator final : public QObject
{
    Q_OBJECT

private:
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QTemporaryDir m_dir;
    TestHttpServer m_sts;

    QString emu(const char *name) const { return m_env.value(QString::fromLatin1(name)); }

    ProbeTarget target(Engine engine) const
    {
        ProbeTarget target;
        target.engine = engine;
        target.host = emu("SIGNET_EMU_HOST");
        target.port = quint16(
            (engine == Engine::MySql ? emu("SIGNET_EMU_MYSQL_PORT") : emu("SIGNET_EMU_PG_PORT")).toUInt());
        target.caBundle = emu("SIGNET_EMU_CA");
        target.region = emu("SIGNET_EMU_REGION");
        target.user = engine == Engine::MySql ? emu("SIGNET_EMU_MYSQL_USER") : emu("SIGNET_EMU_PG_USER");
        target.database = emu("SIGNET_EMU_DATABASE");
        return target;
    }

    QProcessEnvironment awsEnvironment(const char *keyId = "SIGNET_EMU_ACCESS_KEY_ID",
                                       const char *secret = "SIGNET_EMU_SECRET_ACCESS_KEY") const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), emu(keyId));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), emu(secret));
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_dir.path() + QStringLiteral("/none"));
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_dir.path() + QStringLiteral("/none"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sts.baseUrl());
        return env;
    }

    ProbeOptions options() const
    {
        ProbeOptions options;
        options.environment = awsEnvironment();
        options.caStoreDirectory = m_dir.path() + QStringLiteral("/ca");
        return options;
    }

    // A stand-in for DbSession: `signet token`, then the real mariadb/psql client runs SELECT 1
    // with it over verified TLS. Proves the injected login step end to end.
    LoginFunction clientLogin(const QString &accessKey, const QString &secretKey) const
    {
        const QString binary = m_env.value(QStringLiteral("SIGNET_BIN"));
        const QString database = emu("SIGNET_EMU_DATABASE");
        return [binary, database, accessKey, secretKey, path = m_env.value(QStringLiteral("PATH"))](
                   const ProbeTarget &target, std::function<void(Status)> done) {
            QProcessEnvironment env;
            env.insert(QStringLiteral("PATH"), path);
            env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), accessKey);
            env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secretKey);
            env.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
            env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));
            auto *sign = new QProcess;
            sign->setProcessEnvironment(env);
            QObject::connect(sign, &QProcess::finished, sign, [=]() {
                sign->deleteLater();
                const QString token = QString::fromUtf8(sign->readAllStandardOutput()).trimmed();
                if (sign->exitCode() != 0 || token.isEmpty()) {
                    done(makeError(QStringLiteral("login.token"),
                                   QString::fromUtf8(sign->readAllStandardError())));
                    return;
                }
                auto *client = new QProcess;
                QProcessEnvironment clientEnv = env;
                QStringList args;
                QString program;
                if (target.engine == Engine::MySql) {
                    program = QStringLiteral("mariadb");
                    clientEnv.insert(QStringLiteral("MYSQL_PWD"), token);
                    args = {QStringLiteral("--protocol=TCP"),
                            QStringLiteral("-h"),
                            target.host,
                            QStringLiteral("-P"),
                            QString::number(target.port),
                            QStringLiteral("-u"),
                            target.user,
                            QStringLiteral("--ssl"),
                            QStringLiteral("--ssl-ca=") + target.caBundle,
                            QStringLiteral("--ssl-verify-server-cert"),
                            database,
                            QStringLiteral("-e"),
                            QStringLiteral("SELECT 1")};
                } else {
                    program = QStringLiteral("psql");
                    clientEnv.insert(QStringLiteral("PGPASSWORD"), token);
                    args = {
                        QStringLiteral("host=%1 port=%2 user=%3 dbname=%4 sslmode=verify-full sslrootcert=%5")
                            .arg(target.host)
                            .arg(target.port)
                            .arg(target.user, database, target.caBundle),
                        QStringLiteral("-c"), QStringLiteral("SELECT 1")};
                }
                client->setProcessEnvironment(clientEnv);
                QObject::connect(client, &QProcess::finished, client, [client, done]() {
                    client->deleteLater();
                    if (client->exitCode() == 0)
                        done(Unit{});
                    else
                        done(makeError(QStringLiteral("login.failed"),
                                       QString::fromUtf8(client->readAllStandardError()).trimmed()));
                });
                client->start(program, args);
            });
            sign->start(binary,
                        {QStringLiteral("token"), QStringLiteral("--host"), target.host,
                         QStringLiteral("--port"), QString::number(target.port), QStringLiteral("--region"),
                         target.region, QStringLiteral("--user"), target.user});
        };
    }

private slots:
    void initTestCase()
    {
        for (const char *name :
             {"SIGNET_EMU_HOST", "SIGNET_EMU_MYSQL_PORT", "SIGNET_EMU_PG_PORT", "SIGNET_EMU_CA",
              "SIGNET_EMU_REGION", "SIGNET_EMU_ACCESS_KEY_ID", "SIGNET_EMU_SECRET_ACCESS_KEY"}) {
            if (emu(name).isEmpty())
                QFAIL(qPrintable(QStringLiteral("%1 is not set: run `tests/emulator/emulator start && eval "
                                                "\"$(tests/emulator/emulator env)\"` first")
                                     .arg(QString::fromLatin1(name))));
        }
        QVERIFY(m_sts.start() > 0);
        m_sts.setHandler([](const HttpRequest &) {
            return HttpAnswer{TestHttpServer::response(
                403, "<ErrorResponse/>",
                {{"Date", QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1()}})};
        });
    }

    void everyStepUpToLoginPasses_data()
    {
        QTest::addColumn<Engine>("engine");
        QTest::addColumn<QString>("tls");
        QTest::newRow("mysql") << Engine::MySql << QStringLiteral("MySQL negotiated TLSv1.");
        QTest::newRow("postgres") << Engine::Postgres << QStringLiteral("PostgreSQL negotiated TLSv1.");
    }

    void everyStepUpToLoginPasses()
    {
        QFETCH(Engine, engine);
        QFETCH(QString, tls);
        const test::ProbeRun run = test::runProbe(target(engine), options());
        const QStringList passing{QStringLiteral("dns"),         QStringLiteral("tcp"),
                                  QStringLiteral("tls"),         QStringLiteral("certificate"),
                                  QStringLiteral("credentials"), QStringLiteral("clock"),
                                  QStringLiteral("region")};
        for (const QString &id : passing)
            QVERIFY2(run.step(id).passed(), qPrintable(run.report.toText()));
        QVERIFY2(run.step(QStringLiteral("tls")).verdict.startsWith(tls),
                 qPrintable(run.step(QStringLiteral("tls")).verdict));
        if (engine == Engine::MySql)
            QVERIFY(run.step(QStringLiteral("tls")).details.join(u' ').contains(QStringLiteral("MariaDB")));
        QVERIFY(run.step(QStringLiteral("certificate"))
                    .verdict.contains(QStringLiteral("chains to Signet emulator")));
        QCOMPARE(run.step(QStringLiteral("login")).status, StepStatus::Skipped);
        QVERIFY(!run.report.allPassed());
        QVERIFY(run.elapsedMs < 10000);
    }

    void globalBundleRejectsTheEmulatorCertificate_data() { everyStepUpToLoginPasses_data(); }

    void globalBundleRejectsTheEmulatorCertificate()
    {
        QFETCH(Engine, engine);
        ProbeTarget global = target(engine);
        global.caBundle.clear();
        const test::ProbeRun run = test::runProbe(global, options());
        QCOMPARE(run.step(QStringLiteral("tls")).status, StepStatus::Passed);
        const ProbeStep &certificate = run.step(QStringLiteral("certificate"));
        QCOMPARE(certificate.status, StepStatus::Failed);
        QVERIFY(certificate.verdict.contains(QStringLiteral("not signed by a CA in the bundle global")));
        QCOMPARE(run.step(QStringLiteral("credentials")).status, StepStatus::Skipped);
    }

    void wrongEndpointNameThroughVia_data() { everyStepUpToLoginPasses_data(); }

    void wrongEndpointNameThroughVia()
    {
        QFETCH(Engine, engine);
        ProbeTarget other = target(engine);
        other.viaHost = QStringLiteral("127.0.0.1");
        other.viaPort = other.port;
        other.host = QStringLiteral("another.example");
        const test::ProbeRun run = test::runProbe(other, options());
        QCOMPARE(run.step(QStringLiteral("tcp")).status, StepStatus::Passed);
        QVERIFY2(run.step(QStringLiteral("certificate"))
                     .verdict.contains(QStringLiteral("not valid for another.example")),
                 qPrintable(run.report.toText()));
    }

    void injectedLoginWithRealClients_data() { everyStepUpToLoginPasses_data(); }

    void injectedLoginWithRealClients()
    {
        QFETCH(Engine, engine);
        ProbeOptions allowed = options();
        allowed.login = clientLogin(emu("SIGNET_EMU_ACCESS_KEY_ID"), emu("SIGNET_EMU_SECRET_ACCESS_KEY"));
        const test::ProbeRun run = test::runProbe(target(engine), allowed, 30000);
        QVERIFY2(run.report.allPassed(), qPrintable(run.report.toText()));
        QCOMPARE(run.step(QStringLiteral("login")).status, StepStatus::Passed);

        // A key whose policy does not allow the user: the server's terse refusal becomes a checklist.
        ProbeOptions denied = options();
        denied.login =
            clientLogin(emu("SIGNET_EMU_DENIED_ACCESS_KEY_ID"), emu("SIGNET_EMU_DENIED_SECRET_ACCESS_KEY"));
        const test::ProbeRun refused = test::runProbe(target(engine), denied, 30000);
        const ProbeStep &login = refused.step(QStringLiteral("login"));
        QCOMPARE(login.status, StepStatus::Failed);
        QVERIFY2(login.verdict.contains(engine == Engine::MySql
                                            ? QStringLiteral("Access denied")
                                            : QStringLiteral("PAM authentication failed")),
                 qPrintable(login.verdict));
        QVERIFY(login.details.join(u'\n').contains(QStringLiteral("resource ID")));
        QVERIFY(!refused.report.allPassed());
    }

    void sessionLogin_data() { everyStepUpToLoginPasses_data(); }

    // The login step Signet ships: DbSession with a fresh token and SELECT 1.
    void sessionLogin()
    {
        QFETCH(Engine, engine);
        ProbeOptions allowed = options();
        allowed.login = db::DbLoginStep::make(db::DbTokenSigner(aws::CredentialChain(awsEnvironment())),
                                              allowed.caStoreDirectory);
        const test::ProbeRun run = test::runProbe(target(engine), allowed, 30000);
        QVERIFY2(run.report.allPassed(), qPrintable(run.report.toText()));
        QCOMPARE(run.step(QStringLiteral("login")).status, StepStatus::Passed);

        ProbeOptions denied = options();
        denied.login = db::DbLoginStep::make(
            db::DbTokenSigner(aws::CredentialChain(
                awsEnvironment("SIGNET_EMU_DENIED_ACCESS_KEY_ID", "SIGNET_EMU_DENIED_SECRET_ACCESS_KEY"))),
            denied.caStoreDirectory);
        const test::ProbeRun refused = test::runProbe(target(engine), denied, 30000);
        const ProbeStep &login = refused.step(QStringLiteral("login"));
        QCOMPARE(login.status, StepStatus::Failed);
        QVERIFY2(login.verdict.contains(engine == Engine::MySql
                                            ? QStringLiteral("Access denied")
                                            : QStringLiteral("PAM authentication failed")),
                 qPrintable(login.verdict));
        QVERIFY2(login.details.join(u'\n').contains(QStringLiteral("resource ID")),
                 qPrintable(login.details.join(u'\n')));
        QVERIFY(!refused.report.allPassed());
    }

    void commandLine()
    {
        const QString binary = m_env.value(QStringLiteral("SIGNET_BIN"));
        QVERIFY2(!binary.isEmpty(), "SIGNET_BIN is not set");
        QProcessEnvironment env = awsEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.path() + QStringLiteral("/xdg"));
        env.insert(QStringLiteral("PATH"), m_env.value(QStringLiteral("PATH")));
        const ProbeTarget pg = target(Engine::Postgres);
        QProcess check;
        check.setProcessEnvironment(env);
        check.start(binary, {QStringLiteral("check"), QStringLiteral("--engine"), QStringLiteral("postgres"),
                             QStringLiteral("--host"), pg.host, QStringLiteral("--port"),
                             QString::number(pg.port), QStringLiteral("--ca"), pg.caBundle,
                             QStringLiteral("--region"), pg.region, QStringLiteral("--user"), pg.user,
                             QStringLiteral("--database"), pg.database, QStringLiteral("--json")});
        QVERIFY(check.waitForFinished(30000));
        // Every step, the real login included, passes: the only way to exit 0.
        const QJsonObject report = QJsonDocument::fromJson(check.readAllStandardOutput()).object();
        QVERIFY2(check.exitCode() == 0, QJsonDocument(report).toJson().constData());
        QCOMPARE(report.value(QStringLiteral("passed")).toBool(false), true);
        const QJsonArray steps = report.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 9); // the route step first, the login last
        QCOMPARE(steps.at(8).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("passed"));
        QVERIFY(
            !QString::fromUtf8(QJsonDocument(report).toJson()).contains(emu("SIGNET_EMU_SECRET_ACCESS_KEY")));

        // The same through a saved profile, for both engines; a disallowed identity fails at the login.
        QTemporaryDir config;
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        for (const Engine engine : {Engine::MySql, Engine::Postgres}) {
            const ProbeTarget t = target(engine);
            const QString name = QStringLiteral("emu-") + engineKey(engine);
            QProcess add;
            add.setProcessEnvironment(env);
            add.start(binary, {QStringLiteral("profiles"),      QStringLiteral("add"),
                               QStringLiteral("--name"),        name,
                               QStringLiteral("--engine"),      engineKey(engine),
                               QStringLiteral("--host"),        t.host,
                               QStringLiteral("--port"),        QString::number(t.port),
                               QStringLiteral("--user"),        t.user,
                               QStringLiteral("--region"),      t.region,
                               QStringLiteral("--database"),    t.database,
                               QStringLiteral("--ca"),          t.caBundle,
                               QStringLiteral("--credentials"), QStringLiteral("environment")});
            QVERIFY(add.waitForFinished(10000));
            QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());

            QProcess byName;
            byName.setProcessEnvironment(env);
            byName.start(binary, {QStringLiteral("check"), name});
            QVERIFY(byName.waitForFinished(30000));
            const QByteArray text = byName.readAllStandardOutput();
            QVERIFY2(byName.exitCode() == 0, text.constData());
            QVERIFY2(text.contains("Every step passed"), text.constData());

            QProcessEnvironment deniedEnv = env;
            deniedEnv.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), emu("SIGNET_EMU_DENIED_ACCESS_KEY_ID"));
            deniedEnv.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                             emu("SIGNET_EMU_DENIED_SECRET_ACCESS_KEY"));
            QProcess denied;
            denied.setProcessEnvironment(deniedEnv);
            denied.start(binary, {QStringLiteral("check"), name, QStringLiteral("--json")});
            QVERIFY(denied.waitForFinished(30000));
            QCOMPARE(denied.exitCode(), 1);
            const QJsonArray deniedSteps = QJsonDocument::fromJson(denied.readAllStandardOutput())
                                               .object()
                                               .value(QStringLiteral("steps"))
                                               .toArray();
            QCOMPARE(deniedSteps.size(), 9);
            const QJsonObject login = deniedSteps.at(8).toObject();
            QCOMPARE(login.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
            QVERIFY2(QJsonDocument(login).toJson().contains("resource ID"),
                     QJsonDocument(login).toJson().constData());
        }
        // Broken setups through the CLI: each exits 1 and names its cause in the failing step.
        const ProbeTarget mysql = target(Engine::MySql);
        auto checkJson = [&](const QStringList &extra) {
            QProcess broken;
            broken.setProcessEnvironment(env);
            broken.start(binary, QStringList{QStringLiteral("check"), QStringLiteral("--engine"),
                                             QStringLiteral("mysql"), QStringLiteral("--host"), mysql.host,
                                             QStringLiteral("--region"), mysql.region,
                                             QStringLiteral("--user"), mysql.user, QStringLiteral("--json")} +
                                     extra);
            broken.waitForFinished(30000);
            return std::make_pair(broken.exitCode(),
                                  QJsonDocument::fromJson(broken.readAllStandardOutput()).object());
        };
        auto failedStep = [](const QJsonObject &checked) {
            for (const QJsonValue &step : checked.value(QStringLiteral("steps")).toArray()) {
                if (step.toObject().value(QStringLiteral("status")).toString() == u"failed")
                    return step.toObject();
            }
            return QJsonObject();
        };
        // The default CA is the RDS global bundle, which did not sign the emulator's certificate.
        const auto [globalExit, global] = checkJson({QStringLiteral("--port"), QString::number(mysql.port)});
        QCOMPARE(globalExit, 1);
        QCOMPARE(failedStep(global).value(QStringLiteral("id")).toString(), QStringLiteral("certificate"));
        QVERIFY2(failedStep(global)
                     .value(QStringLiteral("verdict"))
                     .toString()
                     .contains(QStringLiteral("not signed by a CA in the bundle")),
                 QJsonDocument(global).toJson().constData());
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QString closedPort = QString::number(closed.serverPort());
        closed.close();
        const auto [closedExit, refused] =
            checkJson({QStringLiteral("--port"), closedPort, QStringLiteral("--ca"), mysql.caBundle});
        QCOMPARE(closedExit, 1);
        QCOMPARE(failedStep(refused).value(QStringLiteral("id")).toString(), QStringLiteral("tcp"));
        QVERIFY2(failedStep(refused)
                     .value(QStringLiteral("verdict"))
                     .toString()
                     .contains(QStringLiteral("refused")),
                 QJsonDocument(refused).toJson().constData());

        QProcess unknown;
        unknown.setProcessEnvironment(env);
        unknown.start(binary, {QStringLiteral("check"), QStringLiteral("nope")});
        QVERIFY(unknown.waitForFinished(10000));
        QCOMPARE(unknown.exitCode(), 2);
        QVERIFY(unknown.readAllStandardError().contains("signet profiles list"));

        QProcess verify;
        verify.setProcessEnvironment(env);
        verify.start(binary, {QStringLiteral("ca"), QStringLiteral("verify"), pg.caBundle});
        QVERIFY(verify.waitForFinished(10000));
        QCOMPARE(verify.exitCode(), 0);
        QVERIFY(verify.readAllStandardOutput().contains("valid PEM, 1 certificates"));

        QProcess usage;
        usage.setProcessEnvironment(env);
        usage.start(binary, {QStringLiteral("check"), QStringLiteral("--engine"), QStringLiteral("oracle"),
                             QStringLiteral("--host"), QStringLiteral("x"), QStringLiteral("--port"),
                             QStringLiteral("1")});
        QVERIFY(usage.waitForFinished(10000));
        QCOMPARE(usage.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestProbeEmulator)
#include "test_probe_emulator.moc"
