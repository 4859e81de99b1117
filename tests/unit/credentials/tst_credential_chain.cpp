// SPDX-License-Identifier: GPL-3.0-or-later
// Tests: the credential provider chain end to end against the local STS/SSO/OIDC/IMDS/ECS server.
#include "CredentialTestHome.h"
#include "LocalAwsServer.h"

#include "aws/CredentialChain.h"
#include "aws/SsoTokenCache.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QtTest>

using namespace signet;
using namespace signet::aws;
using signet::test::CredentialTestHome;
using signet::test::LocalAwsServer;

namespace {

// Keys the local server accepts: the secret of K is "sk-" + K.
const QByteArray kStaticKeys = "aws_access_key_id = AKIDSTATIC1\naws_secret_access_key = sk-AKIDSTATIC1\n";

class FakeRunner final : public ProcessRunner
{
public:
    void run(const QString &program, const QStringList &args, const QProcessEnvironment &, int,
             ResultCallback<ProcessOutcome> done) override
    {
        programs.append(program);
        arguments = args;
        done(outcome);
    }
    QStringList programs;
    QStringList arguments;
    ProcessOutcome outcome;
};

void expectNoSecret(const Error &error)
{
    const QString text = error.message + error.hint;
    QVERIFY2(!text.contains(QStringLiteral("sk-")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("SUPERSECRET")), qPrintable(text));
}

int countRequests(const LocalAwsServer &server, const QString &bodyPart)
{
    int n = 0;
    for (const auto &value : server.requests()) {
        if (value.toObject().value(QStringLiteral("body")).toString().contains(bodyPart))
            ++n;
    }
    return n;
}

} // namespace

class TestCredentialChain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void environmentKeys();
    void environmentPartialKeys();
    void explicitProfileSkipsEnvironment();
    void credentialsFileBeatsConfigFile();
    void configFileKeys();
    void defaultProfileVariableWins();
    void missingProfile();
    void malformedFileNamesLine();
    void partialKeysInFile();
    void credentialProcessThroughRunner();
    void credentialProcessReal();
    void credentialProcessFailureHidesSecrets();
    void credentialProcessHangs();
    void credentialProcessGarbage();
    void assumeRoleFromSourceProfile();
    void assumeRoleChainOfProfiles();
    void assumeRoleCycle();
    void assumeRoleSelfReference();
    void assumeRoleExternalIdAndDuration();
    void assumeRoleMfaPrompt();
    void assumeRoleWrongMfa();
    void assumeRoleMfaRequiredWithoutPrompt();
    void assumeRoleCredentialSourceEnvironment();
    void assumeRoleCredentialSourceContainer();
    void assumeRoleConfigErrors_data();
    void assumeRoleConfigErrors();
    void stsFaults_data();
    void stsFaults();
    void stsTimeout();
    void stsServerDown();
    void webIdentityFromEnvironment();
    void webIdentityFromProfile();
    void webIdentityBadToken();
    void ssoLegacyProfile();
    void ssoSessionProfile();
    void ssoSessionRefreshesExpiredToken();
    void ssoExpiredToken();
    void ssoRevokedToken();
    void ssoNotSignedIn();
    void ssoPortalFaults();
    void containerFullUri();
    void containerTokenFile();
    void containerHostNotAllowed();
    void containerFaults();
    void containerHangsIsBounded();
    void ssoPortalHangsIsBounded();
    void imdsV2();
    void imdsV1Fallback();
    void imdsGarbage();
    void imdsHangsIsBounded();
    void cacheRefreshesOnceForManyCallers();
    void cacheRefreshesBeforeExpiry();

private:
    std::unique_ptr<LocalAwsServer> m_server;
};

void TestCredentialChain::initTestCase()
{
    m_server = std::make_unique<LocalAwsServer>();
    QVERIFY2(m_server->isRunning(), "the local AWS server did not start");
}

void TestCredentialChain::environmentKeys()
{
    CredentialTestHome home;
    home.credentials("[default]\n" + kStaticKeys);
    home.env().insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV"));
    home.env().insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("sk-AKIDENV"));
    home.env().insert(QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("envtoken"));
    home.env().insert(QStringLiteral("AWS_CREDENTIAL_EXPIRATION"), QStringLiteral("2030-01-02T03:04:05Z"));
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("env"));
    QCOMPARE(resolved->credentials.accessKeyId, QStringLiteral("AKIDENV"));
    QCOMPARE(resolved->credentials.sessionToken.revealText(), QStringLiteral("envtoken"));
    QCOMPARE(*resolved->credentials.expiration, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC));
}

