// SPDX-License-Identifier: GPL-3.0-or-later
// `signet token` as a user runs it: exit codes, stdout discipline, one-line errors, no secrets.
#include "ProcessBatch.h"
#include "token/AuthToken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using signet::token::AuthToken;

namespace {

const QString kAccessKey = u"AKIAIOSFODNN7EXAMPLE"_s;
const QString kSecret = u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s;
const QString kSessionToken = u"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+secret/session=="_s;
const QString kRdsHost = u"mydb.c9akciq32.eu-west-1.rds.amazonaws.com"_s;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliToken final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QProcessEnvironment baseEnv() const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        // The CLI must never start a GUI platform: an unusable one proves it is not loaded.
        env.insert(u"QT_QPA_PLATFORM"_s, u"no-such-platform"_s);
        return env;
    }

    QProcessEnvironment envWithKeys(bool sessionToken = false) const
    {
        QProcessEnvironment env = baseEnv();
        env.insert(u"AWS_ACCESS_KEY_ID"_s, kAccessKey);
        env.insert(u"AWS_SECRET_ACCESS_KEY"_s, kSecret);
        if (sessionToken)
            env.insert(u"AWS_SESSION_TOKEN"_s, kSessionToken);
        return env;
    }

    Run run(const QStringList &args, const QProcessEnvironment &env) const
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("SIGNET_BIN"), args);
        process.closeWriteChannel();
        if (!process.waitForFinished(20'000)) {
            process.kill();
            return {};
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    // Independent command lines, four `signet` processes at a time; the results in the same order.
    static QList<Run> runAll(const QList<QStringList> &lines, const QProcessEnvironment &env)
    {
        QList<Run> results;
        for (const signet::test::ProcessRun &run :
             signet::test::runProcesses(qEnvironmentVariable("SIGNET_BIN"), lines, env))
            results.append({run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)});
        return results;
    }

    // A failure prints exactly one line on stderr, nothing on stdout, and no secret anywhere.
    void verifyFailure(const Run &result, int exitCode, const QString &mentions)
    {
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.out.isEmpty(), qPrintable(result.out));
        QCOMPARE(result.err.count(u'\n'), 1);
        QVERIFY2(result.err.startsWith(u"signet token: "_s), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        QVERIFY(!result.err.contains(kSecret));
        QVERIFY(!result.err.contains(kSessionToken));
    }

    void writeFile(const QString &relative, const QByteArray &content)
    {
        QDir(m_home.path()).mkpath(QFileInfo(relative).path());
        QFile file(m_home.filePath(relative));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFileInfo(qEnvironmentVariable("SIGNET_BIN")).isExecutable(),
                 "SIGNET_BIN must name the signet binary");
    }

    void init() { QDir(m_home.filePath(u".aws"_s)).removeRecursively(); }

    void versionAndHelp()
    {
        const Run version = run({u"--version"_s}, baseEnv());
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(u"signet "_s));
        // The version and the git revision the build came from ("unknown" outside a git checkout).
        static const QRegularExpression versionLine(
            uR"(^signet \d+\.\d+\.\d+ \(git ([0-9a-f]{7,40}(-dirty)?|unknown)\)\n$)"_s);
        QVERIFY2(versionLine.match(version.out).hasMatch(), qPrintable(version.out));
        const Run help = run({u"--help"_s}, baseEnv());
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(u"token"_s));
        const Run tokenHelp = run({u"token"_s, u"--help"_s}, baseEnv());
        QCOMPARE(tokenHelp.exitCode, 0);
        QVERIFY(tokenHelp.out.contains(u"--aws-profile"_s));
    }

    void tokenOnlyOnStdout()
    {
        const Run result =
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"iam_user"_s},
                envWithKeys());
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
        QVERIFY(result.out.endsWith(u'\n'));
        QCOMPARE(result.out.count(u'\n'), 1);
        const auto token = AuthToken::parse(result.out.trimmed());
        QVERIFY2(token.ok(), qPrintable(token.ok() ? QString() : token.error().message));
        QCOMPARE(token->host(), kRdsHost);
        QCOMPARE(token->port(), 3306);
        QCOMPARE(token->dbUser(), u"iam_user"_s);
        QCOMPARE(token->region(), u"eu-west-1"_s); // detected from the endpoint
        QCOMPARE(token->accessKeyId(), kAccessKey);
        QVERIFY(!token->hasSessionToken());
        QCOMPARE(token->signedAt().secsTo(token->expiresAt()), 900);
        QVERIFY(qAbs(token->signedAt().secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }

    void jsonOutput()
    {
        const Run result =
            run({u"token"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s, u"5432"_s, u"--region"_s,
                 u"us-west-2"_s, u"--user"_s, u"reader"_s, u"--expires"_s, u"300"_s, u"--json"_s},
                envWithKeys(true));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QVERIFY(!json.isEmpty());
        QCOMPARE(json.value(u"host"_s).toString(), u"127.0.0.1"_s);
        QCOMPARE(json.value(u"port"_s).toInt(), 5432);
        QCOMPARE(json.value(u"user"_s).toString(), u"reader"_s);
        QCOMPARE(json.value(u"region"_s).toString(), u"us-west-2"_s);
        QCOMPARE(json.value(u"has_session_token"_s).toBool(), true);
        QCOMPARE(json.value(u"credential_source"_s).toString(), u"environment"_s);
        const auto token = AuthToken::parse(json.value(u"token"_s).toString());
        QVERIFY(token.ok());
        QVERIFY(token->hasSessionToken());
        const QDateTime expires = QDateTime::fromString(json.value(u"expires_at"_s).toString(), Qt::ISODate);
        QCOMPARE(token->signedAt().secsTo(expires), 300);
    }

    void credentialsExpiryShortensValidity()
    {
        QProcessEnvironment env = envWithKeys(true);
        const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(120);
        env.insert(u"AWS_CREDENTIAL_EXPIRATION"_s, soon.toString(Qt::ISODate));
        const Run result =
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"u"_s, u"--json"_s},
                env);
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(json.value(u"expires_at"_s).toString(), soon.toString(Qt::ISODate));

        env.insert(u"AWS_CREDENTIAL_EXPIRATION"_s,
                   QDateTime::currentDateTimeUtc().addSecs(-5).toString(Qt::ISODate));
        verifyFailure(
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"u"_s}, env), 1,
            u"expired"_s);
    }

    void usageErrors()
    {
        const QStringList base{u"token"_s, u"--host"_s, kRdsHost, u"--user"_s, u"u"_s};
        // Each line and what its one-line error must say; the lines run four at a time.
        const QList<std::pair<QStringList, QString>> cases{
            {base + QStringList{u"--port"_s, u"0"_s}, u"--port 0 is outside 1-65535"_s},
            {base + QStringList{u"--port"_s, u"70000"_s}, u"outside 1-65535"_s},
            {base + QStringList{u"--port"_s, u"mysql"_s}, u"not a whole number"_s},
            {base, u"--port is missing"_s},
            {{u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"1"_s, u"--user"_s, u""_s},
             u"--user is missing or empty"_s},
            {{u"token"_s, u"--host"_s, u""_s, u"--port"_s, u"1"_s, u"--user"_s, u"u"_s},
             u"--host is missing or empty"_s},
            {base + QStringList{u"--port"_s, u"1"_s, u"--colour"_s}, u"Unknown option 'colour'"_s},
            {base + QStringList{u"--port"_s, u"1"_s, u"--expires"_s, u"901"_s},
             u"--expires 901 is outside 1-900"_s},
            {base + QStringList{u"--port"_s, u"1"_s, u"--region"_s, u"us-east-1"_s},
             u"region us-east-1 does not match the endpoint"_s},
            {{u"token"_s, u"--host"_s, u"10.1.2.3"_s, u"--port"_s, u"1"_s, u"--user"_s, u"u"_s},
             u"cannot tell the region"_s},
            {base + QStringList{u"--port"_s, u"1"_s, u"--region"_s, u"Ireland"_s},
             u"not an AWS region name"_s},
            {base + QStringList{u"--port"_s, u"1"_s, u"extra"_s}, u"unexpected argument"_s},
        };
        QList<QStringList> lines;
        for (const auto &[args, mentions] : cases)
            lines.append(args);
        const QList<Run> results = runAll(lines, envWithKeys(true));
        for (qsizetype i = 0; i < cases.size(); ++i) {
            verifyFailure(results.at(i), 2, cases.at(i).second);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(u"signet "_s + cases.at(i).first.join(u' ')));
        }
    }

    void unknownCommand()
    {
        // A misspelt command gets a suggestion; a word like no command gets none.
        const QList<std::pair<QString, QString>> typos{
            {u"tokne"_s, u"token"_s},    {u"profile"_s, u"profiles"_s}, {u"chekc"_s, u"check"_s},
            {u"whoami2"_s, u"whoami"_s}, {u"exce"_s, u"exec"_s},        {u"lanch"_s, u"launch"_s}};
        QList<QStringList> lines;
        for (const auto &[typo, meant] : typos)
            lines.append({typo});
        lines.append({u"frobnicate"_s});
        const QList<Run> results = runAll(lines, baseEnv());
        for (qsizetype i = 0; i < typos.size(); ++i) {
            const Run &guess = results.at(i);
            QCOMPARE(guess.exitCode, 2);
            QVERIFY(guess.err.contains(u"unknown command"_s));
            QVERIFY2(guess.err.contains(u"did you mean `signet "_s + typos.at(i).second + u"`?"_s),
                     qPrintable(guess.err));
        }
        const Run &none = results.last();
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains(u"unknown command"_s));
        QVERIFY(!none.err.contains(u"did you mean"_s));
    }

    void noCredentials()
    {
        verifyFailure(
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"u"_s}, baseEnv()),
            1, u"no AWS credentials found"_s);
    }

    void partialEnvironmentKeys()
    {
        QProcessEnvironment env = baseEnv();
        env.insert(u"AWS_ACCESS_KEY_ID"_s, kAccessKey);
        verifyFailure(
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"u"_s}, env), 1,
            u"AWS_SECRET_ACCESS_KEY"_s);
    }

    void credentialsFileProfiles()
    {
        writeFile(u".aws/credentials"_s, "[default]\naws_access_key_id = AKIADEFAULTEXAMPLE00\n"
                                         "aws_secret_access_key = defaultsecretdefaultsecret\n\n"
                                         "[ops]\naws_access_key_id=AKIAOPSEXAMPLE000000\n"
                                         "aws_secret_access_key=opssecretopssecret\n");
        writeFile(u".aws/config"_s,
                  "[profile cfg]\nregion = eu-west-1\naws_access_key_id = AKIACONFIGEXAMPLE000\n"
                  "aws_secret_access_key = cfgsecret\n");
        const QStringList args{u"token"_s, u"--host"_s, kRdsHost, u"--port"_s,
                               u"3306"_s,  u"--user"_s, u"u"_s};
        auto keyOf = [](const Run &r) { return AuthToken::parse(r.out.trimmed()).value().accessKeyId(); };

        QCOMPARE(keyOf(run(args, baseEnv())), u"AKIADEFAULTEXAMPLE00"_s);
        QCOMPARE(keyOf(run(args + QStringList{u"--aws-profile"_s, u"ops"_s}, baseEnv())),
                 u"AKIAOPSEXAMPLE000000"_s);
        QCOMPARE(keyOf(run(args + QStringList{u"--aws-profile"_s, u"cfg"_s}, baseEnv())),
                 u"AKIACONFIGEXAMPLE000"_s);
        // The environment's keys win without --aws-profile, and are skipped with it (as in botocore).
        QCOMPARE(keyOf(run(args, envWithKeys())), kAccessKey);
        QCOMPARE(keyOf(run(args + QStringList{u"--aws-profile"_s, u"ops"_s}, envWithKeys())),
                 u"AKIAOPSEXAMPLE000000"_s);
        // AWS_PROFILE selects a profile too; AWS_DEFAULT_PROFILE is looked at first.
        QProcessEnvironment env = baseEnv();
        env.insert(u"AWS_PROFILE"_s, u"cfg"_s);
        QCOMPARE(keyOf(run(args, env)), u"AKIACONFIGEXAMPLE000"_s);
        env.insert(u"AWS_DEFAULT_PROFILE"_s, u"ops"_s);
        QCOMPARE(keyOf(run(args, env)), u"AKIAOPSEXAMPLE000000"_s);

        verifyFailure(run(args + QStringList{u"--aws-profile"_s, u"nope"_s}, baseEnv()), 1,
                      u"AWS profile \"nope\" is not defined"_s);
    }

    void malformedCredentialsFileNamesFileAndLine()
    {
        writeFile(u".aws/credentials"_s, "[default]\naws_access_key_id = AKIA1\nthis line is wrong\n");
        const Run result =
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"u"_s}, baseEnv());
        verifyFailure(result, 1, u".aws/credentials, line 3"_s);
    }

    void sessionTokenNeverInErrors()
    {
        QProcessEnvironment env = envWithKeys(true);
        env.insert(u"AWS_CREDENTIAL_EXPIRATION"_s, u"not-a-date"_s);
        verifyFailure(
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"3306"_s, u"--user"_s, u"u"_s}, env), 1,
            u"AWS_CREDENTIAL_EXPIRATION"_s);
    }
};

QTEST_GUILESS_MAIN(TestCliToken)
#include "tst_cli_token.moc"
