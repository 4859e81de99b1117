// SPDX-License-Identifier: GPL-3.0-or-later
// Tests: the pieces of the credential chain — the INI parser and shlex splitting against Python's own,
// STS/SSO/IMDS/process parsers, redaction, endpoints, the container host rule, the SSO cache, the cache.
#include "CredentialTestHome.h"
#include "LocalAwsServer.h"
#include "TestPaths.h"

#include "aws/AwsConfigFiles.h"
#include "aws/CommandSplitter.h"
#include "aws/ContainerCredentialsClient.h"
#include "aws/CredentialCache.h"
#include "aws/CredentialProcess.h"
#include "aws/ImdsClient.h"
#include "aws/ServiceEndpoints.h"
#include "aws/SharedConfigFile.h"
#include "aws/SsoDeviceLogin.h"
#include "aws/SsoPortalClient.h"
#include "aws/SsoTokenCache.h"
#include "aws/StsClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace signet;
using namespace signet::aws;

namespace {

// Runs Python with `script`, feeding `input` as JSON on stdin; returns the JSON it prints.
QJsonValue python(const QString &script, const QJsonValue &input)
{
    QProcess process;
    process.start(test::LocalAwsServer::python(), {QStringLiteral("-c"), script});
    process.waitForStarted();
    process.write(QJsonDocument(QJsonArray{input}).toJson());
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return QJsonDocument::fromJson(process.readAllStandardOutput()).array().at(0);
}

QJsonObject sectionsAsJson(const SharedConfigFile &file)
{
    QJsonObject out;
    for (const auto &section : file.sections()) {
        QJsonObject values;
        for (auto it = section.values.cbegin(); it != section.values.cend(); ++it)
            values.insert(it.key(), it.value());
        for (auto it = section.subsections.cbegin(); it != section.subsections.cend(); ++it) {
            QJsonObject nested;
            for (auto v = it->cbegin(); v != it->cend(); ++v)
                nested.insert(v.key(), v.value());
            values.insert(it.key(), nested);
        }
        out.insert(section.name, values);
    }
    return out;
}

} // namespace

class TestCredentialParts : public QObject
{
    Q_OBJECT

private slots:
    void configParserMatchesBotocore();
    void configParserErrorsNameLine();
    void configProfileLookup();
    void mergedProfiles();
    void commandSplitterMatchesShlex();
    void commandSplitterErrors();
    void processOutput();
    void redaction();
    void stsDocuments();
    void stsErrorDocuments();
    void ssoPortalDocument();
    void imdsDocument();
    void endpoints();
    void containerHosts();
    void ssoTokenCacheFormat();
    void credentialCacheSingleFlight();
    void deviceLogin();
    void deviceLoginServerDown();
};