void TestCredentialChain::environmentPartialKeys()
{
    CredentialTestHome home;
    home.env().insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV"));
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.partial"));
    // A secret alone is ignored, as botocore ignores it.
    CredentialTestHome other;
    other.env().insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("x"));
    other.credentials("[default]\n" + kStaticKeys);
    QCOMPARE(other.chain().resolveDetailed()->provider, QStringLiteral("shared-credentials-file"));
}

void TestCredentialChain::explicitProfileSkipsEnvironment()
{
    CredentialTestHome home;
    home.credentials("[dev]\n" + kStaticKeys);
    home.env().insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV"));
    home.env().insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("sk-AKIDENV"));
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("dev"));
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->credentials.accessKeyId, QStringLiteral("AKIDSTATIC1"));
    QCOMPARE(resolved->profile, QStringLiteral("dev"));
    QCOMPARE(resolved->file, home.path(QStringLiteral("credentials")));
}

void TestCredentialChain::credentialsFileBeatsConfigFile()
{
    CredentialTestHome home;
    home.credentials("[dev]\n" + kStaticKeys);
    home.config("[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = x\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("dev"));
    QCOMPARE(resolved->credentials.accessKeyId, QStringLiteral("AKIDSTATIC1"));
    QCOMPARE(resolved->provider, QStringLiteral("shared-credentials-file"));
}

void TestCredentialChain::configFileKeys()
{
    CredentialTestHome home;
    home.config(
        "[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = x\naws_session_token = t\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("dev"));
    QCOMPARE(resolved->credentials.accessKeyId, QStringLiteral("AKIDCONFIG"));
    QCOMPARE(resolved->credentials.sessionToken.revealText(), QStringLiteral("t"));
    QCOMPARE(resolved->provider, QStringLiteral("config-file"));
    QCOMPARE(resolved->file, home.path(QStringLiteral("config")));
}

void TestCredentialChain::defaultProfileVariableWins()
{
    CredentialTestHome home;
    home.credentials("[a]\naws_access_key_id = AKIDA\naws_secret_access_key = x\n"
                     "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = x\n");
    home.env().insert(QStringLiteral("AWS_PROFILE"), QStringLiteral("a"));
    home.env().insert(QStringLiteral("AWS_DEFAULT_PROFILE"), QStringLiteral("b"));
    QCOMPARE(home.chain().resolveDetailed()->credentials.accessKeyId, QStringLiteral("AKIDB"));
    QCOMPARE(home.chain().profileName(), QStringLiteral("b"));
}

void TestCredentialChain::missingProfile()
{
    CredentialTestHome home;
    home.credentials("[default]\n" + kStaticKeys);
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("nope"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.no-profile"));
    // No profile and no keys anywhere: a clear "none" (IMDS is disabled in the test home).
    CredentialTestHome empty;
    QCOMPARE(empty.chain().resolveDetailed().error().code, QStringLiteral("credentials.none"));
}

void TestCredentialChain::malformedFileNamesLine()
{
    CredentialTestHome home;
    home.config("[default]\nregion = eu-west-1\nthis line is junk\n");
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY(!resolved);
    QVERIFY2(resolved.error().message.contains(home.path(QStringLiteral("config"))),
             qPrintable(resolved.error().message));
    QVERIFY2(resolved.error().message.contains(QStringLiteral("3")), qPrintable(resolved.error().message));
}

void TestCredentialChain::partialKeysInFile()
{
    CredentialTestHome home;
    home.credentials("[default]\naws_access_key_id = AKIDONLY\n");
    const auto resolved = home.chain().resolveDetailed();
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.partial"));
}

void TestCredentialChain::credentialProcessThroughRunner()
{
    CredentialTestHome home;
    home.config(
        "[profile p]\ncredential_process = /opt/bin/get-creds --role 'my role' \"a \\\"b\\\"\" c\\ d\n");
    auto runner = std::make_shared<FakeRunner>();
    runner->outcome.standardOutput = R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s",
        "SessionToken": "tok", "Expiration": "2031-05-06T07:08:09Z"})";
    CredentialChainOptions options;
    options.processRunner = runner;
    const auto resolved = home.chain(options).resolveDetailed(QStringLiteral("p"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(runner->programs, QStringList{QStringLiteral("/opt/bin/get-creds")});
    QCOMPARE(runner->arguments, (QStringList{QStringLiteral("--role"), QStringLiteral("my role"),
                                             QStringLiteral("a \"b\""), QStringLiteral("c d")}));
    QCOMPARE(resolved->provider, QStringLiteral("custom-process"));
    QCOMPARE(resolved->credentials.accessKeyId, QStringLiteral("AKIDPROC"));
    QCOMPARE(resolved->credentials.expiration->date().year(), 2031);
}

void TestCredentialChain::credentialProcessReal()
{
    CredentialTestHome home;
    home.config("[default]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPRINTF\","
                "\"SecretAccessKey\":\"s\"}'\n");
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->credentials.accessKeyId, QStringLiteral("AKIDPRINTF"));
    QVERIFY(!resolved->credentials.expiration);
}

void TestCredentialChain::credentialProcessFailureHidesSecrets()
{
    CredentialTestHome home;
    home.config("[default]\ncredential_process = sh -c 'echo \"login failed SecretAccessKey=SUPERSECRET "
                "key AKIAABCDEFGHIJKLMNOP blob wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\" >&2; exit 3'\n");
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.process"));
    QVERIFY2(resolved.error().message.contains(QStringLiteral("exited with code 3")),
             qPrintable(resolved.error().message));
    QVERIFY2(resolved.error().message.contains(QStringLiteral("login failed")),
             qPrintable(resolved.error().message));
    QVERIFY(!resolved.error().message.contains(QStringLiteral("AKIAABCDEFGHIJKLMNOP")));
    QVERIFY(!resolved.error().message.contains(QStringLiteral("wJalrXUtnFEMIK7MDENG")));
    expectNoSecret(resolved.error());
}

void TestCredentialChain::credentialProcessHangs()
{
    CredentialTestHome home;
    home.config("[default]\ncredential_process = sleep 30\n");
    CredentialChainOptions options;
    options.processTimeoutMs = 500;
    QElapsedTimer timer;
    timer.start();
    const auto resolved = home.chain(options).resolveDetailed();
    QVERIFY(!resolved);
    QVERIFY2(resolved.error().message.contains(QStringLiteral("did not finish")),
             qPrintable(resolved.error().message));
    QVERIFY(timer.elapsed() < 5000);
}

void TestCredentialChain::credentialProcessGarbage()
{
    for (const QByteArray &command :
         {QByteArrayLiteral("echo garbage here"), QByteArrayLiteral("echo {\"Version\":2}"),
          QByteArrayLiteral("printf '{\"Version\":1,\"AccessKeyId\":\"A\"}'"),
          QByteArrayLiteral("/nonexistent/credential-helper")}) {
        CredentialTestHome home;
        home.config("[default]\ncredential_process = " + command + "\n");
        const auto resolved = home.chain().resolveDetailed();
        QVERIFY2(!resolved, command.constData());
        QCOMPARE(resolved.error().code, QStringLiteral("credentials.process"));
    }
}

void TestCredentialChain::assumeRoleFromSourceProfile()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n"
                "role_session_name = alice\nregion = eu-west-1\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("admin"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("assume-role"));
    QVERIFY(resolved->credentials.accessKeyId.startsWith(QStringLiteral("ASIA")));
    QVERIFY(!resolved->credentials.sessionToken.isEmpty());
    QVERIFY(resolved->credentials.expiration);
    QCOMPARE(resolved->accountId, QStringLiteral("123456789012"));
    QCOMPARE(resolved->arn, QStringLiteral("arn:aws:sts::123456789012:assumed-role/Admin/alice"));
    QVERIFY(countRequests(*m_server, QStringLiteral("RoleSessionName=alice")) >= 1);
}

void TestCredentialChain::assumeRoleChainOfProfiles()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[root]\n" + kStaticKeys);
    home.config("[profile mid]\nrole_arn = arn:aws:iam::111111111111:role/Mid\nsource_profile = root\n"
                "[profile top]\nrole_arn = arn:aws:iam::222222222222:role/Top\nsource_profile = mid\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("top"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->accountId, QStringLiteral("222222222222"));
}

void TestCredentialChain::assumeRoleCycle()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
                "[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("a"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.source-profile-loop"));
    QVERIFY(resolved.error().message.contains(QStringLiteral("a → b → a")));
}

