// SPDX-License-Identifier: GPL-3.0-or-later
// DiagnosticsPanel and CaBundlesDialog, clicked through offscreen: steps fill in with status,
// icon, time and details; failures are expanded; "Copy report" puts a redacted report on the
// clipboard; the CA dialog lists bundles, colours certificates by expiry, imports and downloads.
#include "FakeDbServer.h"
#include "TestHttpServer.h"
#include "TestPki.h"
#include "ca/CaBundlesDialog.h"
#include "diagnostics/DiagnosticsPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>

using namespace signet;
using namespace signet::probe;
using signet::test::FakeDbServer;
using signet::test::HttpAnswer;
using signet::test::HttpRequest;
using signet::test::TestHttpServer;

class TestDiagnosticsUi final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    test::TestCertificate m_ca;
    QString m_caFile;
    std::unique_ptr<TestHttpServer> m_sts;

    QString writeFile(const QString &name, const QByteArray &data)
    {
        const QString path = m_dir.path() + u'/' + name;
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(data);
        return path;
    }

    ProbeOptions options() const
    {
        ProbeOptions options;
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_dir.path() + QStringLiteral("/none"));
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_dir.path() + QStringLiteral("/none"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sts->baseUrl());
        options.environment = env;
        options.caStoreDirectory = m_dir.path() + QStringLiteral("/store");
        options.tcpTimeoutMs = 1500;
        options.tlsTimeoutMs = 1500;
        return options;
    }

    ProbeTarget target(quint16 port) const
    {
        ProbeTarget target;
        target.engine = Engine::Postgres;
        target.host = QStringLiteral("localhost");
        target.port = port;
        target.caBundle = m_caFile;
        target.region = QStringLiteral("eu-west-1");
        target.user = QStringLiteral("iam_user");
        return target;
    }

    static QTreeWidgetItem *stepItem(QTreeWidget *tree, const QString &title)
    {
        const auto found = tree->findItems(title, Qt::MatchExactly, 0);
        return found.isEmpty() ? nullptr : found.first();
    }