void TestCredentialParts::configParserMatchesBotocore()
{
    const QStringList texts{
        QStringLiteral("[default]\naws_access_key_id = A\n"),
        QStringLiteral("# comment\n; comment\n[default]\nKey = Value\nother:  spaced value  \n"),
        QStringLiteral("[profile dev]\nregion=eu-west-1\n\n[profile   prod]\nregion = us-east-1\n"),
        QStringLiteral(
            "[default]\ns3 =\n    max_concurrent_requests = 10\n    addressing_style = path\nregion = x\n"),
        QStringLiteral("[DEFAULT]\nregion = eu-central-1\n[a]\nkey = 1\n[b]\nregion = override\n"),
        QStringLiteral("[default]\nvalue = first line\n  continued line\n"),
        QStringLiteral("[default]\nx = a ; not a comment # nor this\n"),
        QStringLiteral("[sso-session corp]\nsso_start_url = https://x\nsso_region = us-east-1\n"),
        QStringLiteral("[default]\nempty =\nk = v\n"),
        QStringLiteral("[Default]\nMiXeD = CaSe\n"),
        QStringLiteral("[default]\r\nwindows = line endings\r\n"),
        QStringLiteral("[default]\nunicode = Zürich ✓\n"),
        QStringLiteral("[ spaced ]\nk = v\n"),
        QStringLiteral("[default]\n\tk = tab indented first key\n"),
        QStringLiteral("[default]\nk = v\n[default]\nk = w\n"),
        QStringLiteral("[default]\nk = v\nk = w\n"),
        QStringLiteral("k = before any section\n"),
        QStringLiteral("[default]\nno separator here\n"),
        QStringLiteral("[unterminated\nk = v\n"),
        QStringLiteral("[default]\n= v\nk = w\n"),
        QStringLiteral("[default]\n: v\n"),
        QStringLiteral("[x = y\n"),
        QStringLiteral("[sec\\]\nk = v\n"),
        QStringLiteral("[default]\nk == v\n"),
        QStringLiteral("[a]]\nk = v\n"),
        QStringLiteral("[default]\n  \n"),
        QStringLiteral("[default]\nk = \"quoted\"\n"),
        QStringLiteral("[ profile   x ]\nk=v\n"),
    };
    QTemporaryDir dir;
    QJsonArray paths;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QString path = dir.filePath(QStringLiteral("f%1").arg(i));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(texts.at(i).toUtf8());
        paths.append(path);
    }
    const QJsonArray botocore =
        python(QStringLiteral("import json,sys\nfrom botocore.configloader import raw_config_parse\nout=[]\n"
                              "for p in json.load(sys.stdin)[0]:\n"
                              "    try: out.append(raw_config_parse(p))\n"
                              "    except Exception as e: out.append(type(e).__name__)\n"
                              "print(json.dumps([out]))\n"),
               paths)
            .toArray();
    QCOMPARE(botocore.size(), texts.size());
    int agreed = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const auto ours = SharedConfigFile::parse(texts.at(i).toUtf8(), paths.at(i).toString());
        const QJsonValue theirs = botocore.at(i);
        const QString label = texts.at(i).left(40).replace(u'\n', QStringLiteral("\\n"));
        if (theirs.isString()) {
            QVERIFY2(!ours.ok(),
                     qPrintable(
                         QStringLiteral("botocore fails (%1), we parse: %2").arg(theirs.toString(), label)));
        } else {
            QVERIFY2(ours.ok(),
                     qPrintable(label + QStringLiteral(" → ") + (ours ? QString() : ours.error().message)));
            QCOMPARE(sectionsAsJson(*ours), theirs.toObject());
        }
        ++agreed;
    }
    QCOMPARE(agreed, texts.size());
}

void TestCredentialParts::configParserErrorsNameLine()
{
    const auto parsed =
        SharedConfigFile::parse("[default]\nk = v\n\n???\n", QStringLiteral("/home/u/.aws/config"));
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().message.contains(QStringLiteral("/home/u/.aws/config")),
             qPrintable(parsed.error().message));
    QVERIFY2(parsed.error().message.contains(QStringLiteral("line 4")), qPrintable(parsed.error().message));
    const auto missing = SharedConfigFile::load(QStringLiteral("/nonexistent/dir/config"));
    QVERIFY(missing.ok());
    QVERIFY(!missing->exists());
}

void TestCredentialParts::configProfileLookup()
{
    const auto file =
        SharedConfigFile::parse("[default]\nregion = a\n[profile dev]\nregion = b\n[dev]\nregion = c\n"
                                "[sso-session corp]\nsso_region = d\n",
                                QStringLiteral("config"));
    QVERIFY(file.ok());
    QCOMPARE(file->configProfile(QStringLiteral("default"))->values.value(QStringLiteral("region")),
             QStringLiteral("a"));
    QCOMPARE(file->configProfile(QStringLiteral("dev"))->values.value(QStringLiteral("region")),
             QStringLiteral("b"));
    QCOMPARE(file->ssoSession(QStringLiteral("corp"))->values.value(QStringLiteral("sso_region")),
             QStringLiteral("d"));
    QVERIFY(!file->configProfile(QStringLiteral("corp")));
}