void TestCredentialChain::assumeRoleSelfReference()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[me]\n" + kStaticKeys +
                     "role_arn = arn:aws:iam::333333333333:role/Self\nsource_profile = me\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("me"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->accountId, QStringLiteral("333333333333"));
}

void TestCredentialChain::assumeRoleExternalIdAndDuration()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile x]\nrole_arn = arn:aws:iam::1:role/needs-external-id\nsource_profile = base\n"
                "external_id = ext-42\nduration_seconds = 1800\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("x"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QVERIFY(countRequests(*m_server, QStringLiteral("DurationSeconds=1800&ExternalId=ext-42")) >= 1);
}

void TestCredentialChain::assumeRoleMfaPrompt()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile m]\nrole_arn = arn:aws:iam::1:role/needs-mfa\nsource_profile = base\n"
                "mfa_serial = arn:aws:iam::1:mfa/alice\n");
    QString askedSerial;
    CredentialChainOptions options;
    options.mfaPrompt = [&askedSerial](const QString &, const QString &serial,
                                       ResultCallback<QString> answer) {
        askedSerial = serial;
        answer(QStringLiteral("123456"));
    };
    const auto resolved = home.chain(options).resolveDetailed(QStringLiteral("m"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(askedSerial, QStringLiteral("arn:aws:iam::1:mfa/alice"));
    QVERIFY(countRequests(*m_server, QStringLiteral("TokenCode=123456")) >= 1);
}

void TestCredentialChain::assumeRoleWrongMfa()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile m]\nrole_arn = arn:aws:iam::1:role/needs-mfa\nsource_profile = base\n"
                "mfa_serial = arn:aws:iam::1:mfa/alice\n");
    CredentialChainOptions options;
    options.mfaCode = QStringLiteral("000000");
    const auto resolved = home.chain(options).resolveDetailed(QStringLiteral("m"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("sts.AccessDenied"));
    QVERIFY(resolved.error().hint.contains(QStringLiteral("MFA")));
    expectNoSecret(resolved.error());
}