private slots:
    void initTestCase()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_ca = test::makeCa(QStringLiteral("Amazon RDS eu-west-1 Root CA ECC384 G1"), now.addDays(-10),
                            now.addDays(3000));
        m_caFile = writeFile(QStringLiteral("ca.pem"), m_ca.certificatePem);
        m_sts = std::make_unique<TestHttpServer>();
        QVERIFY(m_sts->start() > 0);
        m_sts->setHandler([](const HttpRequest &) {
            return HttpAnswer{TestHttpServer::response(
                403, {}, {{"Date", QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1()}})};
        });
    }

    void runShowsEveryStepAndCopiesARedactedReport()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        FakeDbServer server(FakeDbServer::Mode::PostgresTls,
                            test::makeServer(m_ca, QStringLiteral("localhost"), {QStringLiteral("localhost")},
                                             {QStringLiteral("127.0.0.1")}, now.addDays(-1),
                                             now.addDays(400)));
        ui::DiagnosticsPanel panel;
        panel.setOptions(options());
        auto *runButton = panel.findChild<QPushButton *>(QStringLiteral("runCheck"));
        auto *copyButton = panel.findChild<QPushButton *>(QStringLiteral("copyReport"));
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("diagnosticsSteps"));
        QVERIFY(runButton && copyButton && tree);
        QVERIFY(!runButton->isEnabled()); // nothing to check yet
        panel.setTarget(target(server.start()));
        panel.show();
        QVERIFY(runButton->isEnabled());
        QSignalSpy finished(&panel, &ui::DiagnosticsPanel::runFinished);
        QTest::mouseClick(runButton, Qt::LeftButton);
        QCOMPARE(tree->topLevelItemCount(), 9); // the route step first, the login last
        QVERIFY(!runButton->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);

        for (const QString &title :
             {QStringLiteral("DNS"), QStringLiteral("TCP connect"), QStringLiteral("TLS negotiation"),
              QStringLiteral("Server certificate"), QStringLiteral("AWS credentials"),
              QStringLiteral("Clock skew"), QStringLiteral("Token region")}) {
            QTreeWidgetItem *item = stepItem(tree, title);
            QVERIFY2(item, qPrintable(title));
            QCOMPARE(item->text(1), QStringLiteral("passed"));
            QVERIFY(item->text(2).endsWith(QStringLiteral(" ms")));
            QVERIFY(!item->icon(0).isNull());
        }
        QTreeWidgetItem *login = stepItem(tree, QStringLiteral("Login"));
        QCOMPARE(login->text(1), QStringLiteral("skipped"));
        QCOMPARE(login->text(3), QStringLiteral("skipped: login step not available in this build"));
        QVERIFY(stepItem(tree, QStringLiteral("Server certificate"))->childCount() >= 3);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("diagnosticsSummary"))
                    ->text()
                    .contains(QStringLiteral("skipped")));

        QVERIFY(copyButton->isEnabled());
        QApplication::clipboard()->clear();
        QTest::mouseClick(copyButton, Qt::LeftButton);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(copied.startsWith(QStringLiteral("Signet check: postgres localhost:")));
        QVERIFY(copied.contains(QStringLiteral("[PASSED] TLS negotiation")));
        QVERIFY(!copied.contains(QStringLiteral("AKIAIOSFODNN7EXAMPLE")));
        QVERIFY(!copied.contains(QStringLiteral("wJalrXUtnFEMI")));
    }

    void failureIsExpandedWithItsHint()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        ui::DiagnosticsPanel panel;
        panel.setOptions(options());
        ProbeTarget refused = target(port);
        refused.host = QStringLiteral("127.0.0.1");
        panel.setTarget(refused);
        QSignalSpy finished(&panel, &ui::DiagnosticsPanel::runFinished);
        panel.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("diagnosticsSteps"));
        QTreeWidgetItem *tcp = stepItem(tree, QStringLiteral("TCP connect"));
        QCOMPARE(tcp->text(1), QStringLiteral("failed"));
        QVERIFY(tcp->isExpanded());
        QCOMPARE(tcp->child(0)->text(1), QStringLiteral("hint"));
        QVERIFY(!tcp->child(0)->text(3).isEmpty());
        QCOMPARE(stepItem(tree, QStringLiteral("TLS negotiation"))->text(3),
                 QStringLiteral("skipped: TCP connect failed"));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("diagnosticsSummary"))
                    ->text()
                    .startsWith(QStringLiteral("TCP connect failed")));
    }

    void cancelStopsARunningCheck()
    {
        FakeDbServer silent(FakeDbServer::Mode::Silent);
        ui::DiagnosticsPanel panel;
        ProbeOptions slow = options();
        slow.tlsTimeoutMs = 10000;
        panel.setOptions(slow);
        panel.setTarget(target(silent.start()));
        QSignalSpy finished(&panel, &ui::DiagnosticsPanel::runFinished);
        panel.run();
        auto *cancelButton = panel.findChild<QPushButton *>(QStringLiteral("cancelCheck"));
        QTRY_VERIFY_WITH_TIMEOUT(stepItem(panel.findChild<QTreeWidget *>(QStringLiteral("diagnosticsSteps")),
                                          QStringLiteral("TLS negotiation"))
                                         ->text(1) == QStringLiteral("running…"),
                                 5000);
        QVERIFY(cancelButton->isEnabled());
        QTest::mouseClick(cancelButton, Qt::LeftButton);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!panel.isRunning());
        const auto &steps = panel.lastReport().steps;
        const auto tls = std::find_if(steps.begin(), steps.end(),
                                      [](const auto &step) { return step.id == QStringLiteral("tls"); });
        QVERIFY(tls != steps.end());
        QCOMPARE(tls->verdict, QStringLiteral("skipped: the check was cancelled"));
    }

    void caDialogListsImportsAndDownloads()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const tls::CaBundleStore store(m_dir.path() + QStringLiteral("/dialog-store"));
        ui::CaBundlesDialog dialog(store);
        dialog.show();
        auto *list = dialog.findChild<QListWidget *>(QStringLiteral("bundleList"));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("certificateTable"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("bundleStatus"));
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), QStringLiteral("global (102)"));
        QCOMPARE(table->rowCount(), 102);

        // Import: an expired and a soon-expiring certificate are coloured, a valid one is not.
        const QString pem = writeFile(
            QStringLiteral("corp.pem"),
            test::makeCa(QStringLiteral("Expired CA"), now.addDays(-500), now.addDays(-5)).certificatePem +
                test::makeCa(QStringLiteral("Soon CA"), now.addDays(-5), now.addDays(40)).certificatePem +
                test::makeCa(QStringLiteral("Fine CA"), now.addDays(-5), now.addDays(4000)).certificatePem);
        dialog.setFileChooser([pem](QWidget *) { return pem; });
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("importBundle")), Qt::LeftButton);
        QCOMPARE(list->count(), 2);
        QVERIFY(status->text().startsWith(QStringLiteral("Imported file-corp")));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Expired CA")); // sorted by days left
        QCOMPARE(table->item(0, 0)->background().color(), QColor(0xf4, 0xc7, 0xc3));
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("Soon CA"));
        QCOMPARE(table->item(1, 0)->background().color(), QColor(0xfc, 0xe8, 0xb2));
        QCOMPARE(table->item(2, 0)->background().style(), Qt::NoBrush);

        // Download from a local HTTPS truststore.
        const auto serverCertificate =
            test::makeServer(m_ca, QStringLiteral("127.0.0.1"), {}, {QStringLiteral("127.0.0.1")},
                             now.addDays(-1), now.addDays(30));
        TestHttpServer truststore(serverCertificate);
        truststore.start();
        const QByteArray body =
            test::makeCa(QStringLiteral("Downloaded CA"), now.addDays(-1), now.addDays(900)).certificatePem;
        truststore.setHandler(
            [body](const HttpRequest &) { return HttpAnswer{TestHttpServer::response(200, body)}; });
        dialog.setDownloadTrust({m_ca.certificate()});
        QSignalSpy changed(&dialog, &ui::CaBundlesDialog::bundlesChanged);
        dialog.startUpdate(truststore.baseUrl() + QStringLiteral("/custom/corp-bundle.pem"));
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
        QCOMPARE(list->count(), 3);
        QVERIFY2(status->text().contains(QStringLiteral("downloaded: 1 certificates")),
                 qPrintable(status->text()));
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Downloaded CA"));

        dialog.startUpdate(QStringLiteral("not a source"));
        QVERIFY(status->text().contains(QStringLiteral("is not a CA bundle source")));
    }

    // A one-line download error as long as a real one (URL, host, hint) wraps: the dialog keeps its
    // width and its Close button stays on a 1366-pixel screen.
    void caDialogWrapsALongError()
    {
        const tls::CaBundleStore store(m_dir.path() + QStringLiteral("/wrap-store"));
        ui::CaBundlesDialog dialog(store);
        dialog.resize(900, 560);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const int width = dialog.width();
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("bundleStatus"));
        // Nothing listens on this port: the download fails at once with the URL in the message.
        dialog.startUpdate(QStringLiteral("https://127.0.0.1:1/") + QString(200, u'x') +
                           QStringLiteral("/global/global-bundle.pem"));
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().startsWith(QStringLiteral("Downloading")), 10000);
        QVERIFY(status->text().size() > 200);
        QApplication::processEvents();
        QCOMPARE(dialog.width(), width);
        QVERIFY(dialog.minimumSizeHint().width() < 1366);
        auto *close = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close);
        QVERIFY(close->isVisible());
        QVERIFY(dialog.rect().contains(close->geometry().translated(close->parentWidget()->pos())));
    }

    // Long verdicts wrap in the Verdict column (no "…" hiding the end) and keep the full text on hover.
    void longVerdictsWrap()
    {
        ui::DiagnosticsPanel panel;
        panel.setOptions(options());
        panel.resize(700, 500);
        ProbeTarget refused = target(1);
        refused.host = QStringLiteral("127.0.0.1");
        panel.setTarget(refused);
        panel.setSubject(QStringLiteral("narrow"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy finished(&panel, &ui::DiagnosticsPanel::runFinished);
        panel.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("diagnosticsSteps"));
        QTreeWidgetItem *tcp = stepItem(tree, QStringLiteral("TCP connect"));
        QVERIFY(tcp);
        QVERIFY(tcp->childCount() > 0); // the hint, shown expanded
        QTreeWidgetItem *hint = tcp->child(0);
        const QString text = hint->text(3);
        const int columnWidth = tree->columnWidth(3);
        QVERIFY2(tree->fontMetrics().horizontalAdvance(text) > columnWidth, qPrintable(text));
        // Taller than one line: the text wraps instead of being cut.
        QTRY_VERIFY(tree->visualItemRect(hint).height() > tree->fontMetrics().height() * 3 / 2);
        QCOMPARE(hint->toolTip(3), text);
        QVERIFY(panel.titleText().contains(QStringLiteral("narrow")));
        QVERIFY(panel.titleText().startsWith(QStringLiteral("Checked ")));
    }
};

QTEST_MAIN(TestDiagnosticsUi)
#include "test_diagnostics_ui.moc"
