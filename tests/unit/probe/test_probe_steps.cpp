// SPDX-License-Identifier: GPL-3.0-or-later
// Probe against local fakes: every step's pass and failure verdicts (refused port, silent listener,
// no TLS, server error, wrong CA, wrong host name, expired and soon-expiring certificates, clock
// skew from a local STS, region mismatch, credentials, injected login), skipping, time limits.
#include "FakeDbServer.h"
#include "ProbeRunner.h"
#include "TestHttpServer.h"
#include "TestPki.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::probe;
using signet::test::FakeDbServer;
using signet::test::HttpAnswer;
using signet::test::HttpRequest;
using signet::test::TestHttpServer;

class TestProbeSteps final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    test::TestCertificate m_ca;
    test::TestCertificate m_otherCa;
    QString m_caFile;
    QString m_otherCaFile;
    std::unique_ptr<TestHttpServer> m_sts;
    qint64 m_stsOffsetSeconds = 0;
    const QString m_endpoint = QStringLiteral("mydb.c9xyz.eu-west-1.rds.amazonaws.com");

    QString writeFile(const QString &name, const QByteArray &data)
    {
        const QString path = m_dir.path() + u'/' + name;
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(data);
        return path;
    }

    test::TestCertificate serverCertificate(int daysLeft,
                                            const QStringList &names = {QStringLiteral("localhost")})
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return test::makeServer(m_ca, names.first(), names, {QStringLiteral("127.0.0.1")}, now.addDays(-30),
                                now.addDays(daysLeft).addSecs(3600));
    }

    ProbeOptions options() const
    {
        ProbeOptions options;
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_dir.path() + QStringLiteral("/no-config"));
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                   m_dir.path() + QStringLiteral("/no-credentials"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sts->baseUrl());
        options.environment = env;
        options.caStoreDirectory = m_dir.path() + QStringLiteral("/ca-store");
        options.tcpTimeoutMs = 1500;
        options.tlsTimeoutMs = 1500;
        options.stsTimeoutMs = 2000;
        return options;
    }

    ProbeTarget target(Engine engine, quint16 port) const
    {
        ProbeTarget target;
        target.engine = engine;
        target.host = QStringLiteral("localhost");
        target.port = port;
        target.caBundle = m_caFile;
        target.region = QStringLiteral("eu-west-1");
        target.user = QStringLiteral("iam_user");
        return target;
    }

    static void verifySkippedAfter(const test::ProbeRun &run, const QString &failedId)
    {
        const QStringList ids = Probe::stepIds();
        QCOMPARE(run.report.steps.size(), ids.size());
        bool after = false;
        for (const ProbeStep &step : run.report.steps) {
            if (after) {
                QCOMPARE(step.status, StepStatus::Skipped);
                QCOMPARE(step.verdict, QStringLiteral("skipped: %1 failed").arg(Probe::stepTitle(failedId)));
            }
            if (step.id == failedId) {
                QCOMPARE(step.status, StepStatus::Failed);
                QVERIFY(!step.hint.isEmpty());
                after = true;
            }
        }
        QVERIFY(after);
        QVERIFY(!run.report.allPassed());
    }