void TestCredentialChain::assumeRoleMfaRequiredWithoutPrompt()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile m]\nrole_arn = arn:aws:iam::1:role/needs-mfa\nsource_profile = base\n"
                "mfa_serial = arn:aws:iam::1:mfa/alice\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("m"));
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.mfa-required"));
}

void TestCredentialChain::assumeRoleCredentialSourceEnvironment()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.env().insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV"));
    home.env().insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("sk-AKIDENV"));
    home.config(
        "[profile r]\nrole_arn = arn:aws:iam::444444444444:role/R\ncredential_source = Environment\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("r"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->accountId, QStringLiteral("444444444444"));
}

void TestCredentialChain::assumeRoleCredentialSourceContainer()
{
    // The container answers with keys the STS fixture cannot verify (their secret is not "sk-"
    // + key), so the signature check tells us those keys were used to sign AssumeRole.
    LocalAwsServer ecs;
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.env().insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                      ecs.url(QStringLiteral("/ecs/creds")).toString());
    home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = EcsContainer\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("r"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("assume-role"));

    CredentialTestHome imdsHome;
    imdsHome.useServer(m_server->url());
    imdsHome.env().remove(QStringLiteral("AWS_EC2_METADATA_DISABLED"));
    imdsHome.env().insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), ecs.url().toString());
    imdsHome.config(
        "[profile r]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Ec2InstanceMetadata\n");
    const auto viaImds = imdsHome.chain().resolveDetailed(QStringLiteral("r"));
    QVERIFY2(viaImds.ok(), qPrintable(viaImds.ok() ? QString() : viaImds.error().toString()));
}

void TestCredentialChain::assumeRoleConfigErrors_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("code");
    QTest::newRow("both sources") << QByteArray("role_arn = arn:aws:iam::1:role/R\nsource_profile = base\n"
                                                "credential_source = Environment\n")
                                  << QStringLiteral("credentials.config");
    QTest::newRow("no source") << QByteArray("role_arn = arn:aws:iam::1:role/R\n")
                               << QStringLiteral("credentials.config");
    QTest::newRow("bad credential_source")
        << QByteArray("role_arn = arn:aws:iam::1:role/R\ncredential_source = environment\n")
        << QStringLiteral("credentials.config");
    QTest::newRow("missing source profile")
        << QByteArray("role_arn = arn:aws:iam::1:role/R\nsource_profile = ghost\n")
        << QStringLiteral("credentials.config");
    QTest::newRow("source without credentials")
        << QByteArray("role_arn = arn:aws:iam::1:role/R\nsource_profile = empty\n")
        << QStringLiteral("credentials.config");
    QTest::newRow("bad duration") << QByteArray("role_arn = arn:aws:iam::1:role/R\nsource_profile = base\n"
                                                "duration_seconds = soon\n")
                                  << QStringLiteral("credentials.config");
}

void TestCredentialChain::assumeRoleConfigErrors()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, code);
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile empty]\nregion = us-east-1\n[profile r]\n" + config);
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("r"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, code);
}

