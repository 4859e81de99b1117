// SPDX-License-Identifier: GPL-3.0-or-later
// `signet ca` end to end: list shows the offline global bundle on a first run, update downloads from
// a local HTTPS truststore (SIGNET_CA_BASE_URL, SIGNET_CA_DOWNLOAD_TRUST) and then gets a 304,
// show lists certificates as JSON, verify accepts good PEM and rejects garbage, usage errors exit 2.
#include "TestHttpServer.h"
#include "TestPki.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using signet::test::HttpAnswer;
using signet::test::HttpRequest;
using signet::test::TestHttpServer;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCaCli final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    test::TestCertificate m_ca;
    std::unique_ptr<TestHttpServer> m_server;

    QString writeFile(const QString &name, const QByteArray &data)
    {
        const QString path = m_dir.path() + u'/' + name;
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(data);
        return path;
    }

    Run signet(const QStringList &args)
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        // The child needs this process's event loop to be free: the server lives in it.
        process.start(qEnvironmentVariable("SIGNET_BIN"), args);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000); }();
        return Run{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("SIGNET_BIN"), "SIGNET_BIN is not set");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_ca = test::makeCa(QStringLiteral("CLI truststore CA"), now.addDays(-1), now.addDays(30));
        m_server = std::make_unique<TestHttpServer>(test::makeServer(m_ca, QStringLiteral("127.0.0.1"), {},
                                                                     {QStringLiteral("127.0.0.1")},
                                                                     now.addDays(-1), now.addDays(30)));
        QVERIFY(m_server->start() > 0);
        const QByteArray bundle =
            test::makeCa(QStringLiteral("Regional CA"), now.addDays(-1), now.addDays(60)).certificatePem +
            test::makeCa(QStringLiteral("Long CA"), now.addDays(-1), now.addDays(6000)).certificatePem;
        m_server->setHandler([bundle](const HttpRequest &request) {
            if (request.path != "/eu-west-1/eu-west-1-bundle.pem")
                return HttpAnswer{TestHttpServer::response(404, "no")};
            if (request.headers.value("if-none-match") == "\"r1\"")
                return HttpAnswer{TestHttpServer::response(304, {}, {{"ETag", "\"r1\""}}, -1)};
            return HttpAnswer{TestHttpServer::response(200, bundle, {{"ETag", "\"r1\""}})};
        });
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.path() + QStringLiteral("/data"));
        m_env.insert(QStringLiteral("SIGNET_CA_BASE_URL"), m_server->baseUrl());
        m_env.insert(QStringLiteral("SIGNET_CA_DOWNLOAD_TRUST"),
                     writeFile(QStringLiteral("trust.pem"), m_ca.certificatePem));
    }

    void listOnFirstRun()
    {
        const Run run = signet({QStringLiteral("ca"), QStringLiteral("list")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("global"));
        QVERIFY(run.out.contains("102"));
        QVERIFY(run.out.contains("builtin:offline"));
        QVERIFY(QFile::exists(m_dir.path() + QStringLiteral("/data/signet/ca/global.pem")));
    }

    void updateThenNotModified()
    {
        const Run first = signet({QStringLiteral("ca"), QStringLiteral("update"), QStringLiteral("--source"),
                                  QStringLiteral("eu-west-1")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY(first.out.contains("eu-west-1 updated: 2 certificates"));
        const Run second = signet({QStringLiteral("ca"), QStringLiteral("update"), QStringLiteral("--source"),
                                   QStringLiteral("eu-west-1")});
        QCOMPARE(second.exitCode, 0);
        QVERIFY(second.out.contains("eu-west-1 is up to date"));

        const Run show = signet({QStringLiteral("ca"), QStringLiteral("show"), QStringLiteral("eu-west-1"),
                                 QStringLiteral("--json")});
        QCOMPARE(show.exitCode, 0);
        const QJsonArray certificates =
            QJsonDocument::fromJson(show.out).object().value(QStringLiteral("certificates")).toArray();
        QCOMPARE(certificates.size(), 2);
        QCOMPARE(certificates.at(0).toObject().value(QStringLiteral("common_name")).toString(),
                 QStringLiteral("Regional CA"));
        QCOMPARE(certificates.at(0).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("expires soon"));
        QCOMPARE(certificates.at(0).toObject().value(QStringLiteral("key_algorithm")).toString(),
                 QStringLiteral("EC 256"));
        // The text listing says what the JSON says: a certificate of eu-west-1 expires within 90 days.
        const Run listed = signet({QStringLiteral("ca"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains("  warning: ") && listed.out.contains("Regional CA"),
                 listed.out.constData());

        const Run missing = signet({QStringLiteral("ca"), QStringLiteral("update"),
                                    QStringLiteral("--source"), QStringLiteral("ap-south-2")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("HTTP 404"));
    }

    void verifyFiles()
    {
        const Run good = signet({QStringLiteral("ca"), QStringLiteral("verify"), QStringLiteral("global")});
        QCOMPARE(good.exitCode, 0);
        QVERIFY(good.out.contains("102 certificates"));
        const Run garbage = signet(
            {QStringLiteral("ca"), QStringLiteral("verify"), writeFile(QStringLiteral("bad.pem"), "<html>")});
        QCOMPARE(garbage.exitCode, 1);
        QVERIFY(garbage.err.contains("not a valid CA bundle"));
    }

    void usageErrors()
    {
        QCOMPARE(signet({QStringLiteral("ca"), QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(signet({QStringLiteral("ca"), QStringLiteral("update"), QStringLiteral("--source"),
                         QStringLiteral("europe")})
                     .exitCode,
                 2);
        QCOMPARE(signet({QStringLiteral("ca"), QStringLiteral("verify")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCaCli)
#include "test_ca_cli.moc"
