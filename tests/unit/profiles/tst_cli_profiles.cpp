// SPDX-License-Identifier: GPL-3.0-or-later
// `signet profiles …` and `signet token PROFILE` as a user runs them: exit codes, one-line errors,
// the file they write, and no secrets anywhere.
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileStore.h"
#include "token/AuthToken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

const QString kRdsHost = u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s;

} // namespace

class TestCliProfiles final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QString profilesPath() const { return m_home.path() + u"/config/signet/profiles.json"_s; }

    Run run(const QStringList &args, const QByteArray &input = {}, bool withKeys = false) const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path() + u"/config"_s);
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"no-such-platform"_s);
        // The keychain (scripts/test's private bus with gnome-keyring), when there is one.
        for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"}) {
            if (!qEnvironmentVariableIsEmpty(name))
                env.insert(QString::fromLatin1(name), qEnvironmentVariable(name));
        }
        if (withKeys) {
            env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIAIOSFODNN7EXAMPLE"_s);
            env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s);
        }
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("SIGNET_BIN"), args);
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(20'000)) {
            process.kill();
            return {};
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    void verifyFailure(const Run &result, int exitCode, const QString &mentions)
    {
        QCOMPARE(result.exitCode, exitCode);
        QCOMPARE(result.err.count(u'\n'), 1);
        QVERIFY2(result.err.startsWith(u"signet "_s), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        QVERIFY2(result.err.contains(u" — "_s), qPrintable(u"no hint: "_s + result.err));
    }

private Q_SLOTS:
    void init() { QFile::remove(profilesPath()); }

    void addListShowEditRemove()
    {
        Run result =
            run({u"profiles"_s, u"add"_s, u"--name"_s, u"orders-prod"_s, u"--engine"_s, u"aurora-postgres"_s,
                 u"--host"_s, kRdsHost, u"--user"_s, u"iam_reader"_s, u"--via"_s, u"127.0.0.1:15432"_s,
                 u"--folder"_s, u"Production"_s, u"--database"_s, u"orders"_s});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.startsWith(u"Added profile \"orders-prod\""_s));
        QVERIFY(QFile::exists(profilesPath()));

        result = run({u"profiles"_s, u"list"_s});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains(u"orders-prod"_s));
        QVERIFY(result.out.contains(u"Aurora PostgreSQL"_s));

        result = run({u"profiles"_s, u"show"_s, u"orders-prod"_s, u"--json"_s});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject shown = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(shown.value(u"port"_s).toInt(), 5432);
        QCOMPARE(shown.value(u"via"_s).toObject().value(u"port"_s).toInt(), 15432);
        QCOMPARE(shown.value(u"engine"_s).toString(), u"aurora-postgres"_s);

        result = run({u"profiles"_s, u"edit"_s, u"orders-prod"_s, u"--port"_s, u"5433"_s, u"--via"_s, u""_s});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        result = run({u"profiles"_s, u"list"_s, u"--json"_s});
        const QJsonArray list = QJsonDocument::fromJson(result.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(u"port"_s).toInt(), 5433);
        QVERIFY(!list.at(0).toObject().contains(u"via"_s));
        QVERIFY(!list.at(0).toObject().value(u"production"_s).toBool());

        // Marked as production from the shell: its consoles ask before changes.
        result = run({u"profiles"_s, u"edit"_s, u"orders-prod"_s, u"--production"_s, u"yes"_s});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        result = run({u"profiles"_s, u"show"_s, u"orders-prod"_s});
        QVERIFY2(result.out.contains(u"production    yes"_s), qPrintable(result.out));
        result = run({u"profiles"_s, u"show"_s, u"orders-prod"_s, u"--json"_s});
        QVERIFY(QJsonDocument::fromJson(result.out.toUtf8()).object().value(u"production"_s).toBool());
        verifyFailure(run({u"profiles"_s, u"edit"_s, u"orders-prod"_s, u"--production"_s, u"maybe"_s}), 2,
                      u"--production yes"_s);

        result = run({u"profiles"_s, u"remove"_s, u"orders-prod"_s});
        QCOMPARE(result.exitCode, 0);
        result = run({u"profiles"_s, u"list"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(result.out.toUtf8()).array().size(), 0);
    }

    void usageErrors()
    {
        verifyFailure(run({u"profiles"_s, u"add"_s, u"--name"_s, u"x"_s, u"--engine"_s, u"oracle"_s,
                           u"--host"_s, kRdsHost, u"--user"_s, u"u"_s}),
                      2, u"oracle"_s);
        verifyFailure(run({u"profiles"_s, u"add"_s, u"--name"_s, u"x"_s, u"--engine"_s, u"mysql"_s,
                           u"--host"_s, kRdsHost, u"--user"_s, u"u"_s, u"--port"_s, u"70000"_s}),
                      2, u"--port 70000"_s);
        verifyFailure(run({u"profiles"_s, u"add"_s, u"--engine"_s, u"mysql"_s, u"--host"_s, kRdsHost}), 2,
                      u"--name"_s);
        verifyFailure(run({u"profiles"_s, u"add"_s, u"--name"_s, u"x"_s, u"--engine"_s, u"mysql"_s,
                           u"--host"_s, u"10.0.0.1"_s, u"--user"_s, u"u"_s}),
                      2, u"region"_s);
        verifyFailure(run({u"profiles"_s, u"frobnicate"_s}), 2, u"frobnicate"_s);
        verifyFailure(run({u"profiles"_s, u"show"_s, u"missing"_s}), 1, u"no profile \"missing\""_s);
        QVERIFY(!QFile::exists(profilesPath()));
    }

    void duplicateNameFails()
    {
        const QStringList add{u"profiles"_s, u"add"_s,    u"--name"_s, u"dup"_s,    u"--engine"_s,
                              u"mysql"_s,    u"--host"_s, kRdsHost,    u"--user"_s, u"u"_s};
        QCOMPARE(run(add).exitCode, 0);
        verifyFailure(run(add), 1, u"already exists"_s);
    }

    void dsqlEndpointImpliesItsEngine()
    {
        // A DSQL cluster's endpoint says what it is: no --engine, and DSQL's built-in admin login.
        const QString host = u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s;
        Run result = run({u"profiles"_s, u"add"_s, u"--name"_s, u"ledger"_s, u"--host"_s, host});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        result = run({u"profiles"_s, u"show"_s, u"ledger"_s, u"--json"_s});
        const QJsonObject shown = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(shown.value(u"engine"_s).toString(), u"aurora-dsql"_s);
        QCOMPARE(shown.value(u"port"_s).toInt(), 5432);
        QCOMPARE(shown.value(u"user"_s).toString(), u"admin"_s);
        QCOMPARE(shown.value(u"database"_s).toString(), u"postgres"_s);

        // An RDS endpoint does not say which engine: --engine stays required.
        verifyFailure(
            run({u"profiles"_s, u"add"_s, u"--name"_s, u"x"_s, u"--host"_s, kRdsHost, u"--user"_s, u"u"_s}),
            2, u"--engine"_s);
    }

    // A DSQL profile keeps its tokens' lifetime: `signet token PROFILE` signs with it, --expires
    // overrides it, and an RDS profile refuses one.
    void dsqlTokenLifetime()
    {
        const QString host = u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s;
        Run result = run({u"profiles"_s, u"add"_s, u"--name"_s, u"ledger"_s, u"--host"_s, host,
                          u"--token-lifetime"_s, u"3600"_s});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        result = run({u"profiles"_s, u"show"_s, u"ledger"_s});
        QVERIFY2(result.out.contains(u"3600 seconds"_s), qPrintable(result.out));
        result = run({u"token"_s, u"ledger"_s}, {}, true);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2(result.out.contains(u"X-Amz-Expires=3600&"_s), qPrintable(result.err));
        result = run({u"token"_s, u"ledger"_s, u"--expires"_s, u"60"_s}, {}, true);
        QVERIFY2(result.out.contains(u"X-Amz-Expires=60&"_s), qPrintable(result.err));
        // 0 restores DSQL's default, 900 s.
        QCOMPARE(run({u"profiles"_s, u"edit"_s, u"ledger"_s, u"--token-lifetime"_s, u"0"_s}).exitCode, 0);
        QVERIFY(run({u"token"_s, u"ledger"_s}, {}, true).out.contains(u"X-Amz-Expires=900&"_s));
        verifyFailure(run({u"profiles"_s, u"edit"_s, u"ledger"_s, u"--token-lifetime"_s, u"604801"_s}), 2,
                      u"--token-lifetime"_s);

        QCOMPARE(run({u"profiles"_s, u"add"_s, u"--name"_s, u"rds"_s, u"--engine"_s, u"mysql"_s, u"--host"_s,
                      kRdsHost, u"--user"_s, u"u"_s})
                     .exitCode,
                 0);
        verifyFailure(run({u"profiles"_s, u"edit"_s, u"rds"_s, u"--token-lifetime"_s, u"3600"_s}), 2,
                      u"15 minutes"_s);
    }

    void exportImport()
    {
        QCOMPARE(run({u"profiles"_s, u"add"_s, u"--name"_s, u"a"_s, u"--engine"_s, u"mysql"_s, u"--host"_s,
                      kRdsHost, u"--user"_s, u"u"_s})
                     .exitCode,
                 0);
        const Run exported = run({u"profiles"_s, u"export"_s});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(exported.out.toUtf8()).object().value(u"version"_s).toInt(), 1);
        const QString file = m_home.path() + u"/export.json"_s;
        QCOMPARE(run({u"profiles"_s, u"export"_s, u"a"_s, u"--output"_s, file}).exitCode, 0);
        const Run imported = run({u"profiles"_s, u"import"_s, file});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY(imported.out.contains(u"Imported 1"_s));
        const Run piped = run({u"profiles"_s, u"import"_s, u"-"_s}, exported.out.toUtf8());
        QCOMPARE(piped.exitCode, 0);
        QCOMPARE(
            QJsonDocument::fromJson(run({u"profiles"_s, u"list"_s, u"--json"_s}).out.toUtf8()).array().size(),
            3);
        verifyFailure(run({u"profiles"_s, u"import"_s, u"-"_s}, "not json"), 1, u"JSON"_s);
    }

    void staticKeysLiveInTheKeychain()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs a Secret Service: run under `dbus-run-session -- scripts/with-keyring`");
        const QByteArray secret = "cliSecretKeyThatMustNeverBeOnDisk0123456789";
        Run result = run({u"profiles"_s, u"add"_s, u"--name"_s, u"keys"_s, u"--engine"_s, u"mysql"_s,
                          u"--host"_s, kRdsHost, u"--user"_s, u"app"_s, u"--credentials"_s, u"static-keys"_s},
                         "AKIAIOSFODNN7EXAMPLE\n" + secret + "\n");
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QFile file(profilesPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains("static-keys"));
        QVERIFY(!saved.contains(secret));

        result = run({u"token"_s, u"keys"_s}); // no AWS_* variables: the keys come from the keychain
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const auto token = signet::token::AuthToken::parse(result.out.trimmed());
        QVERIFY(token.ok());
        QCOMPARE(token->accessKeyId(), u"AKIAIOSFODNN7EXAMPLE"_s);

        signet::profiles::ProfileStore store(profilesPath());
        QVERIFY(store.load().ok());
        const QString key = signet::profiles::SecretStore::keyFor(
            store.find(u"keys"_s)->id, signet::profiles::SecretStore::staticKeysPurpose());
        signet::profiles::KeychainSecretStore keychain;
        QVERIFY(keychain.readAndWait(key).ok());
        QCOMPARE(run({u"profiles"_s, u"remove"_s, u"keys"_s}).exitCode, 0);
        QCOMPARE(keychain.readAndWait(key).error().code, u"secrets.not-found"_s); // removed with the profile
        verifyFailure(
            run({u"profiles"_s, u"add"_s, u"--name"_s, u"nokeys"_s, u"--engine"_s, u"mysql"_s, u"--host"_s,
                 kRdsHost, u"--user"_s, u"app"_s, u"--credentials"_s, u"static-keys"_s}),
            2, u"stdin"_s);
    }

    void tokenForAProfile()
    {
        QCOMPARE(run({u"profiles"_s, u"add"_s, u"--name"_s, u"tunnelled"_s, u"--engine"_s, u"postgres"_s,
                      u"--host"_s, kRdsHost, u"--user"_s, u"iam_reader"_s, u"--via"_s, u"127.0.0.1:15432"_s,
                      u"--credentials"_s, u"environment"_s})
                     .exitCode,
                 0);
        const Run signedRun = run({u"token"_s, u"tunnelled"_s}, {}, true);
        QVERIFY2(signedRun.exitCode == 0, qPrintable(signedRun.err));
        const auto token = signet::token::AuthToken::parse(signedRun.out.trimmed());
        QVERIFY(token.ok());
        // Signed for the real endpoint and port, never the tunnel.
        QCOMPARE(token->host(), kRdsHost);
        QCOMPARE(token->port(), 5432);
        QCOMPARE(token->region(), u"eu-west-1"_s);
        QCOMPARE(token->dbUser(), u"iam_reader"_s);

        const Run json = run({u"token"_s, u"tunnelled"_s, u"--json"_s}, {}, true);
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8()).object().value(u"port"_s).toInt(), 5432);

        verifyFailure(run({u"token"_s, u"tunnelled"_s}), 1, u"AWS_ACCESS_KEY_ID"_s);
        verifyFailure(run({u"token"_s, u"nope"_s}, {}, true), 1, u"no profile \"nope\""_s);
        verifyFailure(run({u"token"_s, u"tunnelled"_s, u"--host"_s, kRdsHost}, {}, true), 2, u"--host"_s);
        // The --host form still works.
        QCOMPARE(
            run({u"token"_s, u"--host"_s, kRdsHost, u"--port"_s, u"5432"_s, u"--user"_s, u"u"_s}, {}, true)
                .exitCode,
            0);
    }

    void execCheckLaunchTakeAProfile()
    {
        QCOMPARE(run({u"profiles"_s, u"add"_s, u"--name"_s, u"tunnelled"_s, u"--engine"_s, u"postgres"_s,
                      u"--host"_s, kRdsHost, u"--user"_s, u"iam_reader"_s, u"--via"_s, u"127.0.0.1:15432"_s,
                      u"--database"_s, u"orders"_s, u"--credentials"_s, u"environment"_s})
                     .exitCode,
                 0);
        // An unknown profile is a usage error that names it and says where to look.
        for (const QStringList &args :
             {QStringList{u"exec"_s, u"nope"_s, u"-e"_s, u"SELECT 1"_s},
              QStringList{u"check"_s, u"nope"_s, u"--json"_s},
              QStringList{u"launch"_s, u"nope"_s, u"--client"_s, u"psql"_s, u"--print"_s}}) {
            const Run unknown = run(args, {}, true);
            verifyFailure(unknown, 2, u"no profile \"nope\""_s);
            QVERIFY2(unknown.err.contains(u"signet profiles list"_s), qPrintable(unknown.err));
        }
        // A profile and endpoint options do not mix; the statement is still required.
        verifyFailure(run({u"exec"_s, u"tunnelled"_s, u"--host"_s, kRdsHost, u"-e"_s, u"SELECT 1"_s}), 2,
                      u"--host"_s);
        verifyFailure(run({u"check"_s, u"tunnelled"_s, u"--port"_s, u"1"_s}), 2, u"--port"_s);
        verifyFailure(run({u"exec"_s, u"tunnelled"_s}), 2, u"-e SQL"_s);
        verifyFailure(run({u"launch"_s, u"tunnelled"_s, u"--print"_s}), 2, u"--client"_s);

        // The launch command comes from the profile: the tunnel, the user, the database and the
        // global CA bundle as a file; the token is redacted.
        const Run printed = run(
            {u"launch"_s, u"tunnelled"_s, u"--client"_s, u"psql"_s, u"--print"_s, u"--shell"_s, u"bash"_s},
            {}, true);
        QVERIFY2(printed.exitCode == 0, qPrintable(printed.err));
        for (const QString &part : {u"port=15432"_s, u"user=iam_reader"_s, u"dbname=orders"_s,
                                    u"sslmode=verify-full"_s, u"global.pem"_s})
            QVERIFY2(printed.out.contains(part), qPrintable(part + u" missing in "_s + printed.out));
        QVERIFY(!printed.out.contains(u"X-Amz-Signature"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliProfiles)
#include "tst_cli_profiles.moc"