void TestCredentialChain::stsFaults_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("code");
    const QByteArray good = kStaticKeys;
    QTest::newRow("AccessDenied") << good << QStringLiteral("fault-denied")
                                  << QStringLiteral("sts.AccessDenied");
    QTest::newRow("ExpiredToken") << good << QStringLiteral("fault-expired")
                                  << QStringLiteral("sts.ExpiredToken");
    QTest::newRow("HTTP 500") << good << QStringLiteral("fault-500") << QStringLiteral("sts.http-500");
    QTest::newRow("malformed XML") << good << QStringLiteral("fault-xml") << QStringLiteral("sts.malformed");
    QTest::newRow("expired source token") << QByteArray(good + "aws_session_token = expired-token-1\n")
                                          << QStringLiteral("R") << QStringLiteral("sts.ExpiredToken");
    QTest::newRow("wrong secret")
        << QByteArray("aws_access_key_id = AKIDSTATIC1\naws_secret_access_key = SUPERSECRET\n")
        << QStringLiteral("R") << QStringLiteral("sts.SignatureDoesNotMatch");
}

void TestCredentialChain::stsFaults()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, role);
    QFETCH(QString, code);
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + source);
    home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/" + role.toUtf8() + "\nsource_profile = base\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("r"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, code);
    QVERIFY(!resolved.error().hint.isEmpty());
    expectNoSecret(resolved.error());
}

void TestCredentialChain::stsTimeout()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/fault-hang\nsource_profile = base\n");
    CredentialChainOptions options;
    options.httpTimeoutMs = 1000;
    QElapsedTimer timer;
    timer.start();
    const auto resolved = home.chain(options).resolveDetailed(QStringLiteral("r"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("aws.unreachable"));
    QVERIFY2(resolved.error().message.contains(QStringLiteral("no answer within 1 s")),
             qPrintable(resolved.error().message));
    QVERIFY(timer.elapsed() < 5000);
}

void TestCredentialChain::stsServerDown()
{
    CredentialTestHome home;
    home.useServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(test::closedPort())));
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("r"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("aws.unreachable"));
    QVERIFY(resolved.error().message.contains(QStringLiteral("STS")));
}

void TestCredentialChain::webIdentityFromEnvironment()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.write(QStringLiteral("token.jwt"), "eyJ.web.token\n");
    home.env().insert(QStringLiteral("AWS_WEB_IDENTITY_TOKEN_FILE"), home.path(QStringLiteral("token.jwt")));
    home.env().insert(QStringLiteral("AWS_ROLE_ARN"), QStringLiteral("arn:aws:iam::555555555555:role/Web"));
    home.env().insert(QStringLiteral("AWS_ROLE_SESSION_NAME"), QStringLiteral("pod-1"));
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("assume-role-with-web-identity"));
    QCOMPARE(resolved->arn, QStringLiteral("arn:aws:sts::555555555555:assumed-role/Web/pod-1"));
    QVERIFY(countRequests(*m_server, QStringLiteral("WebIdentityToken=eyJ.web.token")) >= 1);
}

void TestCredentialChain::webIdentityFromProfile()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.write(QStringLiteral("token.jwt"), "eyJ.profile.token");
    home.config("[profile w]\nweb_identity_token_file = " + home.path(QStringLiteral("token.jwt")).toUtf8() +
                "\nrole_arn = arn:aws:iam::1:role/Web\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("w"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->profile, QStringLiteral("w"));

    home.config(
        "[profile w]\nweb_identity_token_file = /nonexistent/token\nrole_arn = arn:aws:iam::1:role/Web\n");
    QCOMPARE(home.chain().resolveDetailed(QStringLiteral("w")).error().code,
             QStringLiteral("credentials.web-identity-token"));
}

void TestCredentialChain::webIdentityBadToken()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.write(QStringLiteral("token.jwt"), "bad-token");
    home.config("[profile w]\nweb_identity_token_file = " + home.path(QStringLiteral("token.jwt")).toUtf8() +
                "\nrole_arn = arn:aws:iam::1:role/Web\n");
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("w"));
    QCOMPARE(resolved.error().code, QStringLiteral("sts.InvalidIdentityToken"));
    QVERIFY(!resolved.error().message.contains(QStringLiteral("bad-token")));
}

namespace {

void writeSsoToken(const CredentialTestHome &home, const QString &key, const QString &accessToken,
                   const QDateTime &expiresAt, const QString &refreshToken = {})
{
    SsoToken token;
    token.startUrl = QStringLiteral("https://example.awsapps.com/start");
    token.region = QStringLiteral("us-east-1");
    token.accessToken = SecretString::fromUtf8(accessToken);
    token.expiresAt = expiresAt;
    if (!refreshToken.isEmpty()) {
        token.refreshToken = SecretString::fromUtf8(refreshToken);
        token.clientId = QStringLiteral("client-1");
        token.clientSecret = SecretString::fromUtf8(QStringLiteral("client-secret-1"));
        token.registrationExpiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    }
    QVERIFY(SsoTokenCache(home.path(QStringLiteral(".aws/sso/cache"))).store(key, token).ok());
}

const QByteArray kSsoSessionConfig =
    "[profile s]\nsso_session = corp\nsso_account_id = 666666666666\n"
    "sso_role_name = ReadOnly\n[sso-session corp]\n"
    "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
    "sso_registration_scopes = sso:account:access\n";

} // namespace