void TestCredentialParts::mergedProfiles()
{
    test::CredentialTestHome home;
    home.config("[profile dev]\nregion = eu-west-1\naws_access_key_id = CONFIG\nrole_arn = arn\n");
    home.credentials("[dev]\naws_access_key_id = CREDS\n[only-creds]\nk = v\n");
    const auto files = AwsConfigFiles::load(home.env());
    QVERIFY(files.ok());
    QCOMPARE(files->profile(QStringLiteral("dev")).value(QStringLiteral("aws_access_key_id")),
             QStringLiteral("CREDS"));
    QCOMPARE(files->profile(QStringLiteral("dev")).value(QStringLiteral("region")),
             QStringLiteral("eu-west-1"));
    QVERIFY(files->hasProfile(QStringLiteral("only-creds")));
    QCOMPARE(files->profileNames(), (QStringList{QStringLiteral("dev"), QStringLiteral("only-creds")}));
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), QStringLiteral("/home/u"));
    env.insert(QStringLiteral("DIR"), QStringLiteral("/etc/aws"));
    QCOMPARE(AwsConfigFiles::expandPath(QStringLiteral("~/x"), env), QStringLiteral("/home/u/x"));
    QCOMPARE(AwsConfigFiles::expandPath(QStringLiteral("$DIR/c ${DIR}/d $NOPE"), env),
             QStringLiteral("/etc/aws/c /etc/aws/d $NOPE"));
}

void TestCredentialParts::commandSplitterMatchesShlex()
{
    const QStringList lines{
        QStringLiteral("/usr/bin/helper --flag value"),
        QStringLiteral("helper 'single quoted arg' \"double quoted arg\""),
        QStringLiteral("helper \"a \\\"quoted\\\" word\" 'it'\\''s'"),
        QStringLiteral("helper back\\ slash\\ space"),
        QStringLiteral("helper \"keep \\n backslash\" '\\no escape'"),
        QStringLiteral("  spaced   out\targs  "),
        QStringLiteral("helper ''"),
        QStringLiteral("helper a#b # not a comment"),
        QStringLiteral("helper \"$HOME\" '$HOME'"),
        QStringLiteral("helper \"\\\\server\\share\""),
        QStringLiteral("helper Zürich ✓"),
        QStringLiteral("helper mixed\"quo\"ted'parts'"),
    };
    QJsonArray input;
    for (const QString &line : lines)
        input.append(line);
    const QJsonArray expected =
        python(QStringLiteral("import json,sys,shlex\nprint(json.dumps([[shlex.split(l) for l in "
                              "json.load(sys.stdin)[0]]]))"),
               input)
            .toArray();
    QCOMPARE(expected.size(), lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto ours = CommandSplitter::split(lines.at(i));
        QVERIFY2(ours.ok(), qPrintable(lines.at(i)));
        QStringList theirs;
        for (const auto &word : expected.at(i).toArray())
            theirs.append(word.toString());
        QCOMPARE(*ours, theirs);
    }
}

void TestCredentialParts::commandSplitterErrors()
{
    for (const QString &line :
         {QStringLiteral("helper 'open"), QStringLiteral("helper \"open"), QStringLiteral("helper \\")}) {
        const auto split = CommandSplitter::split(line);
        QVERIFY2(!split, qPrintable(line));
        QCOMPARE(split.error().code, QStringLiteral("process.bad-command"));
    }
}

