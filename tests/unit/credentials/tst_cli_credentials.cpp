// SPDX-License-Identifier: GPL-3.0-or-later
// Tests: `signet whoami`, `signet sso login` and `signet token --mfa-code` as a user runs them.
#include "LocalAwsServer.h"

#include "token/AuthToken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace signet;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliCredentials : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void whoamiStaticKeys();
    void whoamiAssumeRoleJson();
    void whoamiNeedsMfaCode();
    void whoamiUsageAndMissingProfile();
    void whoamiWithoutSts();
    void tokenWithMfaCode();
    void ssoLoginThenWhoami();

private:
    Run run(const QStringList &args) const;
    QString m_browser;  // $BROWSER for the next run
    QString m_endpoint; // AWS_ENDPOINT_URL instead of the local server's
    void write(const QString &name, const QByteArray &text) const;

    std::unique_ptr<test::LocalAwsServer> m_server;
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestCliCredentials::initTestCase()
{
    m_server = std::make_unique<test::LocalAwsServer>();
    QVERIFY(m_server->isRunning());
}

void TestCliCredentials::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    write(QStringLiteral(".aws/credentials"),
          "[base]\naws_access_key_id = AKIDSTATICEXAMPLE1\naws_secret_access_key = sk-AKIDSTATICEXAMPLE1\n");
    write(QStringLiteral(".aws/config"),
          "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n"
          "role_session_name = cli\n"
          "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/needs-mfa\nsource_profile = base\n"
          "mfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
          "[profile s]\nsso_session = corp\nsso_account_id = 999999999999\nsso_role_name = Dev\n"
          "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
}

void TestCliCredentials::write(const QString &name, const QByteArray &text) const
{
    const QString path = m_home->filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

Run TestCliCredentials::run(const QStringList &args) const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), m_home->path());
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("no-such-platform"));
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"),
               m_endpoint.isEmpty() ? m_server->url().toString() : m_endpoint);
    if (!m_browser.isEmpty())
        env.insert(QStringLiteral("BROWSER"), m_browser);
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(qEnvironmentVariable("SIGNET_BIN"), args);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestCliCredentials::whoamiStaticKeys()
{
    const Run r = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("base")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("provider:   shared-credentials-file")));
    QVERIFY(r.out.contains(QStringLiteral("AKID…PLE1")));
    QVERIFY(!r.out.contains(QStringLiteral("AKIDSTATICEXAMPLE1")));
    QVERIFY(!r.out.contains(QStringLiteral("sk-")));
    // The ARN comes from STS GetCallerIdentity, signed with the profile's keys.
    QVERIFY(r.out.contains(QStringLiteral("arn:        arn:aws:iam::123456789012:user/test-user")));
}

void TestCliCredentials::whoamiAssumeRoleJson()
{
    const Run r = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("admin"),
                       QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject object = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(object.value(QStringLiteral("provider")).toString(), QStringLiteral("assume-role"));
    QCOMPARE(object.value(QStringLiteral("profile")).toString(), QStringLiteral("admin"));
    QCOMPARE(object.value(QStringLiteral("account")).toString(), QStringLiteral("123456789012"));
    QCOMPARE(object.value(QStringLiteral("arn")).toString(),
             QStringLiteral("arn:aws:sts::123456789012:assumed-role/Admin/cli"));
    QVERIFY(object.value(QStringLiteral("access_key_id")).toString().contains(u'…'));
    QVERIFY(
        QDateTime::fromString(object.value(QStringLiteral("expires_at")).toString(), Qt::ISODate).isValid());
}

void TestCliCredentials::whoamiNeedsMfaCode()
{
    const Run r = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("mfa")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("--mfa-code")), qPrintable(r.err));
    const Run wrong = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("mfa"),
                           QStringLiteral("--mfa-code"), QStringLiteral("000000")});
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains(QStringLiteral("MFA")), qPrintable(wrong.err));
    const Run right = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("mfa"),
                           QStringLiteral("--mfa-code"), QStringLiteral("123456")});
    QVERIFY2(right.exitCode == 0, qPrintable(right.err));
}