void TestCredentialChain::ssoLegacyProfile()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config("[profile s]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
                "sso_account_id = 666666666666\nsso_role_name = ReadOnly\n");
    writeSsoToken(home, QStringLiteral("https://example.awsapps.com/start"), QStringLiteral("legacy-token"),
                  QDateTime::currentDateTimeUtc().addSecs(3600));
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("s"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("sso"));
    QCOMPARE(resolved->accountId, QStringLiteral("666666666666"));
    QVERIFY(resolved->credentials.expiration);
}

void TestCredentialChain::ssoSessionProfile()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config(kSsoSessionConfig);
    writeSsoToken(home, QStringLiteral("corp"), QStringLiteral("session-token"),
                  QDateTime::currentDateTimeUtc().addSecs(3600), QStringLiteral("refresh-1"));
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("s"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("sso"));
    // The cache file is the AWS CLI's: ~/.aws/sso/cache/<sha1 of the session name>.json.
    QVERIFY(
        QFile::exists(home.path(QStringLiteral(".aws/sso/cache/") +
                                SsoTokenCache::cacheKey(QStringLiteral("corp")) + QStringLiteral(".json"))));
}

void TestCredentialChain::ssoSessionRefreshesExpiredToken()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config(kSsoSessionConfig);
    writeSsoToken(home, QStringLiteral("corp"), QStringLiteral("old-token"),
                  QDateTime::currentDateTimeUtc().addSecs(-60), QStringLiteral("refresh-2"));
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("s"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    const auto stored =
        SsoTokenCache(home.path(QStringLiteral(".aws/sso/cache"))).load(QStringLiteral("corp"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->accessToken.revealText(), QStringLiteral("refreshed-refresh-2"));
    QCOMPARE(stored->refreshToken.revealText(), QStringLiteral("refresh-2-next"));
    QVERIFY(stored->expiresAt > QDateTime::currentDateTimeUtc().addSecs(3600));
}

void TestCredentialChain::ssoExpiredToken()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config("[profile s]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
                "sso_account_id = 666666666666\nsso_role_name = ReadOnly\n");
    writeSsoToken(home, QStringLiteral("https://example.awsapps.com/start"), QStringLiteral("legacy-token"),
                  QDateTime::currentDateTimeUtc().addSecs(-10));
    const auto resolved = home.chain().resolveDetailed(QStringLiteral("s"));
    QCOMPARE(resolved.error().code, QStringLiteral("sso.token-expired"));
    QVERIFY(
        resolved.error().hintFor(FrontEnd::Cli).contains(QStringLiteral("signet sso login --aws-profile s")));
    QVERIFY(!resolved.error().hintFor(FrontEnd::Gui).contains(QStringLiteral("signet ")));
    QVERIFY(!resolved.error().message.contains(QStringLiteral("legacy-token")));
}

void TestCredentialChain::ssoRevokedToken()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config(kSsoSessionConfig);
    // Expired, and the refresh token was revoked: a sign-in is needed.
    writeSsoToken(home, QStringLiteral("corp"), QStringLiteral("old-token"),
                  QDateTime::currentDateTimeUtc().addSecs(-60), QStringLiteral("revoked-1"));
    QCOMPARE(home.chain().resolveDetailed(QStringLiteral("s")).error().code,
             QStringLiteral("sso.token-expired"));
    // Still valid by its date, but the portal rejects it.
    writeSsoToken(home, QStringLiteral("corp"), QStringLiteral("expired-by-server"),
                  QDateTime::currentDateTimeUtc().addSecs(7200));
    const auto rejected = home.chain().resolveDetailed(QStringLiteral("s"));
    QCOMPARE(rejected.error().code, QStringLiteral("sso.token-expired"));
    QVERIFY(!rejected.error().message.contains(QStringLiteral("expired-by-server")));
}

void TestCredentialChain::ssoNotSignedIn()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config(kSsoSessionConfig);
    QCOMPARE(home.chain().resolveDetailed(QStringLiteral("s")).error().code,
             QStringLiteral("sso.not-signed-in"));
    home.config("[profile s]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n");
    QCOMPARE(home.chain().resolveDetailed(QStringLiteral("s")).error().code,
             QStringLiteral("credentials.config"));
    home.config("[profile s]\nsso_account_id = 1\nsso_role_name = R\n");
    const auto missing = home.chain().resolveDetailed(QStringLiteral("s"));
    QVERIFY(missing.error().message.contains(QStringLiteral("sso_start_url, sso_region")));
}

