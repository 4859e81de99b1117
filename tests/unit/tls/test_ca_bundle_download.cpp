// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleDownload against a local HTTPS server: first download, conditional 304, changed bundle,
// truncated transfers, garbage, redirects (and the refused https→http one), progress, untrusted
// server, HTTP errors. A failure never replaces the stored bundle.
#include "TestHttpServer.h"
#include "TestPki.h"
#include "tls/CaBundleDownload.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::tls;
using signet::test::HttpAnswer;
using signet::test::HttpRequest;
using signet::test::TestHttpServer;

namespace {

struct Outcome
{
    std::optional<CaBundleUpdate> update;
    std::optional<Error> error;
    QList<qint64> progress;
};

} // namespace

class TestCaBundleDownload final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    test::TestCertificate m_ca;
    std::unique_ptr<TestHttpServer> m_server;
    QByteArray m_bundleV1;
    QByteArray m_bundleV2;

    CaBundleStore store() const { return CaBundleStore(m_dir.path() + QStringLiteral("/ca")); }

    CaBundleSource source(const QString &spec = QStringLiteral("global")) const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("SIGNET_CA_BASE_URL"), m_server->baseUrl());
        return *CaBundleSource::fromSpec(spec, env);
    }

    Outcome run(const CaBundleSource &from, bool trusted = true)
    {
        Outcome outcome;
        CaBundleDownload download(store(), from);
        if (trusted)
            download.setExtraTrustedCertificates({m_ca.certificate()});
        download.setTransferTimeout(5000);
        connect(&download, &CaBundleDownload::finished, this,
                [&](const CaBundleUpdate &update) { outcome.update = update; });
        connect(&download, &CaBundleDownload::failed, this,
                [&](const Error &error) { outcome.error = error; });
        connect(&download, &CaBundleDownload::progressed, this,
                [&](qint64 received, qint64) { outcome.progress << received; });
        download.start();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.update || outcome.error, 15000); }();
        return outcome;
    }

    QByteArray storedGlobal() const
    {
        QFile file(m_dir.path() + QStringLiteral("/ca/global.pem"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_ca = test::makeCa(QStringLiteral("Truststore test CA"), now.addDays(-1), now.addDays(30));
        const auto serverCertificate =
            test::makeServer(m_ca, QStringLiteral("127.0.0.1"), {QStringLiteral("localhost")},
                             {QStringLiteral("127.0.0.1")}, now.addDays(-1), now.addDays(30));
        m_server = std::make_unique<TestHttpServer>(serverCertificate);
        QVERIFY(m_server->start() > 0);
        QFile builtin(QStringLiteral(":/signet/ca/rds-global-bundle.pem"));
        QVERIFY(builtin.open(QIODevice::ReadOnly));
        m_bundleV2 = builtin.readAll();
        m_bundleV1 =
            test::makeCa(QStringLiteral("Version one CA"), now.addDays(-1), now.addDays(900)).certificatePem;
    }

    void firstDownloadThenNotModified()
    {
        m_server->setHandler([this](const HttpRequest &request) {
            if (request.path != "/global/global-bundle.pem")
                return HttpAnswer{TestHttpServer::response(404, "nope")};
            if (request.headers.value("if-none-match") == "\"v1\"")
                return HttpAnswer{TestHttpServer::response(304, {}, {{"ETag", "\"v1\""}}, -1)};
            return HttpAnswer{TestHttpServer::response(
                200, m_bundleV1, {{"ETag", "\"v1\""}, {"Last-Modified", "Tue, 02 Jan 2024 10:00:00 GMT"}})};
        });
        // The offline copy is there first; the download replaces it.
        QCOMPARE(store().entries().first().source, CaBundleEntry::kOfflineSource);
        const Outcome first = run(source());
        QVERIFY2(first.update, first.error ? qPrintable(first.error->message) : "no outcome");
        QVERIFY(!first.update->notModified);
        QVERIFY(first.update->changed);
        QCOMPARE(first.update->entry.etag, QStringLiteral("\"v1\""));
        QCOMPARE(first.update->entry.source,
                 m_server->baseUrl() + QStringLiteral("/global/global-bundle.pem"));
        QCOMPARE(storedGlobal(), m_bundleV1);
        QVERIFY(!m_server->requests().last().headers.contains("if-none-match"));

        const Outcome second = run(source());
        QVERIFY(second.update);
        QVERIFY(second.update->notModified);
        QCOMPARE(m_server->requests().last().headers.value("if-none-match"), QByteArray("\"v1\""));
        QCOMPARE(m_server->requests().last().headers.value("if-modified-since"),
                 QByteArray("Tue, 02 Jan 2024 10:00:00 GMT"));
        QCOMPARE(storedGlobal(), m_bundleV1);
    }

    void changedBundleReplacesOld()
    {
        m_server->setHandler([this](const HttpRequest &) {
            return HttpAnswer{TestHttpServer::response(200, m_bundleV2, {{"ETag", "\"v2\""}})};
        });
        const Outcome outcome = run(source());
        QVERIFY(outcome.update);
        QVERIFY(outcome.update->changed);
        QCOMPARE(outcome.update->entry.certificateCount, 102);
        QCOMPARE(storedGlobal(), m_bundleV2);
    }

    void failuresKeepTheStoredBundle_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("code");
        const QByteArray body = QByteArray(":/signet/ca/rds-global-bundle.pem");
        QFile builtin(QString::fromLatin1(body));
        builtin.open(QIODevice::ReadOnly);
        const QByteArray pem = builtin.readAll();
        QTest::newRow("connection cut before Content-Length")
            << TestHttpServer::response(200, pem.left(5000), {}, pem.size()) << QStringLiteral("ca.");
        QTest::newRow("truncated PEM")
            << TestHttpServer::response(200, pem.left(pem.size() / 2)) << QStringLiteral("ca.invalid-pem");
        QTest::newRow("garbage") << TestHttpServer::response(200, "<html>captive portal</html>")
                                 << QStringLiteral("ca.invalid-pem");
        QTest::newRow("404") << TestHttpServer::response(404, "not found")
                             << QStringLiteral("ca.download-failed");
        QTest::newRow("https to http redirect")
            << TestHttpServer::response(302, {},
                                        {{"Location", "http://127.0.0.1:1/global/global-bundle.pem"}})
            << QStringLiteral("ca.download-failed");
    }

    void failuresKeepTheStoredBundle()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, code);
        const QByteArray before = storedGlobal();
        QVERIFY(!before.isEmpty());
        m_server->setHandler([raw](const HttpRequest &) { return HttpAnswer{raw}; });
        const Outcome outcome = run(source());
        QVERIFY(!outcome.update);
        QVERIFY(outcome.error);
        QVERIFY2(outcome.error->code.startsWith(code),
                 qPrintable(outcome.error->code + u' ' + outcome.error->message));
        QVERIFY(!outcome.error->hint.isEmpty());
        QCOMPARE(storedGlobal(), before);
    }

    void followsRedirect()
    {
        m_server->setHandler([this](const HttpRequest &request) {
            if (request.path == "/eu-west-1/eu-west-1-bundle.pem")
                return HttpAnswer{
                    TestHttpServer::response(301, {}, {{"Location", "/moved/eu-west-1-bundle.pem"}})};
            if (request.path == "/moved/eu-west-1-bundle.pem")
                return HttpAnswer{TestHttpServer::response(200, m_bundleV1)};
            return HttpAnswer{TestHttpServer::response(404, "nope")};
        });
        const Outcome outcome = run(source(QStringLiteral("eu-west-1")));
        QVERIFY2(outcome.update, outcome.error ? qPrintable(outcome.error->message) : "no outcome");
        QCOMPARE(outcome.update->entry.id, QStringLiteral("eu-west-1"));
        QCOMPARE(m_server->requests().last().path, QByteArray("/moved/eu-west-1-bundle.pem"));
        QVERIFY(store().entry(QStringLiteral("eu-west-1")).has_value());
    }

    void slowServerReportsProgress()
    {
        m_server->setHandler([this](const HttpRequest &) {
            return HttpAnswer{TestHttpServer::response(200, m_bundleV2), 16 * 1024, 120};
        });
        const Outcome outcome = run(source(QStringLiteral("us-gov-west-1")));
        QVERIFY2(outcome.update, outcome.error ? qPrintable(outcome.error->message) : "no outcome");
        // QNetworkAccessManager reports progress at most every 100 ms; chunks come every 120 ms.
        QVERIFY2(outcome.progress.size() >= 5, qPrintable(QString::number(outcome.progress.size())));
        QVERIFY(std::is_sorted(outcome.progress.cbegin(), outcome.progress.cend()));
        QCOMPARE(outcome.progress.last(), qint64(m_bundleV2.size()));
    }

    void untrustedServerIsRefused()
    {
        m_server->setHandler(
            [this](const HttpRequest &) { return HttpAnswer{TestHttpServer::response(200, m_bundleV1)}; });
        const Outcome outcome = run(source(QStringLiteral("ap-south-1")), false);
        QVERIFY(outcome.error);
        QVERIFY2(outcome.error->hint.contains(QStringLiteral("certificate")),
                 qPrintable(outcome.error->toString()));
        QVERIFY(!store().entry(QStringLiteral("ap-south-1")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestCaBundleDownload)
#include "test_ca_bundle_download.moc"