void TestCredentialParts::processOutput()
{
    const auto full = CredentialProcess::parseOutput(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S",
        "SessionToken":"T","Expiration":"2030-01-01T00:00:00.000Z"})",
                                                     QStringLiteral("p"));
    QVERIFY(full.ok());
    QCOMPARE(full->sessionToken.revealText(), QStringLiteral("T"));
    QCOMPARE(full->expiration->date().year(), 2030);
    for (const QByteArray &bad :
         {QByteArrayLiteral("{}"),
          QByteArrayLiteral("{\"Version\":\"1\",\"AccessKeyId\":\"A\","
                            "\"SecretAccessKey\":\"S\"}"),
          QByteArrayLiteral("{\"Version\":1,\"SecretAccessKey\":\"S\"}"),
          QByteArrayLiteral("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\","
                            "\"Expiration\":\"tomorrow\"}"),
          QByteArrayLiteral("[1,2]"), QByteArrayLiteral("")}) {
        const auto parsed = CredentialProcess::parseOutput(bad, QStringLiteral("p"));
        QVERIFY2(!parsed, bad.constData());
        QVERIFY(!parsed.error().message.contains(QStringLiteral("\"S\"")));
    }
}

void TestCredentialParts::redaction()
{
    const QString text = CredentialProcess::redactSecrets(
        QStringLiteral("error: SecretAccessKey=abc123 token: \"xyz\" key AKIAIOSFODNN7EXAMPLE "
                       "blob wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY password=hunter2 plain words stay"));
    QVERIFY2(!text.contains(QStringLiteral("abc123")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("xyz")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("AKIAIOSFODNN7EXAMPLE")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("wJalrXUtnFEMI")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("hunter2")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("plain words stay")));
    QVERIFY(CredentialProcess::redactSecrets(QString(2000, u'x')).size() < 500);
}

void TestCredentialParts::stsDocuments()
{
    const QByteArray xml = R"(<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><AssumedRoleId>AROA3XFRBF535PLBIFPI4:s3-access-example</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn></AssumedRoleUser>
    <Credentials><SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2019-11-09T13:34:41Z</Expiration><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId></Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>)";
    const auto parsed = StsClient::parseCredentials(xml, QStringLiteral("AssumeRole"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->credentials.accessKeyId, QStringLiteral("ASIAIOSFODNN7EXAMPLE"));
    QCOMPARE(parsed->credentials.sessionToken.revealText(),
             QStringLiteral("AQoDYXdzEPT//////////wEXAMPLEtc764"));
    QCOMPARE(*parsed->credentials.expiration, QDateTime(QDate(2019, 11, 9), QTime(13, 34, 41), Qt::UTC));
    QCOMPARE(parsed->accountId, QStringLiteral("123456789012"));

    const auto identity = StsClient::parseCallerIdentity(
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/Alice</Arn>"
        "<UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></"
        "GetCallerIdentityResponse>");
    QCOMPARE(identity->arn, QStringLiteral("arn:aws:iam::123456789012:user/Alice"));
    QCOMPARE(identity->account, QStringLiteral("123456789012"));

    for (const QByteArray &bad :
         {QByteArrayLiteral(""), QByteArrayLiteral("<a><b>"), QByteArrayLiteral("not xml"),
          QByteArrayLiteral("<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>")}) {
        const auto result = StsClient::parseCredentials(bad, QStringLiteral("AssumeRole"));
        QVERIFY(!result);
        QCOMPARE(result.error().code, QStringLiteral("sts.malformed"));
    }
}

void TestCredentialParts::stsErrorDocuments()
{
    const Error expired = StsClient::parseError(
        400,
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
        "<Code>ExpiredToken</Code><Message>The security token included in the request is "
        "expired</Message></Error>"
        "<RequestId>1</RequestId></ErrorResponse>",
        QStringLiteral("AssumeRole"));
    QCOMPARE(expired.code, QStringLiteral("sts.ExpiredToken"));
    QVERIFY(expired.message.contains(QStringLiteral("is expired")));
    QVERIFY(!expired.hint.isEmpty());
    const Error denied = StsClient::parseError(403,
                                               "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not "
                                               "authorized</Message></Error></ErrorResponse>",
                                               QStringLiteral("AssumeRole"));
    QCOMPARE(denied.code, QStringLiteral("sts.AccessDenied"));
    QCOMPARE(StsClient::parseError(503, "<html>busy</html>", QStringLiteral("AssumeRole")).code,
             QStringLiteral("sts.http-503"));
    QCOMPARE(StsClient::parseError(500, "", QStringLiteral("AssumeRole")).code,
             QStringLiteral("sts.http-500"));
}