void TestCredentialChain::ssoPortalFaults()
{
    for (const QString &role : {QStringLiteral("fault-500"), QStringLiteral("fault-json")}) {
        CredentialTestHome home;
        home.useServer(m_server->url());
        home.config(
            "[profile s]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_account_id = 1\n"
            "sso_role_name = " +
            role.toUtf8() + "\n");
        writeSsoToken(home, QStringLiteral("https://x/start"), QStringLiteral("tok"),
                      QDateTime::currentDateTimeUtc().addSecs(3600));
        const auto resolved = home.chain().resolveDetailed(QStringLiteral("s"));
        QVERIFY(!resolved);
        QCOMPARE(resolved.error().code,
                 role == u"fault-500" ? QStringLiteral("sso.http-500") : QStringLiteral("sso.malformed"));
    }
}

void TestCredentialChain::containerFullUri()
{
    LocalAwsServer ecs({QStringLiteral("--ecs-auth")});
    CredentialTestHome home;
    home.env().insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                      ecs.url(QStringLiteral("/ecs/v2")).toString());
    home.env().insert(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                      QStringLiteral("ecs-auth-token-xyz"));
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("container-role"));
    home.env().insert(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN"), QStringLiteral("wrong"));
    QCOMPARE(home.chain().resolveDetailed().error().code, QStringLiteral("container.http-403"));
}

void TestCredentialChain::containerTokenFile()
{
    LocalAwsServer ecs({QStringLiteral("--ecs-auth")});
    CredentialTestHome home;
    home.write(QStringLiteral("ecs-token"), "ecs-auth-token-xyz\n");
    home.env().insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                      ecs.url(QStringLiteral("/ecs/v2")).toString());
    home.env().insert(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN"), QStringLiteral("wrong"));
    home.env().insert(QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
                      home.path(QStringLiteral("ecs-token")));
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
}

void TestCredentialChain::containerHostNotAllowed()
{
    CredentialTestHome home;
    home.env().insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                      QStringLiteral("http://evil.example.com/creds"));
    QCOMPARE(home.chain().resolveDetailed().error().code, QStringLiteral("container.host-not-allowed"));
}

void TestCredentialChain::containerFaults()
{
    for (const QString &mode : {QStringLiteral("500"), QStringLiteral("garbage")}) {
        LocalAwsServer ecs({QStringLiteral("--ecs-mode"), mode});
        CredentialTestHome home;
        home.env().insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                          ecs.url(QStringLiteral("/ecs")).toString());
        const auto resolved = home.chain().resolveDetailed();
        QVERIFY(!resolved);
        QCOMPARE(resolved.error().code, mode == u"500" ? QStringLiteral("container.http-500")
                                                       : QStringLiteral("container.malformed"));
    }
}

void TestCredentialChain::containerHangsIsBounded()
{
    LocalAwsServer ecs({QStringLiteral("--ecs-mode"), QStringLiteral("hang")});
    CredentialTestHome home;
    home.env().insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                      ecs.url(QStringLiteral("/ecs")).toString());
    QElapsedTimer timer;
    timer.start();
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("aws.unreachable"));
    QVERIFY2(resolved.error().message.contains(QStringLiteral("no answer within")),
             qPrintable(resolved.error().message));
    QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
}

void TestCredentialChain::ssoPortalHangsIsBounded()
{
    CredentialTestHome home;
    home.useServer(m_server->url());
    home.config("[profile s]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_account_id = 1\n"
                "sso_role_name = fault-hang\n");
    writeSsoToken(home, QStringLiteral("https://x/start"), QStringLiteral("sso-access-SECRETVALUE"),
                  QDateTime::currentDateTimeUtc().addSecs(3600));
    CredentialChainOptions options;
    options.httpTimeoutMs = 1000;
    QElapsedTimer timer;
    timer.start();
    const auto resolved = home.chain(options).resolveDetailed(QStringLiteral("s"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, QStringLiteral("aws.unreachable"));
    QVERIFY(!resolved.error().toString().contains(QStringLiteral("SECRETVALUE")));
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

void TestCredentialChain::imdsV2()
{
    LocalAwsServer imds;
    CredentialTestHome home;
    home.env().remove(QStringLiteral("AWS_EC2_METADATA_DISABLED"));
    home.env().insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), imds.url().toString());
    const auto resolved = home.chain().resolveDetailed();
    QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    QCOMPARE(resolved->provider, QStringLiteral("iam-role"));
    bool sawTtl = false;
    for (const auto &request : imds.requests()) {
        const QJsonObject headers = request.toObject().value(QStringLiteral("headers")).toObject();
        if (headers.value(QStringLiteral("x-aws-ec2-metadata-token-ttl-seconds")).toString() == u"21600")
            sawTtl = true;
    }
    QVERIFY(sawTtl);
}

