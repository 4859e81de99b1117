// SPDX-License-Identifier: GPL-3.0-or-later
// The lean `signet token`: the front executable maps only QtCore and libcrypto, signs with environment
// keys exactly as the full CLI does, and hands everything else to signet-cli.
#include "token/AuthToken.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kHost = u"mydb.c9akciq32.eu-west-1.rds.amazonaws.com"_s;
// What signing never needs; none of it may be mapped by the lean path.
const QStringList kHeavy{u"libQt6Network"_s,  u"libQt6Sql"_s,  u"libpq"_s,     u"libmariadb"_s,
                         u"libqt6keychain"_s, u"libQt6DBus"_s, u"libQt6Gui"_s, u"libQt6Widgets"_s,
                         u"libgssapi"_s,      u"libldap"_s,    u"libgnutls"_s};

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliLean final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QString front() const { return qEnvironmentVariable("SIGNET_BIN"); }
    QString full() const { return QFileInfo(front()).absolutePath() + u"/signet-cli"_s; }

    QProcessEnvironment env(bool keys = true) const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"no-such-platform"_s);
        if (keys) {
            env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIAIOSFODNN7EXAMPLE"_s);
            env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s);
        }
        return env;
    }

    Run run(const QString &program, const QStringList &args, const QProcessEnvironment &environment) const
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(program, args);
        process.closeWriteChannel();
        if (!process.waitForFinished(20'000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    QStringList endpoint() const
    {
        return {u"token"_s, u"--host"_s, kHost, u"--port"_s, u"3306"_s, u"--user"_s, u"iam_user"_s};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(QFileInfo(front()).isExecutable());
        QVERIFY2(QFileInfo(full()).isExecutable(), qPrintable(full()));
    }

    void frontLinksOnlyWhatSigningNeeds()
    {
        const Run readelf = run(u"readelf"_s, {u"-d"_s, front()}, env());
        QCOMPARE(readelf.exitCode, 0);
        QVERIFY(readelf.out.contains(u"libQt6Core"_s));
        QVERIFY(readelf.out.contains(u"libcrypto"_s));
        for (const QString &library : kHeavy)
            QVERIFY2(!readelf.out.contains(library), qPrintable(library + u" is linked: "_s + readelf.out));
    }

    void signingLoadsNothingElse()
    {
        QProcessEnvironment traced = env();
        traced.insert(u"LD_DEBUG"_s, u"libs"_s);
        const Run result = run(front(), endpoint(), traced);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(signet::token::AuthToken::parse(result.out.trimmed()).ok());
        for (const QString &library : kHeavy)
            QVERIFY2(!result.err.contains(library), qPrintable(library + u" was loaded"_s));
    }

    void sameAnswerAsTheFullCli()
    {
        const QStringList base{u"token"_s, u"--host"_s, kHost, u"--user"_s, u"iam_user"_s, u"--json"_s};
        for (const QStringList &extra :
             {QStringList{u"--port"_s, u"3306"_s},
              QStringList{u"--port"_s, u"3306"_s, u"--region"_s, u"eu-west-1"_s, u"--expires"_s, u"60"_s},
              QStringList{u"--engine"_s, u"aurora-mysql"_s}}) {
            const QStringList args = base + extra;
            const Run lean = run(front(), args, env());
            const Run fullRun = run(full(), args, env());
            QVERIFY2(lean.exitCode == 0, qPrintable(lean.err));
            QVERIFY2(fullRun.exitCode == 0, qPrintable(fullRun.err));
            QJsonObject a = QJsonDocument::fromJson(lean.out.toUtf8()).object();
            QJsonObject b = QJsonDocument::fromJson(fullRun.out.toUtf8()).object();
            // The signing time (and so the signature) may differ by a second.
            for (const QString &key : {u"token"_s, u"signed_at"_s, u"expires_at"_s, u"token_expires_at"_s}) {
                QVERIFY(a.contains(key));
                a.remove(key);
                b.remove(key);
            }
            QCOMPARE(a, b);
            QCOMPARE(a.value(u"credential_source"_s).toString(), u"environment"_s);
            QCOMPARE(a.value(u"port"_s).toInt(), 3306);
        }
    }

    void everythingElseGoesToTheFullCli()
    {
        // Usage errors are worded by the full CLI.
        Run result =
            run(front(), {u"token"_s, u"--host"_s, kHost, u"--port"_s, u"0"_s, u"--user"_s, u"u"_s}, env());
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(u"--port 0 is outside 1-65535"_s));
        result = run(front(), {u"token"_s, u"--help"_s}, env());
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains(u"Usage: signet token"_s));
        // An AWS profile, a saved profile, no keys: the chain and the profile store live in signet-cli.
        result = run(front(), endpoint() + QStringList{u"--aws-profile"_s, u"ghost"_s}, env());
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(u"\"ghost\" is not defined"_s), qPrintable(result.err));
        result = run(front(), endpoint(), env(false));
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains(u"no AWS credentials found"_s));
        result = run(front(), {u"token"_s, u"no-such-profile"_s}, env());
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains(u"no profile \"no-such-profile\""_s));
        // AWS_PROFILE naming a profile that does not exist fails as in the full chain, keys or not.
        QProcessEnvironment missingProfile = env();
        missingProfile.insert(u"AWS_PROFILE"_s, u"ghost"_s);
        result = run(front(), endpoint(), missingProfile);
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains(u"\"ghost\" is not defined"_s));
        // Other commands and --version run in signet-cli.
        result = run(front(), {u"--version"_s}, env());
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith(u"signet "_s));
    }
};

QTEST_GUILESS_MAIN(TestCliLean)
#include "tst_cli_lean.moc"