void TestCredentialParts::ssoPortalDocument()
{
    const auto parsed = SsoPortalClient::parseRoleCredentials(
        R"({"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"s","sessionToken":"t","expiration":1893456000000}})");
    QVERIFY(parsed.ok());
    QCOMPARE(*parsed->expiration, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(SsoPortalClient::parseRoleCredentials("{\"roleCredentials\":{}}").error().code,
             QStringLiteral("sso.malformed"));
    QCOMPARE(SsoPortalClient::parseRoleCredentials("{").error().code, QStringLiteral("sso.malformed"));
}

void TestCredentialParts::imdsDocument()
{
    const auto parsed = ImdsClient::parseCredentials(
        R"({"Code":"Success","LastUpdated":"2026-11-21T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIA2",
            "SecretAccessKey":"s","Token":"t","Expiration":"2026-11-21T06:00:00Z"})",
        QStringLiteral("IMDS"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->accessKeyId, QStringLiteral("ASIA2"));
    QCOMPARE(ImdsClient::parseCredentials(R"({"Code":"Failure"})", QStringLiteral("IMDS")).error().code,
             QStringLiteral("imds.malformed"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("TRUE"));
    QVERIFY(ImdsClient(env).disabled());
}

void TestCredentialParts::endpoints()
{
    QProcessEnvironment env;
    ServiceEndpoints defaults(env);
    QCOMPARE(defaults.sts(QStringLiteral("eu-west-1")).toString(),
             QStringLiteral("https://sts.eu-west-1.amazonaws.com"));
    QCOMPARE(defaults.sts(QString()).toString(), QStringLiteral("https://sts.amazonaws.com"));
    QCOMPARE(defaults.sts(QStringLiteral("cn-north-1")).toString(),
             QStringLiteral("https://sts.cn-north-1.amazonaws.com.cn"));
    QCOMPARE(defaults.ssoPortal(QStringLiteral("us-east-1")).toString(),
             QStringLiteral("https://portal.sso.us-east-1.amazonaws.com"));
    QCOMPARE(defaults.ssoOidc(QStringLiteral("us-east-1")).toString(),
             QStringLiteral("https://oidc.us-east-1.amazonaws.com"));
    QCOMPARE(defaults.imds().toString(), QStringLiteral("http://169.254.169.254"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://localhost:1"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), QStringLiteral("http://localhost:2"));
    env.insert(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"), QStringLiteral("http://localhost:3"));
    ServiceEndpoints overridden(env);
    QCOMPARE(overridden.sts(QStringLiteral("eu-west-1")).toString(), QStringLiteral("http://localhost:2"));
    QCOMPARE(overridden.ssoPortal(QStringLiteral("eu-west-1")).toString(),
             QStringLiteral("http://localhost:1"));
    QCOMPARE(overridden.imds().toString(), QStringLiteral("http://localhost:3"));
}

void TestCredentialParts::containerHosts()
{
    for (const char *ok :
         {"http://127.0.0.1/x", "http://127.1.2.3:80/x", "http://localhost:8080/x", "http://[::1]/x",
          "http://169.254.170.2/v2", "http://169.254.170.23/v1", "https://creds.example.com/x"})
        QVERIFY2(ContainerCredentialsClient::isAllowedHost(QUrl(QString::fromLatin1(ok))), ok);
    for (const char *bad :
         {"http://example.com/x", "http://10.0.0.1/x", "http://169.254.169.254/x", "ftp://127.0.0.1/x"})
        QVERIFY2(!ContainerCredentialsClient::isAllowedHost(QUrl(QString::fromLatin1(bad))), bad);

    // ECS: the relative URI is a path on 169.254.170.2, and wins over a full URI (as in botocore).
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
               QStringLiteral("/v2/credentials/abc-123"));
    QVERIFY(ContainerCredentialsClient(env).configured());
    QCOMPARE(ContainerCredentialsClient(env).endpoint()->toString(),
             QStringLiteral("http://169.254.170.2/v2/credentials/abc-123"));
    env.insert(QStringLiteral("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
               QStringLiteral("http://127.0.0.1:9/creds"));
    QCOMPARE(ContainerCredentialsClient(env).endpoint()->toString(),
             QStringLiteral("http://169.254.170.2/v2/credentials/abc-123"));
    env.remove(QStringLiteral("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
    QCOMPARE(ContainerCredentialsClient(env).endpoint()->toString(),
             QStringLiteral("http://127.0.0.1:9/creds"));
    QVERIFY(!ContainerCredentialsClient(QProcessEnvironment()).configured());
}

void TestCredentialParts::ssoTokenCacheFormat()
{
    // The file names the AWS CLI uses: sha1 of the session name / start URL.
    const QJsonValue sha = python(QStringLiteral("import json,sys,hashlib\nprint(json.dumps([hashlib.sha1("
                                                 "json.load(sys.stdin)[0].encode()).hexdigest()]))"),
                                  QStringLiteral("https://my-sso-portal.awsapps.com/start"));
    QCOMPARE(SsoTokenCache::cacheKey(QStringLiteral("https://my-sso-portal.awsapps.com/start")),
             sha.toString());

    QTemporaryDir dir;
    const SsoTokenCache cache(dir.filePath(QStringLiteral("sso/cache")));
    SsoToken token;
    token.startUrl = QStringLiteral("https://x/start");
    token.region = QStringLiteral("us-east-1");
    token.accessToken = SecretString::fromUtf8(QStringLiteral("access"));
    token.expiresAt = QDateTime(QDate(2030, 1, 1), QTime(8, 0), Qt::UTC);
    token.refreshToken = SecretString::fromUtf8(QStringLiteral("refresh"));
    token.clientId = QStringLiteral("cid");
    token.clientSecret = SecretString::fromUtf8(QStringLiteral("csecret"));
    token.registrationExpiresAt = QDateTime(QDate(2030, 3, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(cache.store(QStringLiteral("corp"), token).ok());
    QFile file(cache.filePath(QStringLiteral("corp")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(object.value(QStringLiteral("expiresAt")).toString(), QStringLiteral("2030-01-01T08:00:00Z"));
    QCOMPARE(object.value(QStringLiteral("clientId")).toString(), QStringLiteral("cid"));
    const auto loaded = cache.load(QStringLiteral("corp"));
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->refreshToken.revealText(), QStringLiteral("refresh"));
    QCOMPARE(loaded->registrationExpiresAt, token.registrationExpiresAt);
    // The forms older CLIs wrote.
    QCOMPARE(SsoTokenCache::parseTime(QStringLiteral("2030-01-01T08:00:00UTC")), token.expiresAt);
    QCOMPARE(SsoTokenCache::parseTime(QStringLiteral("2030-01-01T08:00:00+00:00")), token.expiresAt);
}

void TestCredentialParts::credentialCacheSingleFlight()
{
    CredentialCache cache;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<ResultCallback<ResolvedCredentials>> pending;
    int answers = 0;
    auto fetch = [&pending](ResultCallback<ResolvedCredentials> done) { pending.append(std::move(done)); };
    for (int i = 0; i < 3; ++i)
        cache.get(QStringLiteral("k"), now, fetch,
                  [&answers](Result<ResolvedCredentials> r) { answers += r.ok(); });
    QCOMPARE(pending.size(), 1);
    ResolvedCredentials resolved;
    resolved.credentials.accessKeyId = QStringLiteral("ASIA");
    resolved.credentials.expiration = now.addSecs(3600);
    pending.takeFirst()(resolved);
    QCOMPARE(answers, 3);
    cache.get(QStringLiteral("k"), now.addSecs(3600 - 301), fetch,
              [&answers](Result<ResolvedCredentials> r) { answers += r.ok(); });
    QCOMPARE(answers, 4);
    QVERIFY(pending.isEmpty());
    cache.get(QStringLiteral("k"), now.addSecs(3600 - 299), fetch,
              [&answers](Result<ResolvedCredentials> r) { answers += r.ok(); });
    QCOMPARE(pending.size(), 1);
    pending.takeFirst()(makeError(QStringLiteral("x"), QStringLiteral("failed")));
    QCOMPARE(cache.fetchCount(), 2);
    // A failure is not kept: the next caller fetches again.
    cache.get(QStringLiteral("k"), now, fetch, [](Result<ResolvedCredentials>) {});
    QCOMPARE(pending.size(), 1);
}

void TestCredentialParts::deviceLogin()
{
    test::LocalAwsServer server;
    QVERIFY(server.isRunning());
    test::CredentialTestHome home;
    home.useServer(server.url());
    home.config("[profile s]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n"
                "[sso-session corp]\nsso_start_url = https://corp/start\nsso_region = eu-west-1\n"
                "[profile legacy]\nsso_start_url = https://legacy/start\nsso_region = eu-west-1\n"
                "sso_account_id = 1\nsso_role_name = R\n");
    SsoDeviceLogin login(home.env());
    QSignalSpy spy(&login, &SsoDeviceLogin::verificationReady);
    const auto token = waitForResult(login.start(QStringLiteral("s")), 30000, QStringLiteral("login"));
    QVERIFY2(token.ok(), qPrintable(token.ok() ? QString() : token.error().toString()));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("ABCD-EFGH"));
    QVERIFY(spy.at(0).at(0).toString().startsWith(QStringLiteral("https://device.sso.example/")));
    const auto stored =
        SsoTokenCache(home.path(QStringLiteral(".aws/sso/cache"))).load(QStringLiteral("corp"));
    QVERIFY(stored.ok());
    QVERIFY(stored->accessToken.revealText().startsWith(QStringLiteral("sso-access-")));
    QVERIFY(!stored->refreshToken.isEmpty());
    QCOMPARE(stored->region, QStringLiteral("eu-west-1"));
    // The chain now signs with that sign-in.
    QVERIFY(home.chain().resolveDetailed(QStringLiteral("s")).ok());

    SsoDeviceLogin legacy(home.env());
    QVERIFY(waitForResult(legacy.start(QStringLiteral("legacy")), 30000, QStringLiteral("login")).ok());
    const auto legacyToken = SsoTokenCache(home.path(QStringLiteral(".aws/sso/cache")))
                                 .load(QStringLiteral("https://legacy/start"));
    QVERIFY(legacyToken.ok());
    QVERIFY(legacyToken->refreshToken.isEmpty());
}

void TestCredentialParts::deviceLoginServerDown()
{
    test::CredentialTestHome home;
    home.useServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(test::closedPort())));
    home.config("[profile s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n");
    SsoDeviceLogin login(home.env());
    const auto token = waitForResult(login.start(QStringLiteral("s")), 30000, QStringLiteral("login"));
    QVERIFY(!token);
    QCOMPARE(token.error().code, QStringLiteral("aws.unreachable"));
    SsoDeviceLogin noProfile(home.env());
    QCOMPARE(
        waitForResult(noProfile.start(QStringLiteral("ghost")), 5000, QStringLiteral("login")).error().code,
        QStringLiteral("credentials.no-profile"));
}

QTEST_GUILESS_MAIN(TestCredentialParts)
#include "tst_credential_parts.moc"