void TestCliCredentials::whoamiUsageAndMissingProfile()
{
    QCOMPARE(run({QStringLiteral("whoami"), QStringLiteral("extra")}).exitCode, 2);
    const Run r = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("ghost")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("\"ghost\" is not defined")));
    QCOMPARE(run({QStringLiteral("sso"), QStringLiteral("logout")}).exitCode, 2);
}

// Static keys resolve without the network: STS out of reach leaves the identity unknown, not a failure.
void TestCliCredentials::whoamiWithoutSts()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    m_endpoint = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    const Run r = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("base")});
    const Run json = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("base"),
                          QStringLiteral("--json")});
    m_endpoint.clear();
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("provider:   shared-credentials-file")));
    QVERIFY(r.out.contains(QStringLiteral("AKID…PLE1")));
    QVERIFY2(r.out.contains(QStringLiteral("identity:   unknown (STS could not be reached)")),
             qPrintable(r.out));
    QVERIFY2(r.err.contains(QStringLiteral("the credentials resolved, but the account and ARN are unknown")),
             qPrintable(r.err));
    QVERIFY(!r.err.contains(QStringLiteral("sk-")));
    QCOMPARE(json.exitCode, 0);
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(object.value(QStringLiteral("provider")).toString(), QStringLiteral("shared-credentials-file"));
    QVERIFY(object.value(QStringLiteral("identity_unknown"))
                .toString()
                .contains(QStringLiteral("could not reach")));
}

void TestCliCredentials::tokenWithMfaCode()
{
    const Run r = run({QStringLiteral("token"), QStringLiteral("--host"),
                       QStringLiteral("db.cluster-abc.eu-west-1.rds.amazonaws.com"), QStringLiteral("--port"),
                       QStringLiteral("5432"), QStringLiteral("--user"), QStringLiteral("iam_user"),
                       QStringLiteral("--aws-profile"), QStringLiteral("mfa"), QStringLiteral("--mfa-code"),
                       QStringLiteral("123456")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto token = token::AuthToken::parse(r.out.trimmed());
    QVERIFY(token.ok());
    QVERIFY(token->accessKeyId().startsWith(QStringLiteral("ASIA")));
    QVERIFY(token->hasSessionToken());
}

void TestCliCredentials::ssoLoginThenWhoami()
{
    const Run before = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("s")});
    QCOMPARE(before.exitCode, 1);
    QVERIFY2(before.err.contains(QStringLiteral("signet sso login")), qPrintable(before.err));

    // $BROWSER is what opens the page (a recorder here, never a real browser).
    const QString opened = m_home->filePath(QStringLiteral("opened.txt"));
    const QString browser = m_home->filePath(QStringLiteral("browser.sh"));
    write(QStringLiteral("browser.sh"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + opened.toUtf8() + "'\n");
    QFile::setPermissions(browser, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_browser = QStringLiteral("/nonexistent/browser:") + browser;
    const Run login = run({QStringLiteral("sso"), QStringLiteral("login"), QStringLiteral("--aws-profile"),
                           QStringLiteral("s")});
    m_browser.clear();
    QVERIFY2(login.exitCode == 0, qPrintable(login.err));
    QVERIFY2(login.err.contains(QStringLiteral("Opened the sign-in page with ") + browser),
             qPrintable(login.err));
    QTRY_VERIFY(QFile::exists(opened));
    QFile record(opened);
    QVERIFY(record.open(QIODevice::ReadOnly));
    QCOMPARE(record.readAll().trimmed(), QByteArray("https://device.sso.example/?user_code=ABCD-EFGH"));
    QVERIFY(login.err.contains(QStringLiteral("https://device.sso.example/?user_code=ABCD-EFGH")));
    QVERIFY(login.err.contains(QStringLiteral("ABCD-EFGH")));
    QVERIFY(!login.err.contains(QStringLiteral("sso-access-")));
    QVERIFY(QDir(m_home->filePath(QStringLiteral(".aws/sso/cache"))).entryList(QDir::Files).size() == 1);

    const Run after = run({QStringLiteral("whoami"), QStringLiteral("--aws-profile"), QStringLiteral("s")});
    QVERIFY2(after.exitCode == 0, qPrintable(after.err));
    QVERIFY(after.out.contains(QStringLiteral("provider:   sso")));
}

QTEST_GUILESS_MAIN(TestCliCredentials)
#include "tst_cli_credentials.moc"