void TestCredentialChain::imdsV1Fallback()
{
    for (const QString &mode : {QStringLiteral("v1only"), QStringLiteral("500")}) {
        LocalAwsServer imds({QStringLiteral("--imds-mode"), mode});
        CredentialTestHome home;
        home.env().remove(QStringLiteral("AWS_EC2_METADATA_DISABLED"));
        home.env().insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), imds.url().toString());
        const auto resolved = home.chain().resolveDetailed();
        QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
    }
    LocalAwsServer noRole({QStringLiteral("--imds-mode"), QStringLiteral("norole")});
    CredentialTestHome home;
    home.env().remove(QStringLiteral("AWS_EC2_METADATA_DISABLED"));
    home.env().insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), noRole.url().toString());
    QCOMPARE(home.chain().resolveDetailed().error().code, QStringLiteral("credentials.none"));
}

void TestCredentialChain::imdsGarbage()
{
    LocalAwsServer imds({QStringLiteral("--imds-mode"), QStringLiteral("garbage")});
    CredentialTestHome home;
    home.env().remove(QStringLiteral("AWS_EC2_METADATA_DISABLED"));
    home.env().insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), imds.url().toString());
    QCOMPARE(home.chain().resolveDetailed().error().code, QStringLiteral("imds.malformed"));
}

void TestCredentialChain::imdsHangsIsBounded()
{
    LocalAwsServer imds({QStringLiteral("--imds-mode"), QStringLiteral("hang")});
    CredentialTestHome home;
    home.env().remove(QStringLiteral("AWS_EC2_METADATA_DISABLED"));
    home.env().insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), imds.url().toString());
    QElapsedTimer timer;
    timer.start();
    const auto resolved = home.chain().resolveDetailed();
    QCOMPARE(resolved.error().code, QStringLiteral("credentials.none"));
    QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
}

void TestCredentialChain::cacheRefreshesOnceForManyCallers()
{
    LocalAwsServer sts;
    CredentialTestHome home;
    home.useServer(sts.url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/Cached\nsource_profile = base\n");
    CredentialChain chain = home.chain();
    auto cache = std::make_shared<CredentialCache>();
    chain.setCache(cache);
    QList<QFuture<Result<ResolvedCredentials>>> futures;
    for (int i = 0; i < 5; ++i)
        futures.append(chain.resolveAsync(QStringLiteral("r")));
    for (auto &future : futures) {
        const auto result = waitForResult(future, 10000, QStringLiteral("test"));
        QVERIFY(result.ok());
        QCOMPARE(result->credentials.accessKeyId,
                 waitForResult(futures.first(), 1, QStringLiteral("t"))->credentials.accessKeyId);
    }
    QVERIFY(chain.resolveDetailed(QStringLiteral("r")).ok());
    QCOMPARE(cache->fetchCount(), 1);
    QCOMPARE(countRequests(sts, QStringLiteral("Action=AssumeRole")), 1);
}

void TestCredentialChain::cacheRefreshesBeforeExpiry()
{
    LocalAwsServer sts;
    CredentialTestHome home;
    home.useServer(sts.url());
    home.credentials("[base]\n" + kStaticKeys);
    home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/Cached\nsource_profile = base\nduration_seconds "
                "= 900\n");
    ManualClock clock(QDateTime::currentDateTimeUtc());
    CredentialChainOptions options;
    options.clock = &clock;
    CredentialChain chain = home.chain(options);
    const auto first = chain.resolveDetailed(QStringLiteral("r"));
    QVERIFY(first.ok());
    clock.advance(9 * 60);
    QVERIFY(chain.resolveDetailed(QStringLiteral("r")).ok());
    QCOMPARE(countRequests(sts, QStringLiteral("Action=AssumeRole")), 1);
    // Within five minutes of the 15-minute expiry: fetched again.
    clock.advance(2 * 60);
    QVERIFY(chain.resolveDetailed(QStringLiteral("r")).ok());
    QCOMPARE(countRequests(sts, QStringLiteral("Action=AssumeRole")), 2);
}

QTEST_GUILESS_MAIN(TestCredentialChain)
#include "tst_credential_chain.moc"
