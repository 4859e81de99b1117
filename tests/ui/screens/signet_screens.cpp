// SPDX-License-Identifier: GPL-3.0-or-later
// signet_screens OUTDIR light|dark: the main screens at the screen's size (1366×768 under
// scripts/screenshot), against the running emulator (SIGNET_EMU_* in the environment): first run,
// a new profile, the profile page with a token, a console with results, a console with an error,
// Diagnostics, the Local proxy panel (a live psql session, and a connection that failed), the CA
// bundles dialog with a failed download, File › Console… and its console tab, Preferences, and the
// question before quitting with unsaved work. One PNG per screen, named after it.
#include "EmulatorProfile.h"
#include "MainWindow.h"
#include "actions/ProfileActionsBar.h"
#include "ca/CaBundlesDialog.h"
#include "common/Ask.h"
#include "common/Clock.h"
#include "common/Theme.h"
#include "console/ConsoleTargetDialog.h"
#include "console/ConsoleWidget.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreePanel.h"
#include "proxy/LocalProxies.h"
#include "proxy/ProxyListModel.h"
#include "proxy/ProxyListener.h"
#include "proxy/ProxyPanel.h"
#include "proxy/ServeLocallyControl.h"
#include "settings/SettingsDialog.h"
#include "token/ProfileTokenPanel.h"
#include "workspace/ConsoleTab.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>

#include <cstdio>
#include <functional>

using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;

