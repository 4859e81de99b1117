// SPDX-License-Identifier: GPL-3.0-or-later
// ImportDialog as a user drives it: an AWS profile and regions typed in, Discover, a failing region
// shown in place, endpoints ticked with the keyboard, Import, and Import again without duplicates.
#include "LocalAwsServer.h"

#include "discovery/ImportDialog.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "workspace/FirstRunPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace signet;

class TestImportDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstRunPageOffersTheAwsImport();
    void discoverTickImportAndImportAgain();
};

namespace {

QTreeWidgetItem *childNamed(QTreeWidgetItem *parent, const QString &name)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->text(0).trimmed() == name)
            return parent->child(i);
    return nullptr;
}

QTreeWidgetItem *regionItem(QTreeWidget *tree, const QString &region)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0) == region ||
            tree->topLevelItem(i)->text(0).startsWith(region + QStringLiteral(" — ")))
            return tree->topLevelItem(i);
    return nullptr;
}

} // namespace

void TestImportDialog::firstRunPageOffersTheAwsImport()
{
    ui::FirstRunPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy requested(&page, &ui::FirstRunPage::awsImportRequested);
    QVERIFY(page.awsImportButton()->isVisible());
    QCOMPARE(page.awsImportButton()->text(), QStringLiteral("Import from &AWS…"));
    QTest::mouseClick(page.awsImportButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
}

void TestImportDialog::discoverTickImportAndImportAgain()
{
    // The account answers after the regions (as it can on a slow STS): the imported folders
    // still name it.
    test::LocalAwsServer server({QStringLiteral("--identity-delay"), QStringLiteral("1.5")});
    QVERIFY(server.isRunning());
    QTemporaryDir dir;
    QFile credentials(dir.filePath(QStringLiteral("credentials")));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write(
        "[team]\naws_access_key_id = AKIDUIOFFINAPSOUTH1\naws_secret_access_key = sk-AKIDUIOFFINAPSOUTH1\n");
    credentials.close();
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), dir.path());
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), server.url().toString());
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), credentials.fileName());
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));

    profiles::ProfileStore store(dir.filePath(QStringLiteral("profiles.json")));
    QVERIFY(store.load().ok());
    profiles::MemorySecretStore secrets;
    profiles::ProfileService service(store, secrets);
    ui::ImportDialog dialog(service, env);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.importButton()->isEnabled());

    dialog.awsProfileEdit()->setFocus();
    QTest::keyClicks(dialog.awsProfileEdit(), QStringLiteral("team"));
    dialog.regionsEdit()->selectAll();
    QTest::keyClicks(dialog.regionsEdit(), QStringLiteral("eu-west-1, ap-south-1"));
    QSignalSpy discovered(&dialog, &ui::ImportDialog::discoveryFinished);
    QTest::mouseClick(dialog.discoverButton(), Qt::LeftButton);
    QVERIFY(discovered.wait(60000));

    QTreeWidget *tree = dialog.tree();
    QCOMPARE(tree->topLevelItemCount(), 2);
    QTreeWidgetItem *eu = regionItem(tree, QStringLiteral("eu-west-1"));
    QTreeWidgetItem *ap = regionItem(tree, QStringLiteral("ap-south-1"));
    QVERIFY(eu && ap);
    // The failed region's reason is in the one cell its row shows (spanning the columns).
    QVERIFY(ap->isFirstColumnSpanned());
    QVERIFY2(ap->text(0).startsWith(QStringLiteral("ap-south-1 — failed: ")), qPrintable(ap->text(0)));
    QVERIFY(eu->text(1).contains(QStringLiteral("endpoint")));
    QVERIFY(dialog.statusLabel()->text().contains(QStringLiteral("123456789012")));
    QTreeWidgetItem *proxy = childNamed(eu, QStringLiteral("proxy-eu"));
    QTreeWidgetItem *writer = childNamed(eu, QStringLiteral("aurora-eu"));
    QVERIFY(proxy && writer);
    QCOMPARE(proxy->text(4), QStringLiteral("IAM on"));

    // Tick two endpoints with the keyboard: select, Space.
    tree->setFocus();
    for (QTreeWidgetItem *item : {proxy, writer}) {
        tree->setCurrentItem(item);
        QTest::keyClick(tree, Qt::Key_Space);
        QCOMPARE(item->checkState(0), Qt::Checked);
    }
    QVERIFY(dialog.importButton()->isEnabled());
    QCOMPARE(dialog.importButton()->text(), QStringLiteral("&Import 2"));

    QSignalSpy imported(&dialog, &ui::ImportDialog::importFinished);
    QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 20000);
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("Imported: 2 added, 0 updated, 0 unchanged."));
    QCOMPARE(store.profiles().size(), 2);
    QCOMPARE(store.find(QStringLiteral("proxy-eu"))->awsProfile, QStringLiteral("team"));
    QCOMPARE(store.find(QStringLiteral("aurora-eu"))->folder, QStringLiteral("AWS 123456789012 eu-west-1"));

    QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 2, 20000);
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("Imported: 0 added, 0 updated, 2 unchanged."));
    QCOMPARE(store.profiles().size(), 2);
}

QTEST_MAIN(TestImportDialog)
#include "tst_import_dialog.moc"
