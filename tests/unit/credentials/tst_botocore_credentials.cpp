// SPDX-License-Identifier: GPL-3.0-or-later
// Tests: Signet's credential chain against botocore's Session(profile=...).get_credentials(), setup by
// setup, both aimed at the same local STS/SSO/OIDC/ECS/IMDS server; `signet token` signs with the same
// identity. botocore answers for every setup from one Python process (initTestCase).
#include "CredentialTestHome.h"
#include "LocalAwsServer.h"
#include "TestPaths.h"

#include "aws/SsoTokenCache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QtTest>

#include <deque>
#include <memory>
#include <vector>

using namespace signet;
using namespace signet::aws;
using namespace Qt::StringLiterals;
using signet::test::CredentialTestHome;
using signet::test::LocalAwsServer;

namespace {

const QByteArray kKeys = "aws_access_key_id = AKIDSTATIC1\naws_secret_access_key = sk-AKIDSTATIC1\n";
const QByteArray kKeys2 = "aws_access_key_id = AKIDSTATIC2\naws_secret_access_key = sk-AKIDSTATIC2\n";
const QByteArray kProcess =
    "credential_process = printf "
    "'{\"Version\":1,\"AccessKeyId\":\"AKIDPROCESS\",\"SecretAccessKey\":\"sk-AKIDPROCESS\"}'\n";
const QByteArray kProcessTemporary =
    "credential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS\", \"SecretAccessKey\": "
    "\"s\", "
    "\"SessionToken\": \"proc-token\", \"Expiration\": \"2031-01-01T00:00:00Z\"}'\n";
const QByteArray kSsoSession = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                               "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n";
const QByteArray kSsoLegacy = "sso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\n"
                              "sso_account_id = 777777777777\nsso_role_name = Legacy\n";

struct Outcome
{
    bool ok = false;
    QString accessKey;
    QString token;
    QString detail;
};

// Sets up one home from a row; "@HOME@" in any text becomes the home directory.
void prepare(CredentialTestHome &home, const LocalAwsServer &server, const QByteArray &config,
             const QByteArray &credentials, const QStringList &env, const QStringList &ssoTokens)
{
    const QByteArray homePath = home.path(QString()).toUtf8();
    auto expand = [&homePath](QByteArray text) { return text.replace("@HOME@", homePath); };
    home.useServer(server.url());
    if (!config.isEmpty())
        home.config(expand(config));
    if (!credentials.isEmpty())
        home.credentials(expand(credentials));
    home.write(QStringLiteral("web-token"), "eyJ.web.identity");
    for (const QString &pair : env) {
        const QString value = pair.section(u'=', 1);
        if (value == u"-")
            home.env().remove(pair.section(u'=', 0, 0));
        else
            home.env().insert(pair.section(u'=', 0, 0),
                              QString::fromUtf8(expand(value.toUtf8()))
                                  .replace(QStringLiteral("@SERVER@"), server.url().toString()));
    }
    // key|accessToken|seconds from now|refreshToken
    for (const QString &spec : ssoTokens) {
        const QStringList parts = spec.split(u'|');
        SsoToken token;
        token.startUrl = QStringLiteral("https://corp.awsapps.com/start");
        token.region = QStringLiteral("us-east-1");
        token.accessToken = SecretString::fromUtf8(parts.at(1));
        token.expiresAt = QDateTime::currentDateTimeUtc().addSecs(parts.at(2).toInt());
        if (parts.size() > 3) {
            token.refreshToken = SecretString::fromUtf8(parts.at(3));
            token.clientId = QStringLiteral("client-1");
            token.clientSecret = SecretString::fromUtf8(QStringLiteral("client-secret-1"));
            token.registrationExpiresAt = QDateTime::currentDateTimeUtc().addDays(30);
        }
        QVERIFY(SsoTokenCache(home.path(QStringLiteral(".aws/sso/cache"))).store(parts.at(0), token).ok());
    }
}

Outcome withSignet(CredentialTestHome &home, const QString &profile)
{
    const auto resolved = home.chain().resolveDetailed(profile, 30000);
    if (!resolved)
        return {false, {}, {}, resolved.error().toString()};
    return {true, resolved->credentials.accessKeyId, resolved->credentials.sessionToken.revealText(),
            resolved->provider};
}

Outcome fromBotocoreJson(const QJsonObject &object)
{
    if (object.contains(QStringLiteral("error")))
        return {false,
                {},
                {},
                object.value(QStringLiteral("type")).toString() + u' ' +
                    object.value(QStringLiteral("error")).toString()};
    return {true, object.value(QStringLiteral("access_key")).toString(),
            object.value(QStringLiteral("token")).toString(),
            object.value(QStringLiteral("method")).toString()};
}

// botocore's answer for each home: one Python process (importing botocore takes most of a second),
// each setup resolved in a child of its own with that home's environment.
QList<Outcome> withBotocore(const std::vector<std::unique_ptr<CredentialTestHome>> &homes,
                            const QStringList &profiles, QString *problem)
{
    QJsonArray setups;
    for (size_t i = 0; i < homes.size(); ++i) {
        QJsonObject env;
        const QProcessEnvironment &environment = homes[i]->env();
        for (const QString &name : environment.keys())
            env.insert(name, environment.value(name));
        setups.append(QJsonObject{{QStringLiteral("env"), env},
                                  {QStringLiteral("profile"), profiles.at(qsizetype(i))}});
    }
    QTemporaryFile input;
    if (!input.open()) {
        *problem = QStringLiteral("cannot write the botocore input");
        return {};
    }
    input.write(QJsonDocument(setups).toJson(QJsonDocument::Compact));
    input.flush();
    QProcess process;
    process.start(LocalAwsServer::python(),
                  {test::sourcePath(QStringLiteral("tests/support/botocore_credentials.py")),
                   QStringLiteral("--batch"), input.fileName()});
    if (!process.waitForFinished(240'000)) {
        *problem = QStringLiteral("botocore helper hung");
        return {};
    }
    const QJsonArray answers = QJsonDocument::fromJson(process.readAllStandardOutput()).array();
    if (answers.size() != setups.size()) {
        *problem = QStringLiteral("helper failed: ") + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    QList<Outcome> out;
    for (const QJsonValue &answer : answers)
        out.append(fromBotocoreJson(answer.toObject()));
    return out;
}

// `signet token --aws-profile X` (or none), started; signetCliOutcome() reads what it signed with.
std::unique_ptr<QProcess> startSignetCli(CredentialTestHome &home, const QString &profile)
{
    QStringList args{
        QStringLiteral("token"),     QStringLiteral("--host"), QStringLiteral("db.example.internal"),
        QStringLiteral("--port"),    QStringLiteral("5432"),   QStringLiteral("--region"),
        QStringLiteral("eu-west-1"), QStringLiteral("--user"), QStringLiteral("iam_user"),
        QStringLiteral("--json")};
    if (!profile.isEmpty())
        args << QStringLiteral("--aws-profile") << profile;
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(home.env());
    process->setStandardInputFile(QProcess::nullDevice());
    process->start(qEnvironmentVariable("SIGNET_BIN"), args);
    return process;
}

// What the command signed with, from its --json fields.
Outcome signetCliOutcome(QProcess &process)
{
    if (!process.waitForFinished(60000))
        return {false, {}, {}, QStringLiteral("signet token hung")};
    const QJsonObject object = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    if (process.exitCode() != 0 || !object.contains(QStringLiteral("access_key_id")))
        return {false, {}, {}, QString::fromUtf8(process.readAllStandardError())};
    return {true, object.value(QStringLiteral("access_key_id")).toString(),
            object.value(QStringLiteral("has_session_token")).toBool() ? QStringLiteral("yes") : QString(),
            object.value(QStringLiteral("credential_source")).toString()};
}

struct Setup
{
    const char *name;
    QByteArray config;
    QByteArray credentials;
    QStringList env;
    QString profile;
    bool expectResolved;
    QStringList ssoTokens;
};

// Every setup: the files, the environment, the profile asked for, whether it resolves.
QList<Setup> setups()
{
    const QStringList envKeys{QStringLiteral("AWS_ACCESS_KEY_ID=AKIDENV"),
                              QStringLiteral("AWS_SECRET_ACCESS_KEY=sk-AKIDENV")};
    const QString none;
    QList<Setup> out;
    auto row = [&out](const char *name, const QByteArray &config, const QByteArray &credentials,
                      const QStringList &env, const QString &profile, bool resolves,
                      const QStringList &sso = {}) {
        out.append({name, config, credentials, env, profile, resolves, sso});
    };

    // Environment and profile selection.
    row("env keys", {}, {}, envKeys, none, true);
    row("env keys + session token", {}, {}, envKeys + QStringList{QStringLiteral("AWS_SESSION_TOKEN=envtok")},
        none, true);
    row("env beats credentials file", {}, "[default]\n" + kKeys, envKeys, none, true);
    row("explicit profile skips env", {}, "[dev]\n" + kKeys, envKeys, QStringLiteral("dev"), true);
    row("env secret alone is ignored", {}, "[default]\n" + kKeys, {QStringLiteral("AWS_SECRET_ACCESS_KEY=x")},
        none, true);
    row("env access key alone fails", {}, "[default]\n" + kKeys,
        {QStringLiteral("AWS_ACCESS_KEY_ID=AKIDENV")}, none, false);
    row("AWS_PROFILE selects", {}, "[a]\n" + kKeys + "[b]\n" + kKeys2, {QStringLiteral("AWS_PROFILE=b")},
        none, true);
    row("AWS_DEFAULT_PROFILE before AWS_PROFILE", {}, "[a]\n" + kKeys + "[b]\n" + kKeys2,
        {QStringLiteral("AWS_PROFILE=a"), QStringLiteral("AWS_DEFAULT_PROFILE=b")}, none, true);
    row("missing explicit profile", {}, "[default]\n" + kKeys, {}, QStringLiteral("ghost"), false);
    row("missing AWS_PROFILE profile", {}, "[default]\n" + kKeys, {QStringLiteral("AWS_PROFILE=ghost")}, none,
        false);

    // Static keys in the two files.
    row("credentials [default]", {}, "[default]\n" + kKeys, {}, none, true);
    row("credentials session token", {}, "[default]\n" + kKeys + "aws_session_token = filetok\n", {}, none,
        true);
    row("credentials legacy security token", {}, "[default]\n" + kKeys + "aws_security_token = legacytok\n",
        {}, none, true);
    row("config [default]", "[default]\n" + kKeys, {}, {}, none, true);
    row("config [profile dev]", "[profile dev]\n" + kKeys2, {}, {}, QStringLiteral("dev"), true);
    row("config [profile default]", "[profile default]\n" + kKeys2, {}, {}, none, true);
    row("credentials file beats config", "[profile dev]\n" + kKeys2, "[dev]\n" + kKeys, {},
        QStringLiteral("dev"), true);
    row("config [dev] is not a profile", "[dev]\n" + kKeys, {}, {}, QStringLiteral("dev"), false);
    row("profile with extra spaces", "[profile    dev]\n" + kKeys, {}, {}, QStringLiteral("dev"), true);
    row("upper-case keys", {},
        "[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER\nAWS_Secret_Access_Key = sk-AKIDUPPER\n", {}, none, true);
    row("colon separator and comments", {},
        "# leading comment\n[default]\n; another comment\naws_access_key_id: AKIDCOLON\n"
        "aws_secret_access_key :sk-AKIDCOLON\n",
        {}, none, true);
    row("inline ; stays in the value", {},
        "[default]\naws_access_key_id = AKIDINLINE ; not a comment\n"
        "aws_secret_access_key = s\n",
        {}, none, true);
    row("indented sub-section", "[default]\n" + kKeys + "s3 =\n    max_concurrent_requests = 10\n", {}, {},
        none, true);
    row("[DEFAULT] is inherited", {}, "[DEFAULT]\n" + kKeys + "[dev]\nregion = eu-west-1\n", {},
        QStringLiteral("dev"), true);
    row("duplicate section", {}, "[default]\n" + kKeys + "[default]\n" + kKeys2, {}, none, false);
    row("duplicate key", {}, "[default]\n" + kKeys + "aws_access_key_id = AKIDTWICE\n", {}, none, false);
    row("partial keys", {}, "[default]\naws_access_key_id = AKIDHALF\n", {}, none, false);
    row("no credentials at all", "[default]\nregion = eu-west-1\n", {}, {}, none, false);

    // credential_process.
    row("credential_process", "[default]\n" + kProcess, {}, {}, none, true);
    row("credential_process temporary", "[profile p]\n" + kProcessTemporary, {}, {}, QStringLiteral("p"),
        true);
    row("credential_process in credentials file", {}, "[p]\n" + kProcess, {}, QStringLiteral("p"), true);
    row("credentials keys beat credential_process", "[profile p]\n" + kProcess, "[p]\n" + kKeys, {},
        QStringLiteral("p"), true);
    row("credential_process beats config keys", "[profile p]\n" + kKeys2 + kProcess, {}, {},
        QStringLiteral("p"), true);
    row("credential_process fails", "[default]\ncredential_process = sh -c 'echo nope >&2; exit 2'\n", {}, {},
        none, false);
    row("credential_process version 2", "[default]\ncredential_process = printf '{\"Version\":2}'\n", {}, {},
        none, false);

    // Assume role.
    const QByteArray role = "role_arn = arn:aws:iam::123456789012:role/Admin\n";
    row("assume role from source_profile", "[profile admin]\n" + role + "source_profile = base\n",
        "[base]\n" + kKeys, {}, QStringLiteral("admin"), true);
    row("assume role chain",
        "[profile mid]\nrole_arn = arn:aws:iam::111111111111:role/Mid\nsource_profile = base\n"
        "[profile top]\n" +
            role + "source_profile = mid\n",
        "[base]\n" + kKeys, {}, QStringLiteral("top"), true);
    row("assume role from credential_process",
        "[profile admin]\n" + role + "source_profile = proc\n[profile proc]\n" + kProcess, {}, {},
        QStringLiteral("admin"), true);
    row("assume role credential_source Environment",
        "[profile admin]\n" + role + "credential_source = Environment\n", {}, envKeys,
        QStringLiteral("admin"), true);
    row("assume role self reference", {}, "[me]\n" + kKeys + role + "source_profile = me\n", {},
        QStringLiteral("me"), true);
    row("assume role cycle",
        "[profile a]\n" + role + "source_profile = b\n[profile b]\n" + role + "source_profile = a\n", {}, {},
        QStringLiteral("a"), false);
    row("assume role in credentials file", {}, "[admin]\n" + role + "source_profile = base\n[base]\n" + kKeys,
        {}, QStringLiteral("admin"), true);
    row("assume role with external_id",
        "[profile x]\nrole_arn = arn:aws:iam::1:role/needs-external-id\nsource_profile = base\nexternal_id = "
        "ext-42\n",
        "[base]\n" + kKeys, {}, QStringLiteral("x"), true);
    row("assume role denied",
        "[profile x]\nrole_arn = arn:aws:iam::1:role/fault-denied\nsource_profile = base\n",
        "[base]\n" + kKeys, {}, QStringLiteral("x"), false);
    row("assume role missing source", "[profile x]\n" + role + "source_profile = ghost\n", {}, {},
        QStringLiteral("x"), false);
    row("assume role via default profile", "[default]\n" + role + "source_profile = base\n",
        "[base]\n" + kKeys, {}, none, true);

    // Web identity.
    row("web identity profile", "[profile w]\nweb_identity_token_file = @HOME@/web-token\n" + role, {}, {},
        QStringLiteral("w"), true);
    row("web identity env", {}, {},
        {QStringLiteral("AWS_WEB_IDENTITY_TOKEN_FILE=@HOME@/web-token"),
         QStringLiteral("AWS_ROLE_ARN=arn:aws:iam::1:role/Web")},
        none, true);
    row("web identity env ignored for explicit profile", {}, "[dev]\n" + kKeys,
        {QStringLiteral("AWS_WEB_IDENTITY_TOKEN_FILE=@HOME@/web-token"),
         QStringLiteral("AWS_ROLE_ARN=arn:aws:iam::1:role/Web")},
        QStringLiteral("dev"), true);

    // IAM Identity Center.
    row("sso legacy profile", "[profile s]\n" + kSsoLegacy, {}, {}, QStringLiteral("s"), true,
        {QStringLiteral("https://legacy.awsapps.com/start|legacy-access|3600")});
    row("sso session profile",
        "[profile s]\nsso_session = corp\nsso_account_id = 888888888888\nsso_role_name = Dev\n" + kSsoSession,
        {}, {}, QStringLiteral("s"), true, {QStringLiteral("corp|session-access|3600|refresh-a")});
    row("sso session refreshed",
        "[profile s]\nsso_session = corp\nsso_account_id = 888888888888\nsso_role_name = Dev\n" + kSsoSession,
        {}, {}, QStringLiteral("s"), true, {QStringLiteral("corp|old-access|-60|refresh-b")});
    row("sso token rejected", "[profile s]\n" + kSsoLegacy, {}, {}, QStringLiteral("s"), false,
        {QStringLiteral("https://legacy.awsapps.com/start|expired-access|3600")});
    row("sso missing session section",
        "[profile s]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = Dev\n", {}, {},
        QStringLiteral("s"), false);
    row("assume role from sso", "[profile admin]\n" + role + "source_profile = s\n[profile s]\n" + kSsoLegacy,
        {}, {}, QStringLiteral("admin"), true,
        {QStringLiteral("https://legacy.awsapps.com/start|legacy-access|3600")});

    // Container and instance metadata.
    row("container full uri", {}, {},
        {QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI=@SERVER@/ecs/task"),
         QStringLiteral("AWS_CONTAINER_AUTHORIZATION_TOKEN=ecs-auth-token-xyz")},
        none, true);
    row("profile keys beat container", {}, "[default]\n" + kKeys,
        {QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI=@SERVER@/ecs/task")}, none, true);
    row("instance metadata", {}, {},
        {QStringLiteral("AWS_EC2_METADATA_DISABLED=-"),
         QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT=@SERVER@")},
        none, true);
    row("assume role credential_source Ec2InstanceMetadata",
        "[profile admin]\n" + role + "credential_source = Ec2InstanceMetadata\n", {},
        {QStringLiteral("AWS_EC2_METADATA_DISABLED=-"),
         QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT=@SERVER@")},
        QStringLiteral("admin"), true);
    return out;
}

} // namespace

class TestBotocoreCredentials : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matrix_data();
    void matrix();
    void cleanupTestCase();

private:
    std::unique_ptr<LocalAwsServer> m_server;
    const QList<Setup> m_setups = setups();
    QList<Outcome> m_botocore; // botocore's answer for each setup
    QList<Outcome> m_cli;      // what `signet token` signed with, for each setup that resolves
    int m_rows = 0;
    int m_bothResolved = 0;
};

void TestBotocoreCredentials::initTestCase()
{
    if (QProcess::execute(LocalAwsServer::python(),
                          {QStringLiteral("-c"), QStringLiteral("import botocore")}) != 0)
        QSKIP("/usr/bin/python3 has no botocore (apt install python3-botocore)");
    m_server = std::make_unique<LocalAwsServer>();
    QVERIFY(m_server->isRunning());

    // botocore resolves every setup in a home of its own, in one Python process.
    std::vector<std::unique_ptr<CredentialTestHome>> botocoreHomes;
    QStringList profiles;
    for (const Setup &setup : m_setups) {
        botocoreHomes.push_back(std::make_unique<CredentialTestHome>());
        prepare(*botocoreHomes.back(), *m_server, setup.config, setup.credentials, setup.env,
                setup.ssoTokens);
        profiles.append(setup.profile);
    }
    QVERIFY(!QTest::currentTestFailed());
    QString problem;
    m_botocore = withBotocore(botocoreHomes, profiles, &problem);
    QVERIFY2(m_botocore.size() == m_setups.size(), qPrintable(problem));

    // `signet token` in a third home for every setup that resolves, a few processes at a time.
    constexpr size_t Parallel = 4;
    m_cli.resize(m_setups.size(), Outcome{false, {}, {}, QStringLiteral("not run")});
    std::vector<std::unique_ptr<CredentialTestHome>> cliHomes(m_setups.size());
    std::deque<std::pair<qsizetype, std::unique_ptr<QProcess>>> running;
    for (qsizetype i = 0; i < m_setups.size() || !running.empty();) {
        if (i < m_setups.size() && running.size() < Parallel) {
            const Setup &setup = m_setups.at(i);
            if (setup.expectResolved) {
                cliHomes[size_t(i)] = std::make_unique<CredentialTestHome>();
                prepare(*cliHomes[size_t(i)], *m_server, setup.config, setup.credentials, setup.env,
                        setup.ssoTokens);
                running.emplace_back(i, startSignetCli(*cliHomes[size_t(i)], setup.profile));
            }
            ++i;
            continue;
        }
        m_cli[running.front().first] = signetCliOutcome(*running.front().second);
        running.pop_front();
    }
}

void TestBotocoreCredentials::matrix_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_setups.size(); ++i)
        QTest::newRow(m_setups[i].name) << int(i);
}

void TestBotocoreCredentials::matrix()
{
    QFETCH(int, index);
    const Setup &setup = m_setups.at(index);

    CredentialTestHome signetHome;
    prepare(signetHome, *m_server, setup.config, setup.credentials, setup.env, setup.ssoTokens);

    const Outcome ours = withSignet(signetHome, setup.profile);
    const Outcome &theirs = m_botocore.at(index);
    ++m_rows;
    const QString report =
        QStringLiteral("signet: %1 %2 (%3) | botocore: %4 %5 (%6)")
            .arg(ours.ok ? QStringLiteral("ok") : QStringLiteral("error"), ours.accessKey, ours.detail,
                 theirs.ok ? QStringLiteral("ok") : QStringLiteral("error"), theirs.accessKey, theirs.detail);
    QVERIFY2(ours.ok == theirs.ok, qPrintable(report));
    QVERIFY2(ours.ok == setup.expectResolved, qPrintable(report));
    if (ours.ok) {
        ++m_bothResolved;
        QVERIFY2(ours.accessKey == theirs.accessKey, qPrintable(report));
        QVERIFY2(ours.token == theirs.token, qPrintable(report));
        // The command line signs with that same identity (what `aws` would use).
        const Outcome &cli = m_cli.at(index);
        QVERIFY2(cli.ok, qPrintable(u"signet token: "_s + cli.detail));
        QVERIFY2(cli.accessKey == theirs.accessKey,
                 qPrintable(u"signet token signed with "_s + cli.accessKey + u" | "_s + report));
        QCOMPARE(!cli.token.isEmpty(), !theirs.token.isEmpty());
    }
}

void TestBotocoreCredentials::cleanupTestCase()
{
    qInfo("botocore parity: %d setups, %d resolved to the same keys by both, the rest failed in both", m_rows,
          m_bothResolved);
}

QTEST_GUILESS_MAIN(TestBotocoreCredentials)
#include "tst_botocore_credentials.moc"