namespace {

QString g_out;

void settle(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool waitUntil(const std::function<bool()> &done, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    settle(300); // let the last paint land
    return true;
}

void shot(const QString &name)
{
    settle(400);
    const QString path = g_out + u'/' + name + QStringLiteral(".png");
    QGuiApplication::primaryScreen()->grabWindow(0).save(path);
    std::fprintf(stderr, "wrote %s\n", qPrintable(path));
}

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

using signet::test::emulatorProfile;

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("signet"));
    QApplication::setApplicationName(QStringLiteral("signet"));
    QApplication::setApplicationDisplayName(QStringLiteral("Signet"));
    const QStringList args = QApplication::arguments();
    if (args.size() < 3 || env("SIGNET_EMU_HOST").isEmpty()) {
        std::fprintf(stderr, "usage: signet_screens OUTDIR light|dark (with the emulator's SIGNET_EMU_*)\n");
        return 2;
    }
    g_out = args.at(1);
    const QString prefix = args.at(2) + u'-';
    QDir().mkpath(g_out);
    theme::apply(args.at(2) == u"dark" ? theme::Choice::Dark : theme::Choice::Light);
    qputenv("AWS_ACCESS_KEY_ID", qgetenv("SIGNET_EMU_ACCESS_KEY_ID"));
    qputenv("AWS_SECRET_ACCESS_KEY", qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY"));
    qunsetenv("AWS_SESSION_TOKEN");

    ProfileStore store;
    (void)store.load();
    MemorySecretStore secrets;
    MainWindow window(Clock::system(), store, secrets);
    const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
    window.setGeometry(screen);
    window.show();
    waitUntil([&] { return window.isVisible(); }, 5000);
    shot(prefix + QStringLiteral("first-run"));

    window.newProfile();
    shot(prefix + QStringLiteral("new-profile"));
    window.editor()->editProfile(ConnectionProfile{}); // leave the blank form without a question

    ConnectionProfile prod = emulatorProfile(QStringLiteral("orders-prod"), false);
    prod.folder = QStringLiteral("Production");
    prod.production = true;
    ConnectionProfile staging = emulatorProfile(QStringLiteral("orders-stg"), true);
    staging.folder = QStringLiteral("Staging");
    ConnectionProfile billing = emulatorProfile(QStringLiteral("billing-ro"), true);
    billing.folder = QStringLiteral("Production");
    billing.host = QStringLiteral("billing.c9xyz.eu-west-1.rds.amazonaws.com");
    billing.region.clear();
    billing.caFile.clear();
    for (const ConnectionProfile &profile : {prod, staging, billing})
        (void)store.add(profile);

    window.treePanel()->selectProfile(prod.id);
    window.tokenPanel()->sign();
    waitUntil([&] { return window.tokenPanel()->hasToken(); }, 10000);
    settle(1200);
    shot(prefix + QStringLiteral("profile-page"));

    // A console with results (PostgreSQL), then one with an error (MariaDB, production).
    window.treePanel()->selectProfile(staging.id);
    window.connectCurrent();
    waitUntil([&] { return window.consoleFor(staging.id) != nullptr; }, 10000);
    ConsoleWidget *pg = window.consoleFor(staging.id);
    waitUntil([&] { return pg->statusLine()->text().contains(QStringLiteral("TLS")); }, 20000);
    pg->editor()->setText(
        QStringLiteral("SELECT g AS id, 'customer-' || g AS customer, (g * 1.5)::numeric(10,2) AS amount,\n"
                       "       now() - g * interval '1 hour' AS created_at\n"
                       "FROM generate_series(1, 300) AS g;"));
    bool finished = false;
    QObject::connect(pg, &ConsoleWidget::queryFinished, pg, [&finished] { finished = true; });
    pg->runCurrent();
    waitUntil([&] { return finished; }, 20000);
    shot(prefix + QStringLiteral("console-results"));

    window.treePanel()->selectProfile(prod.id);
    window.connectCurrent();
    waitUntil([&] { return window.consoleFor(prod.id) != nullptr; }, 10000);
    ConsoleWidget *maria = window.consoleFor(prod.id);
    waitUntil([&] { return maria->statusLine()->text().contains(QStringLiteral("TLS")); }, 20000);
    maria->editor()->setText(QStringLiteral("SELECT 1;\nSELECT id, custmer FROM orders WHERE id = 1;\n"));
    maria->editor()->setCursorPosition(1, 5);
    bool failed = false;
    QObject::connect(maria, &ConsoleWidget::queryFailed, maria, [&failed] { failed = true; });
    maria->runCurrent();
    waitUntil([&] { return failed; }, 20000);
    shot(prefix + QStringLiteral("console-error"));

    // Diagnostics of the production profile.
    window.workspace()->showProfilePage();
    window.checkCurrent();
    waitUntil([&] { return window.diagnostics() && window.diagnostics()->checkedAt().isValid(); }, 40000);
    shot(prefix + QStringLiteral("diagnostics"));
    window.treePanel()->selectProfile(billing.id);
    window.checkCurrent();
    waitUntil([&] { return window.diagnostics() && window.diagnostics()->checkedAt().isValid(); }, 40000);
    shot(prefix + QStringLiteral("diagnostics-failed"));

    // Serve locally: the staging profile with psql connected through it (no password), and the
    // billing profile, whose endpoint cannot be resolved here, with the connection that failed.
    auto serve = [&](const ConnectionProfile &profile) {
        window.treePanel()->selectProfile(profile.id);
        window.actionsBar()->serveControl()->button()->click();
        waitUntil([&] { return window.localProxies()->isListening(profile.id); }, 20000);
        const proxy::ProxyListener *listener = window.localProxies()->listener(profile.id);
        return listener ? listener->port() : quint16(0);
    };
    const quint16 stagingPort = serve(staging);
    QProcess psql;
    psql.start(QStringLiteral("psql"),
               {QStringLiteral("-X"), QStringLiteral("-q"),
                QStringLiteral("host=127.0.0.1 port=%1 user=%2 dbname=%3 sslmode=disable")
                    .arg(stagingPort)
                    .arg(staging.dbUser, staging.database)});
    psql.write("SELECT count(*) FROM generate_series(1, 1000);\n");
    const quint16 billingPort = serve(billing);
    QProcess failing;
    failing.start(QStringLiteral("psql"),
                  {QStringLiteral("-X"),
                   QStringLiteral("host=127.0.0.1 port=%1 user=%2 dbname=%3 sslmode=disable")
                       .arg(billingPort)
                       .arg(billing.dbUser, billing.database),
                   QStringLiteral("-c"), QStringLiteral("SELECT 1")});
    ProxyListModel *proxies = window.proxyPanel()->model();
    waitUntil(
        [&] {
            proxies->refresh();
            const QModelIndex live = proxies->indexOf(staging.id);
            const QModelIndex refused = proxies->indexOf(billing.id);
            return live.isValid() && refused.isValid() && proxies->rowCount(live) == 1 &&
                   proxies->rowCount(refused) == 1 && failing.state() == QProcess::NotRunning &&
                   proxies->index(0, ProxyListModel::ToClientColumn, live).data().toString() !=
                       ProxyListModel::bytesText(0);
        },
        30000);
    // The failed connection picked, as a user does to read its whole problem below the list.
    window.proxyPanel()->view()->setFocus();
    window.proxyPanel()->view()->setCurrentIndex(proxies->index(0, 0, proxies->indexOf(billing.id)));
    shot(prefix + QStringLiteral("local-proxy"));
    psql.closeWriteChannel();
    waitUntil([&] { return psql.state() == QProcess::NotRunning; }, 10000);
    for (const ConnectionProfile &profile : {staging, billing}) {
        window.treePanel()->selectProfile(profile.id);
        window.actionsBar()->serveControl()->button()->click();
        waitUntil([&] { return !window.localProxies()->isListening(profile.id); }, 10000);
    }
    // Closed again, as a user does when done with it (View › Local Proxy): the later screens keep their room.
    window.proxyDock()->hide();

    // Dialogs.
    auto *ca = new CaBundlesDialog(tls::CaBundleStore(), &window);
    ca->show();
    ca->startUpdate(QStringLiteral("https://truststore.pki.rds.invalid/global/global-bundle.pem"));
    waitUntil(
        [&] {
            const auto *status = ca->findChild<QLabel *>(QStringLiteral("bundleStatus"));
            return status && !status->text().isEmpty() &&
                   !status->text().startsWith(QStringLiteral("Downloading"));
        },
        20000);
    shot(prefix + QStringLiteral("ca-dialog"));
    ca->close();

    // File › Console…: the dialog, then the console it opens as a tab of its own.
    window.askAdHocConsole();
    auto *target = window.findChild<ConsoleTargetDialog *>();
    waitUntil([&] { return target->isVisible(); }, 5000);
    auto field = [&](const char *name, const QString &text) {
        if (auto *edit = target->findChild<QLineEdit *>(QLatin1String(name)))
            edit->setText(text);
    };
    auto *engine = target->findChild<QComboBox *>(QStringLiteral("engineCombo"));
    engine->setCurrentIndex(engine->findData(QStringLiteral("postgres")));
    field("hostEdit", env("SIGNET_EMU_HOST"));
    target->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(env("SIGNET_EMU_PG_PORT").toInt());
    field("userEdit", env("SIGNET_EMU_PG_USER"));
    field("databaseEdit", env("SIGNET_EMU_DATABASE"));
    field("regionEdit", env("SIGNET_EMU_REGION"));
    field("caEdit", env("SIGNET_EMU_CA"));
    shot(prefix + QStringLiteral("console-dialog"));
    target->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    waitUntil(
        [&] {
            auto *tab = qobject_cast<ConsoleTab *>(window.workspace()->currentWidget());
            return tab && tab->identityText().contains(QStringLiteral("TLS"));
        },
        20000);
    shot(prefix + QStringLiteral("console-adhoc"));

    auto *preferences = new SettingsDialog(launch::ClientDetector::system(), &window);
    preferences->show();
    shot(prefix + QStringLiteral("preferences"));
    preferences->close();

    // Quitting with text typed in a console: the question, as a real message box.
    maria->editor()->setText(QStringLiteral("UPDATE orders SET note = 'checked' WHERE id = 7;"));
    maria->editor()->setModified(true);
    QTimer::singleShot(800, &app, [&] {
        shot(prefix + QStringLiteral("quit-question"));
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->reject();
    });
    window.close();
    return 0;
}