private slots:
    void initTestCase()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_ca = test::makeCa(QStringLiteral("Amazon RDS eu-west-1 Root CA ECC384 G1"), now.addDays(-100),
                            now.addDays(3000));
        m_otherCa = test::makeCa(QStringLiteral("Some other CA"), now.addDays(-100), now.addDays(3000));
        m_caFile = writeFile(QStringLiteral("ca.pem"), m_ca.certificatePem);
        m_otherCaFile = writeFile(QStringLiteral("other-ca.pem"), m_otherCa.certificatePem);
        m_sts = std::make_unique<TestHttpServer>();
        QVERIFY(m_sts->start() > 0);
        m_sts->setHandler([this](const HttpRequest &) {
            const QDateTime date = QDateTime::currentDateTimeUtc().addSecs(m_stsOffsetSeconds);
            return HttpAnswer{TestHttpServer::response(
                403, "<ErrorResponse/>", {{"Date", date.toString(Qt::RFC2822Date).toLatin1()}})};
        });
    }

    void init() { m_stsOffsetSeconds = 0; }

    void postgresTlsAllStepsPassButLoginSkipped()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), options());
        QCOMPARE(run.started, Probe::stepIds());
        for (const QString &id : {QStringLiteral("dns"), QStringLiteral("tcp"), QStringLiteral("tls"),
                                  QStringLiteral("certificate"), QStringLiteral("credentials"),
                                  QStringLiteral("clock"), QStringLiteral("region")})
            QVERIFY2(run.step(id).status == StepStatus::Passed, qPrintable(id + u' ' + run.step(id).verdict));
        QVERIFY(
            run.step(QStringLiteral("tls")).verdict.contains(QStringLiteral("PostgreSQL negotiated TLSv1.")));
        QVERIFY(run.step(QStringLiteral("certificate"))
                    .verdict.contains(QStringLiteral("chains to Amazon RDS eu-west-1 Root CA ECC384 G1")));
        QVERIFY(run.step(QStringLiteral("credentials"))
                    .verdict.contains(QStringLiteral("AKIA…MPLE from environment")));
        QCOMPARE(run.step(QStringLiteral("login")).status, StepStatus::Skipped);
        QCOMPARE(run.step(QStringLiteral("login")).verdict,
                 QStringLiteral("skipped: login step not available in this build"));
        QVERIFY(!run.report.allPassed());
        // Nothing secret reaches the report.
        QVERIFY(!run.report.toText().contains(QStringLiteral("wJalrXUtnFEMI")));
    }

    void mysqlTlsWithInjectedLogin()
    {
        FakeDbServer server(FakeDbServer::Mode::MySqlTls, serverCertificate(400));
        ProbeOptions ok = options();
        ok.login = [](const ProbeTarget &, std::function<void(Status)> done) { done(Unit{}); };
        const test::ProbeRun passed = test::runProbe(target(Engine::MySql, server.start()), ok);
        QVERIFY2(passed.report.allPassed(), qPrintable(passed.report.toText()));
        QVERIFY(
            passed.step(QStringLiteral("tls")).details.join(u' ').contains(QStringLiteral("8.0.36-fake")));
        QCOMPARE(passed.step(QStringLiteral("login")).status, StepStatus::Passed);

        ProbeOptions denied = options();
        denied.login = [](const ProbeTarget &, std::function<void(Status)> done) {
            done(makeError(
                QStringLiteral("db.login"),
                QStringLiteral("Access denied for user 'iam_user'@'10.0.0.1' (using password: YES)")));
        };
        const test::ProbeRun failed = test::runProbe(target(Engine::MySql, server.serverPort()), denied);
        const ProbeStep &login = failed.step(QStringLiteral("login"));
        QCOMPARE(login.status, StepStatus::Failed);
        QVERIFY(login.details.join(u'\n').contains(QStringLiteral("AWSAuthenticationPlugin")));
        QVERIFY(login.details.first().startsWith(QStringLiteral("1. the token expired")));
    }

    void closedPortIsRefused()
    {
        QTcpServer probePort;
        QVERIFY(probePort.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probePort.serverPort();
        probePort.close();
        ProbeTarget closed = target(Engine::MySql, port);
        closed.host = QStringLiteral("127.0.0.1");
        const test::ProbeRun run = test::runProbe(closed, options());
        QCOMPARE(run.step(QStringLiteral("dns")).status, StepStatus::Passed);
        QVERIFY(run.step(QStringLiteral("tcp")).verdict.contains(QStringLiteral("refused the connection")));
        verifySkippedAfter(run, QStringLiteral("tcp"));
        QVERIFY(run.elapsedMs < 3000);
    }

    void silentListenerTimesOut_data()
    {
        QTest::addColumn<Engine>("engine");
        QTest::addColumn<QString>("verdict");
        QTest::newRow("mysql") << Engine::MySql << QStringLiteral("sent no greeting");
        QTest::newRow("postgres") << Engine::Postgres << QStringLiteral("did not answer the SSL request");
    }

    void silentListenerTimesOut()
    {
        QFETCH(Engine, engine);
        QFETCH(QString, verdict);
        FakeDbServer server(FakeDbServer::Mode::Silent);
        const test::ProbeRun run = test::runProbe(target(engine, server.start()), options());
        QCOMPARE(run.step(QStringLiteral("tcp")).status, StepStatus::Passed);
        QVERIFY2(run.step(QStringLiteral("tls")).verdict.contains(verdict),
                 qPrintable(run.step(QStringLiteral("tls")).verdict));
        verifySkippedAfter(run, QStringLiteral("tls"));
        QVERIFY(run.step(QStringLiteral("tls")).durationMs >= 1400);
        QVERIFY(run.elapsedMs < 4000);
    }

    void serverWithoutTls_data()
    {
        QTest::addColumn<FakeDbServer::Mode>("mode");
        QTest::addColumn<Engine>("engine");
        QTest::addColumn<QString>("verdict");
        QTest::newRow("mysql greeting without SSL") << FakeDbServer::Mode::MySqlWithoutSsl << Engine::MySql
                                                    << QStringLiteral("does not offer the SSL capability");
        QTest::newRow("postgres N") << FakeDbServer::Mode::PostgresRefusesTls << Engine::Postgres
                                    << QStringLiteral("answered 'N'");
        QTest::newRow("mysql error 1040") << FakeDbServer::Mode::MySqlTooMany << Engine::MySql
                                          << QStringLiteral("server error 1040: Too many connections");
    }

    void serverWithoutTls()
    {
        QFETCH(FakeDbServer::Mode, mode);
        QFETCH(Engine, engine);
        QFETCH(QString, verdict);
        FakeDbServer server(mode);
        const test::ProbeRun run = test::runProbe(target(engine, server.start()), options());
        QVERIFY2(run.step(QStringLiteral("tls")).verdict.contains(verdict),
                 qPrintable(run.step(QStringLiteral("tls")).verdict));
        verifySkippedAfter(run, QStringLiteral("tls"));
        if (mode == FakeDbServer::Mode::MySqlTooMany)
            QVERIFY(
                run.step(QStringLiteral("tls")).details.join(u' ').contains(QStringLiteral("200 new IAM")));
    }

    void wrongCa()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeTarget wrong = target(Engine::Postgres, server.start());
        wrong.caBundle = m_otherCaFile;
        const test::ProbeRun run = test::runProbe(wrong, options());
        QCOMPARE(run.step(QStringLiteral("tls")).status, StepStatus::Passed);
        QVERIFY2(run.step(QStringLiteral("certificate"))
                     .verdict.contains(QStringLiteral("not signed by a CA in the bundle")),
                 qPrintable(run.step(QStringLiteral("certificate")).verdict));
        verifySkippedAfter(run, QStringLiteral("certificate"));
    }

    void defaultBundleIsTheGlobalOne()
    {
        FakeDbServer server(FakeDbServer::Mode::MySqlTls, serverCertificate(400));
        ProbeTarget global = target(Engine::MySql, server.start());
        global.caBundle.clear();
        const test::ProbeRun run = test::runProbe(global, options());
        const ProbeStep &certificate = run.step(QStringLiteral("certificate"));
        QCOMPARE(certificate.status, StepStatus::Failed);
        QVERIFY(
            certificate.details.join(u'\n').contains(QStringLiteral("CA bundle: global (102 certificates)")));
    }

    // An RDS Proxy endpoint's certificate comes from AWS Certificate Manager: with no bundle chosen
    // the check verifies against the system trust store and says why an RDS bundle would not do.
    void rdsProxyDefaultsToTheSystemStore()
    {
        // RDS Proxy's certificates are wildcards for the proxy's domain.
        const QString host = QStringLiteral("orders.proxy-abc123xyz.eu-west-1.rds.amazonaws.com");
        FakeDbServer server(
            FakeDbServer::Mode::MySqlTls,
            serverCertificate(400, {QStringLiteral("*.proxy-abc123xyz.eu-west-1.rds.amazonaws.com")}));
        ProbeTarget proxy = target(Engine::MySql, 3306);
        proxy.host = host;
        proxy.viaHost = QStringLiteral("127.0.0.1");
        proxy.viaPort = server.start();
        proxy.caBundle.clear();
        const test::ProbeRun run = test::runProbe(proxy, options());
        const ProbeStep &certificate = run.step(QStringLiteral("certificate"));
        QCOMPARE(certificate.status, StepStatus::Failed);
        QVERIFY2(certificate.details.join(u'\n').contains(QStringLiteral("CA bundle: system")),
                 qPrintable(certificate.details.join(u'\n')));
        QVERIFY2(certificate.hint.contains(
                     QStringLiteral("RDS Proxy certificates come from AWS Certificate Manager")),
                 qPrintable(certificate.hint));

        proxy.caBundle = m_otherCaFile;
        const test::ProbeRun chosenRun = test::runProbe(proxy, options());
        const ProbeStep &chosen = chosenRun.step(QStringLiteral("certificate"));
        QVERIFY2(chosen.hint.contains(QStringLiteral("not from the RDS bundles")), qPrintable(chosen.hint));
    }

    void wrongHostName()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeTarget other = target(Engine::Postgres, 5432);
        other.host = QStringLiteral("another.example");
        other.viaHost = QStringLiteral("127.0.0.1");
        other.viaPort = server.start();
        const test::ProbeRun run = test::runProbe(other, options());
        QCOMPARE(run.step(QStringLiteral("tcp")).status, StepStatus::Passed);
        const ProbeStep &certificate = run.step(QStringLiteral("certificate"));
        QVERIFY2(certificate.verdict.contains(QStringLiteral("not valid for another.example")),
                 qPrintable(certificate.verdict));
        QVERIFY(certificate.hintFor(FrontEnd::Cli).contains(QStringLiteral("--via")));
        QVERIFY(certificate.hintFor(FrontEnd::Gui).contains(QStringLiteral("Connect via field")));
        verifySkippedAfter(run, QStringLiteral("certificate"));
    }

    // verify-ca: the same wrong name is a warning that says so; a certificate from another CA still fails.
    void verifyCaProfileWarnsAboutTheName()
    {
        FakeDbServer server(FakeDbServer::Mode::MySqlTls, serverCertificate(400));
        ProbeTarget chainOnly = target(Engine::MySql, 3306);
        chainOnly.host = QStringLiteral("another.example");
        chainOnly.viaHost = QStringLiteral("127.0.0.1");
        chainOnly.viaPort = server.start();
        chainOnly.verifyHostName = false;
        const test::ProbeRun run = test::runProbe(chainOnly, options());
        const ProbeStep &certificate = run.step(QStringLiteral("certificate"));
        QCOMPARE(certificate.status, StepStatus::Warning);
        QVERIFY2(certificate.verdict.contains(
                     QStringLiteral("does not name another.example, which verify-ca lets through")),
                 qPrintable(certificate.verdict));
        QVERIFY(
            certificate.verdict.contains(QStringLiteral("chains to Amazon RDS eu-west-1 Root CA ECC384 G1")));
        QVERIFY(certificate.hint.contains(QStringLiteral("verify-full")));

        chainOnly.caBundle = m_otherCaFile;
        const test::ProbeRun wrongCa = test::runProbe(chainOnly, options());
        QCOMPARE(wrongCa.step(QStringLiteral("certificate")).status, StepStatus::Failed);
        QVERIFY(wrongCa.step(QStringLiteral("certificate"))
                    .verdict.contains(QStringLiteral("not signed by a CA in the bundle")));
    }

    void expiredServerCertificate()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto expired =
            test::makeServer(m_ca, QStringLiteral("localhost"), {QStringLiteral("localhost")},
                             {QStringLiteral("127.0.0.1")}, now.addDays(-400), now.addDays(-3));
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, expired);
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), options());
        QVERIFY2(run.step(QStringLiteral("certificate")).verdict.contains(QStringLiteral("has expired")),
                 qPrintable(run.step(QStringLiteral("certificate")).verdict));
        verifySkippedAfter(run, QStringLiteral("certificate"));
    }

    void soonExpiringCertificateWarns()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(20));
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), options());
        const ProbeStep &certificate = run.step(QStringLiteral("certificate"));
        QCOMPARE(certificate.status, StepStatus::Warning);
        QVERIFY2(certificate.verdict.contains(QStringLiteral("expires in 20 days")),
                 qPrintable(certificate.verdict));
        QVERIFY(certificate.passed());
        QCOMPARE(run.step(QStringLiteral("region")).status, StepStatus::Passed);

        // One day is "1 day", never "1 days".
        FakeDbServer lastDay(FakeDbServer::Mode::PostgresTls, serverCertificate(1));
        const ProbeStep oneDay = test::runProbe(target(Engine::Postgres, lastDay.start()), options())
                                     .step(QStringLiteral("certificate"));
        QVERIFY2(oneDay.verdict.contains(QStringLiteral("1 day left")), qPrintable(oneDay.verdict));
        QVERIFY2(oneDay.verdict.contains(QStringLiteral("expires in 1 day")), qPrintable(oneDay.verdict));
        QVERIFY2(!oneDay.verdict.contains(QStringLiteral("1 days")), qPrintable(oneDay.verdict));
    }

    void clockSkew_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<StepStatus>("status");
        QTest::addColumn<QString>("verdict");
        QTest::newRow("server 10 min behind")
            << qint64(-600) << StepStatus::Failed << QStringLiteral("ahead of AWS; tokens will be refused");
        QTest::newRow("server 7 min ahead")
            << qint64(420) << StepStatus::Failed << QStringLiteral("behind AWS");
        QTest::newRow("2 min") << qint64(-120) << StepStatus::Warning << QStringLiteral("ahead of AWS");
        QTest::newRow("in sync") << qint64(0) << StepStatus::Passed << QStringLiteral("within");
    }

    void clockSkew()
    {
        QFETCH(qint64, offset);
        QFETCH(StepStatus, status);
        QFETCH(QString, verdict);
        m_stsOffsetSeconds = offset;
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), options());
        const ProbeStep &clock = run.step(QStringLiteral("clock"));
        QCOMPARE(clock.status, status);
        QVERIFY2(clock.verdict.contains(verdict), qPrintable(clock.verdict));
        QVERIFY(clock.details.join(u' ').contains(m_sts->baseUrl()));
        QVERIFY(m_sts->requests().last().path.contains("Action=GetCallerIdentity"));
        if (status == StepStatus::Failed)
            verifySkippedAfter(run, QStringLiteral("clock"));
    }

    void unreachableStsOnlyWarns()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeOptions noSts = options();
        noSts.environment.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"),
                                 QStringLiteral("http://127.0.0.1:9"));
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), noSts);
        QCOMPARE(run.step(QStringLiteral("clock")).status, StepStatus::Warning);
        QVERIFY(run.step(QStringLiteral("clock")).verdict.startsWith(QStringLiteral("could not measure")));
    }

    void regionMismatch()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400, {m_endpoint}));
        ProbeTarget mismatch = target(Engine::Postgres, 5432);
        mismatch.host = m_endpoint;
        mismatch.viaHost = QStringLiteral("127.0.0.1");
        mismatch.viaPort = server.start();
        mismatch.region = QStringLiteral("us-east-1");
        const test::ProbeRun run = test::runProbe(mismatch, options());
        QCOMPARE(run.step(QStringLiteral("certificate")).status, StepStatus::Passed);
        const ProbeStep &region = run.step(QStringLiteral("region"));
        QCOMPARE(region.verdict,
                 QStringLiteral("tokens would be signed for us-east-1, but the endpoint is in eu-west-1"));
        QVERIFY(region.hintFor(FrontEnd::Cli).contains(QStringLiteral("--region eu-west-1")));
        QVERIFY(!region.hintFor(FrontEnd::Gui).contains(QStringLiteral("--")));
        verifySkippedAfter(run, QStringLiteral("region"));

        mismatch.region.clear();
        const test::ProbeRun fromEndpoint = test::runProbe(mismatch, options());
        QCOMPARE(fromEndpoint.step(QStringLiteral("region")).status, StepStatus::Passed);
        QVERIFY(fromEndpoint.step(QStringLiteral("region"))
                    .verdict.contains(QStringLiteral("eu-west-1, the endpoint's region")));
    }

    void missingCredentials()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeOptions none = options();
        none.environment.remove(QStringLiteral("AWS_ACCESS_KEY_ID"));
        none.environment.remove(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
        none.environment.insert(QStringLiteral("HOME"), m_dir.path());
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), none);
        QCOMPARE(run.step(QStringLiteral("credentials")).status, StepStatus::Failed);
        verifySkippedAfter(run, QStringLiteral("credentials"));
    }

    // An IAM Identity Center profile no one signed in with: the step says how to sign in, in the
    // words of each front-end (the command for the CLI, the token panel for the app).
    void notSignedInSsoProfileSaysHowToSignIn()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        const QString config = m_dir.filePath(QStringLiteral("sso-config"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[profile not-signed-in]\nsso_start_url = https://example.awsapps.com/start\n"
                   "sso_region = eu-west-1\nsso_account_id = 123456789012\nsso_role_name = DbUsers\n");
        file.close();
        ProbeOptions sso = options();
        sso.environment.remove(QStringLiteral("AWS_ACCESS_KEY_ID"));
        sso.environment.remove(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
        sso.environment.insert(QStringLiteral("HOME"), m_dir.path());
        sso.environment.insert(QStringLiteral("AWS_CONFIG_FILE"), config);
        sso.credentials = credentialsFrom(aws::CredentialChain(sso.environment));
        ProbeTarget profile = target(Engine::Postgres, server.start());
        profile.awsProfile = QStringLiteral("not-signed-in");
        const test::ProbeRun run = test::runProbe(profile, sso);
        const ProbeStep &credentials = run.step(QStringLiteral("credentials"));
        QCOMPARE(credentials.status, StepStatus::Failed);
        QVERIFY2(credentials.verdict.contains(QStringLiteral("no IAM Identity Center sign-in is cached")),
                 qPrintable(credentials.verdict));
        QVERIFY2(credentials.hintFor(FrontEnd::Cli)
                     .contains(QStringLiteral("signet sso login --aws-profile not-signed-in")),
                 qPrintable(credentials.hintFor(FrontEnd::Cli)));
        QVERIFY2(credentials.hintFor(FrontEnd::Gui).contains(QStringLiteral("token panel")),
                 qPrintable(credentials.hintFor(FrontEnd::Gui)));
        verifySkippedAfter(run, QStringLiteral("credentials"));
    }

    // A profile that signs with its own keys (keychain or environment) shows that identity in the
    // credentials step, not whatever the AWS config would resolve (here: nothing).
    void credentialsStepUsesTheSignersChain()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeOptions own = options();
        QProcessEnvironment keys = own.environment;
        own.environment.remove(QStringLiteral("AWS_ACCESS_KEY_ID"));
        own.environment.remove(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
        own.environment.insert(QStringLiteral("HOME"), m_dir.path());
        keys.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAKEYCHAINKEY0WXYZ"));
        own.credentials = credentialsFrom(aws::CredentialChain(keys));
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), own);
        QCOMPARE(run.step(QStringLiteral("credentials")).status, StepStatus::Passed);
        QVERIFY2(run.step(QStringLiteral("credentials")).verdict.contains(QStringLiteral("AKIA…WXYZ")),
                 qPrintable(run.step(QStringLiteral("credentials")).verdict));
    }

    // A profile whose keys cannot be had (no secret in the keychain) is still checked: the network
    // steps run and the credentials step fails with the reason.
    void missingSecretStillChecksTheNetwork()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeOptions keyless = options();
        keyless.credentials = credentialsFailing(makeError(
            QStringLiteral("secrets.not-found"), QStringLiteral("no secret is stored for this profile"),
            QStringLiteral("Enter it again.")));
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), keyless);
        for (const QString &id : {QStringLiteral("dns"), QStringLiteral("tcp"), QStringLiteral("tls"),
                                  QStringLiteral("certificate")})
            QVERIFY2(run.step(id).passed(), qPrintable(id + u": " + run.step(id).verdict));
        const ProbeStep &credentials = run.step(QStringLiteral("credentials"));
        QCOMPARE(credentials.status, StepStatus::Failed);
        QVERIFY2(credentials.verdict.contains(QStringLiteral("no secret is stored")),
                 qPrintable(credentials.verdict));
        verifySkippedAfter(run, QStringLiteral("credentials"));
    }

    // Keys from the keychain are named as such, not as the environment they may travel through.
    void keychainKeysAreNamedAsSuch()
    {
        FakeDbServer server(FakeDbServer::Mode::PostgresTls, serverCertificate(400));
        ProbeOptions keychain = options();
        keychain.credentials = [](const ProbeTarget &, aws::ResultCallback<aws::ResolvedCredentials> done) {
            aws::ResolvedCredentials resolved;
            resolved.credentials.accessKeyId = QStringLiteral("AKIAKEYCHAINKEY0WXYZ");
            resolved.credentials.secretAccessKey = SecretString::fromUtf8(QStringLiteral("secret"));
            resolved.credentials.source = QStringLiteral("static-keys:keychain");
            resolved.provider = aws::keychainProvider();
            done(resolved);
        };
        const test::ProbeRun run = test::runProbe(target(Engine::Postgres, server.start()), keychain);
        const ProbeStep &credentials = run.step(QStringLiteral("credentials"));
        QCOMPARE(credentials.status, StepStatus::Passed);
        QVERIFY2(credentials.verdict.contains(QStringLiteral("AKIA…WXYZ, static keys from the keychain")),
                 qPrintable(credentials.verdict));
        QVERIFY(!credentials.verdict.contains(QStringLiteral("environment")));
        QVERIFY(credentials.details.contains(QStringLiteral("provider: keychain")));
    }

    void unresolvableHost()
    {
        ProbeTarget nowhere = target(Engine::MySql, 3306);
        nowhere.host = QStringLiteral("no-such-host.invalid");
        const test::ProbeRun run = test::runProbe(nowhere, options());
        QVERIFY(run.step(QStringLiteral("dns")).verdict.contains(QStringLiteral("does not resolve")));
        verifySkippedAfter(run, QStringLiteral("dns"));
    }

    void deadHostEndsWithinTenSeconds()
    {
        // TEST-NET-1 is never routed: the connect either times out or is reported unreachable.
        ProbeTarget dead = target(Engine::MySql, 3306);
        dead.host = QStringLiteral("192.0.2.1");
        ProbeOptions defaults = options();
        const ProbeOptions stock;
        defaults.tcpTimeoutMs = stock.tcpTimeoutMs;
        defaults.tlsTimeoutMs = stock.tlsTimeoutMs;
        const test::ProbeRun run = test::runProbe(dead, defaults);
        QVERIFY2(run.elapsedMs < 10000, qPrintable(QString::number(run.elapsedMs)));
        verifySkippedAfter(run, QStringLiteral("tcp"));
    }

    void routeStepOpensTheTunnelFirst()
    {
        FakeDbServer server(FakeDbServer::Mode::Silent);
        ProbeOptions failing = options();
        failing.tunnel = [](std::function<void(Result<TunnelOpened>)> done) {
            done(makeError(QStringLiteral("tunnel.auth-refused"),
                           QStringLiteral("the bastion b refused the SSH key"),
                           QStringLiteral("This is the SSH login to the bastion, not the database login.")));
        };
        const test::ProbeRun refused = test::runProbe(target(Engine::MySql, server.start()), failing);
        QCOMPARE(refused.report.steps.first().id, QStringLiteral("tunnel"));
        verifySkippedAfter(refused, QStringLiteral("tunnel"));
        // Without a tunnel the route step says how the connection goes and passes.
        const test::ProbeRun direct = test::runProbe(target(Engine::MySql, server.start()), options());
        QCOMPARE(direct.step(QStringLiteral("tunnel")).status, StepStatus::Passed);
    }

    void cancelSkipsTheRest()
    {
        FakeDbServer server(FakeDbServer::Mode::Silent);
        Probe probe(target(Engine::MySql, server.start()), options());
        bool done = false;
        ProbeReport report;
        connect(&probe, &Probe::finished, this, [&](const ProbeReport &finished) {
            report = finished;
            done = true;
        });
        connect(&probe, &Probe::stepStarted, this, [&](const QString &id) {
            if (id == u"tls")
                QMetaObject::invokeMethod(&probe, &Probe::cancel, Qt::QueuedConnection);
        });
        probe.start();
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QCOMPARE(report.steps.size(), Probe::stepIds().size());
        QCOMPARE(report.steps.at(Probe::stepIds().indexOf(QStringLiteral("tls"))).verdict,
                 QStringLiteral("skipped: the check was cancelled"));
        QVERIFY(!probe.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestProbeSteps)
#include "test_probe_steps.moc"
