// SPDX-License-Identifier: GPL-3.0-or-later
// "Serve locally" and the Local proxy panel against the emulator: a user picks a profile, serves it on
// a port they type, a real psql / mariadb connects with no password through the copied connection
// string and runs a query, the panel shows that connection live; Stop closes the port; a taken port
// is said in plain words; quitting with a client connected asks first.
#include "EmulatorProfile.h"
#include "MainWindowFixture.h"
#include "actions/ProfileActionsBar.h"
#include "launch/LaunchMenu.h"
#include "proxy/LocalProxies.h"
#include "proxy/ProxyListModel.h"
#include "proxy/ProxyPanel.h"
#include "proxy/ServeLocallyControl.h"
#include "tray/TokenTray.h"

#include <QClipboard>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTcpSocket>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace signet::ui::test_support;
using signet::ui::LocalProxies;
using signet::ui::MainWindow;
using signet::ui::ProfileActionsBar;
using signet::ui::ProxyListModel;
using signet::ui::ProxyPanel;

namespace {

ConnectionProfile emulatorProfile(bool pg)
{
    return signet::test::emulatorProfile(pg ? u"emu-pg"_s : u"emu-mariadb"_s, pg);
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return 0;
    return probe.serverPort();
}

QString statusText(MainWindow &window)
{
    return window.statusBar()->currentMessage();
}

} // namespace

class TestProxyPanel final : public QObject
{
    Q_OBJECT

    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<MainWindow> m_window;

    // A window over a store holding `profile`, the profile picked as a person does: Ctrl+F, its name
    // typed into the filter, a click on its row.
    void openWindowOn(const ConnectionProfile &profile)
    {
        QDir(home()->path() + u"/config"_s).removeRecursively();
        m_store = std::make_unique<ProfileStore>();
        (void)m_store->load();
        QVERIFY(m_store->add(profile).ok());
        m_secrets = std::make_unique<MemorySecretStore>();
        m_window = std::make_unique<MainWindow>(Clock::system(), *m_store, *m_secrets);
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        QTest::keyClicks(QApplication::focusWidget(), profile.name);
        clickProfile(m_window->treePanel(), profile.id);
        QTRY_VERIFY(m_window->actionsBar()->profile() && m_window->actionsBar()->profile()->id == profile.id);
    }

    // Selects everything in the port box and types the port, as a person edits it.
    void typePort(quint16 port)
    {
        QSpinBox *box = m_window->actionsBar()->serveControl()->portBox();
        QVERIFY(box->isVisible() && box->isEnabled());
        box->setFocus();
        QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(box, QString::number(port));
        QCOMPARE(box->value(), int(port));
    }

    // The panel's "Copy connection string" entry that starts with `prefix`, copied as a user picks it.
    QString copyConnectionString(ProxyPanel *panel, const QString &prefix)
    {
        QMenu *menu = panel->copyMenu();
        menu->popup(panel->copyButton()->mapToGlobal(QPoint(0, panel->copyButton()->height())));
        QAction *picked = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->text().startsWith(prefix))
                picked = action;
        }
        if (picked)
            picked->trigger();
        menu->hide();
        return picked ? QGuiApplication::clipboard()->text() : QString();
    }

    // Opens Options beside the port with a click and picks an entry by its mnemonic, as a person does.
    void pickServeOption(QChar mnemonic)
    {
        QToolButton *button = m_window->actionsBar()->serveControl()->optionsButton();
        QVERIFY(button->isVisible() && button->isEnabled());
        bool shown = false;
        QTimer::singleShot(0, this, [&shown, mnemonic] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            shown = menu != nullptr;
            if (menu)
                QTest::keyClick(menu, mnemonic.toLatin1());
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY(shown);
    }

    // A program run to its end with the event loop turning (the proxy runs in this thread).
    static QByteArray runPsql(const QStringList &arguments, QByteArray *errors = nullptr)
    {
        return run(u"psql"_s, QStringList{u"-X"_s, u"-A"_s, u"-t"_s} + arguments, errors);
    }
    static QByteArray run(const QString &program, const QStringList &arguments, QByteArray *errors)
    {
        QProcess client;
        client.start(program, arguments);
        if (!client.waitForStarted(5000))
            return {};
        QDeadlineTimer deadline(20000);
        while (client.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(20);
        if (errors)
            *errors = client.readAllStandardError();
        return client.exitCode() == 0 ? client.readAllStandardOutput().trimmed() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!signet::test::signWithEmulatorKeys())
            QFAIL(
                "SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
        // The window's Unix sockets go to a runtime directory of this test's own.
        const QString runtime = home()->path() + u"/run"_s;
        QVERIFY(QDir().mkpath(runtime));
        QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        qputenv("XDG_RUNTIME_DIR", runtime.toUtf8());
        // Nothing may sneak a password in: the clients connect with none.
        qunsetenv("PGPASSWORD");
        qunsetenv("MYSQL_PWD");
    }

    void cleanup()
    {
        QSettings().remove(u"proxy"_s); // the Serve options chosen by a test
        m_window.reset();
        m_secrets.reset();
        m_store.reset();
    }

    void serveQueryAndStop_data()
    {
        QTest::addColumn<bool>("pg");
        QTest::newRow("psql") << true;
        QTest::newRow("mariadb") << false;
    }

    void serveQueryAndStop()
    {
        QFETCH(bool, pg);
        Answers answers;
        const ConnectionProfile profile = emulatorProfile(pg);
        openWindowOn(profile);
        ProfileActionsBar *bar = m_window->actionsBar();
        QPushButton *serve = bar->serveControl()->button();
        QVERIFY(serve->isVisible());
        QCOMPARE(serve->text(), u"Serve locally"_s);
        // The port offered is the engine's default, or the next free one.
        const int offered = bar->serveControl()->portBox()->value();
        const int standard = pg ? 5432 : 3306;
        QVERIFY2(offered >= standard && offered < standard + 100, qPrintable(QString::number(offered)));

        const quint16 port = freePort();
        QVERIFY(port != 0);
        typePort(port);
        QTest::mouseClick(serve, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(serve->text(), u"Stop serving"_s, 20000);
        QVERIFY2(statusText(*m_window).contains(u"127.0.0.1:%1"_s.arg(port)),
                 qPrintable(statusText(*m_window)));
        QVERIFY(!bar->serveControl()->portBox()->isEnabled());

        // The panel opened with the listener in it; the View menu's shortcut hides and shows it.
        QDockWidget *dock = m_window->proxyDock();
        QTRY_VERIFY(dock->isVisible());
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!dock->isVisible());
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(dock->isVisible());
        ProxyPanel *panel = m_window->proxyPanel();
        ProxyListModel *model = panel->model();
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex listener = model->index(0, 0);
        QCOMPARE(listener.data().toString(), profile.name);
        QCOMPARE(model->index(0, ProxyListModel::AddressColumn).data().toString(),
                 u"127.0.0.1:%1"_s.arg(port));
        QVERIFY(model->index(0, ProxyListModel::StateColumn).data().toString().startsWith(u"listening"_s));

        // A real client, no password, with the connection string copied from the panel.
        QProcess client;
        client.setProcessChannelMode(QProcess::SeparateChannels);
        if (pg) {
            const QString uri = copyConnectionString(panel, u"postgresql://"_s);
            QVERIFY2(uri.contains(u":%1/"_s.arg(port)), qPrintable(uri));
            QVERIFY(!uri.contains(u"password"_s));
            client.start(u"psql"_s, {u"-X"_s, u"-A"_s, u"-t"_s, uri});
        } else {
            const QString command = copyConnectionString(panel, u"mariadb "_s);
            QVERIFY2(command.contains(u"-P %1"_s.arg(port)), qPrintable(command));
            QStringList words = QProcess::splitCommand(command);
            const QString program = words.takeFirst();
            // -n: unbuffered, so the answer is there while the session stays open.
            client.start(program, QStringList{u"-n"_s, u"-N"_s, u"-B"_s} + words);
        }
        QVERIFY(client.waitForStarted(5000));
        client.write("SELECT 41 + 1;\n");

        // The panel shows the connection: its client address, relaying, bytes both ways.
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(listener), 1, 20000);
        const QModelIndex row = model->index(0, 0, listener);
        QVERIFY2(row.data().toString().startsWith(u"127.0.0.1:"_s), qPrintable(row.data().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, ProxyListModel::StateColumn, listener).data().toString(),
                                  u"relaying"_s, 20000);
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += client.readAllStandardOutput()).contains("42"), 20000);
        QVERIFY(model->index(0, ProxyListModel::AddressColumn, listener)
                    .data()
                    .toString()
                    .contains(profile.dbUser));
        QTRY_VERIFY(model->index(0, ProxyListModel::ToClientColumn, listener).data().toString() !=
                    u"0 bytes"_s);
        QVERIFY(model->index(0, ProxyListModel::FromClientColumn, listener).data().toString() !=
                u"0 bytes"_s);
        QVERIFY(!model->index(0, ProxyListModel::SinceColumn, listener).data().toString().isEmpty());
        QVERIFY(panel->view()->isExpanded(listener));

        // Quitting now would cut the client off: the window asks, and Cancel keeps everything.
        QVERIFY(!m_window->close());
        QCOMPARE(answers.asked.size(), 1);
        QVERIFY2(answers.asked.first().details.contains(u"1 client connection through the local proxy"_s),
                 qPrintable(answers.asked.first().details));
        QVERIFY(m_window->isVisible());

        // The client leaves: its row goes.
        client.write(pg ? "\\q\n" : "quit\n");
        client.closeWriteChannel();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 10000);
        QCOMPARE(client.exitCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(listener), 0, 5000);

        // Stop in the panel: the port closes, the row says so, the actions row offers Serve again.
        panel->view()->setCurrentIndex(listener);
        QVERIFY(panel->stopButton()->isEnabled());
        QTest::mouseClick(panel->stopButton(), Qt::LeftButton);
        QTRY_COMPARE(model->index(0, ProxyListModel::StateColumn).data().toString(), u"stopped"_s);
        QCOMPARE(serve->text(), u"Serve locally"_s);
        QVERIFY(bar->serveControl()->portBox()->isEnabled());
        QCOMPARE(bar->serveControl()->portBox()->value(), int(port));
        QVERIFY(panel->startButton()->isEnabled());

        // A new client is refused.
        QProcess refused;
        if (pg)
            refused.start(
                u"psql"_s,
                {u"-X"_s, u"-A"_s, u"-t"_s,
                 u"host=127.0.0.1 port=%1 user=%2 dbname=%3 sslmode=disable connect_timeout=5"_s.arg(port)
                     .arg(profile.dbUser, profile.database),
                 u"-c"_s, u"SELECT 1"_s});
        else
            refused.start(u"mariadb"_s, {u"--protocol=TCP"_s, u"-h"_s, u"127.0.0.1"_s, u"-P"_s,
                                         QString::number(port), u"-u"_s, profile.dbUser, u"--skip-ssl"_s,
                                         u"--connect-timeout=5"_s, u"-e"_s, u"SELECT 1"_s});
        QVERIFY(refused.waitForFinished(15000));
        QVERIFY(refused.exitCode() != 0);
        // psql: "Connection refused"; mariadb: "Can't connect to server on '127.0.0.1'" (its errno
        // varies with its connect timeout); the raw socket below says refused for both.
        const QByteArray why = refused.readAllStandardError();
        QVERIFY2(why.contains("refused") || why.contains("Can't connect to server"), why.constData());
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!probe.waitForConnected(3000));
        QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
    }

    void unixSocketAndLocalTlsFromTheOptionsMenu()
    {
        // Options beside the port: a Unix socket too, and TLS for local clients. psql logs in through the
        // socket, and over TCP with verify-full against the certificate Signet keeps for localhost;
        // the tray lists the listener and stops it. The choice is remembered for the next start.
        Answers answers;
        QSettings().remove(u"proxy"_s);
        const ConnectionProfile profile = emulatorProfile(true);
        openWindowOn(profile);
        pickServeOption(u'u');
        pickServeOption(u't');
        signet::ui::ServeLocallyControl *control = m_window->actionsBar()->serveControl();
        QCOMPARE(m_window->localProxies()->serveOptions(), (LocalProxies::ServeOptions{true, true}));
        QCOMPARE(QSettings().value(u"proxy/unixSocket"_s).toBool(), true);

        const quint16 port = freePort();
        typePort(port);
        QTest::mouseClick(control->button(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(control->button()->text(), u"Stop serving"_s, 20000);
        const QString socketDir = LocalProxies::unixSocketDirectory();
        const QString socket = socketDir + u"/.s.PGSQL.%1"_s.arg(port);
        QVERIFY2(statusText(*m_window).contains(u"127.0.0.1:%1 and %2"_s.arg(port).arg(socket)),
                 qPrintable(statusText(*m_window)));
        QVERIFY(statusText(*m_window).contains(u"TLS offered"_s));
        // Only its owner may open the socket or enter its directory.
        QCOMPARE(QFileInfo(socket).permissions() &
                     (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup | QFile::WriteGroup),
                 QFile::Permissions());
        QCOMPARE(QFileInfo(socketDir).permissions() & (QFile::ExeOther | QFile::ExeGroup),
                 QFile::Permissions());
        // While it runs, the menu shows how it listens and cannot be changed.
        const auto actions = control->optionsMenu()->actions();
        for (QAction *action : actions) {
            QVERIFY(action->isChecked());
            QVERIFY(!action->isEnabled());
        }

        // Through the socket, with the panel's socket line.
        ProxyPanel *panel = m_window->proxyPanel();
        const QString socketLine = copyConnectionString(panel, u"psql 'host=%1"_s.arg(socketDir));
        QVERIFY2(!socketLine.isEmpty(), qPrintable(QGuiApplication::clipboard()->text()));
        // The line is quoted for a shell, as it is pasted.
        QByteArray why;
        const QByteArray viaSocket =
            run(u"bash"_s, {u"-c"_s, socketLine + u" -X -A -t -c 'SELECT 40 + 2'"_s}, &why);
        QVERIFY2(viaSocket == "42", QByteArray(socketLine.toUtf8() + "\n" + viaSocket + why).constData());
        // Over TCP with TLS, verified against the local certificate the URI names.
        const QString uri = copyConnectionString(panel, u"postgresql://"_s);
        QVERIFY2(uri.contains(u"sslmode=verify-full&sslrootcert="_s), qPrintable(uri));
        // pg_stat_ssl would show the upstream session (always TLS); psql's \conninfo shows its own.
        const QByteArray info = runPsql({uri, u"-c"_s, u"\\conninfo"_s}, &why);
        QVERIFY2(info.contains("SSL connection"), QByteArray(info + why).constData());
        const QString address = panel->model()->index(0, ProxyListModel::AddressColumn).data().toString();
        QVERIFY2(address.contains(socket), qPrintable(address));

        // The tray's menu lists it; Stop serving there closes the port and the socket.
        signet::ui::TokenTray *tray = m_window->tray();
        tray->rebuildMenu();
        tray->rebuildMenu(); // each opening rebuilds it: one submenu, not one more each time
        QCOMPARE(tray->menu()->findChildren<QMenu *>(Qt::FindDirectChildrenOnly).size(), 1);
        auto *served = tray->menu()->findChild<QMenu *>(u"proxy-"_s + LocalProxies::key(profile.id));
        QVERIFY(served);
        QVERIFY2(served->title().startsWith(u"Serving %1 on 127.0.0.1:%2"_s.arg(profile.name).arg(port)),
                 qPrintable(served->title()));
        QVERIFY(tray->toolTip().contains(u"serving 1 profile locally"_s));
        auto *stop = served->findChild<QAction *>(u"stop-proxy"_s);
        QVERIFY(stop);
        stop->trigger();
        QTRY_VERIFY(!m_window->localProxies()->isListening(profile.id));
        QVERIFY(!QFileInfo::exists(socket));
        QCOMPARE(control->button()->text(), u"Serve locally"_s);
        QVERIFY(answers.asked.isEmpty()); // no client was connected

        // The choice stays for the next start, and the menu can change it again.
        for (QAction *action : actions) {
            QVERIFY(action->isChecked());
            QVERIFY(action->isEnabled());
        }
        pickServeOption(u'u');
        QCOMPARE(m_window->localProxies()->serveOptions(), (LocalProxies::ServeOptions{false, true}));
    }

    void unreachableDatabaseIsSaidPerConnection()
    {
        // The endpoint is a closed port: psql is told why in its protocol, and the panel keeps the
        // failed connection with the same plain words.
        Answers answers;
        ConnectionProfile profile = emulatorProfile(true);
        const ConnectionProfile closed = closedPortProfile(u"closed"_s);
        profile.host = closed.host;
        profile.port = closed.port;
        openWindowOn(profile);
        const quint16 port = freePort();
        typePort(port);
        QTest::mouseClick(m_window->actionsBar()->serveControl()->button(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->localProxies()->isListening(profile.id), 20000);

        QProcess client;
        client.start(u"psql"_s, {u"-X"_s,
                                 u"host=127.0.0.1 port=%1 user=%2 dbname=%3 sslmode=disable"_s.arg(port).arg(
                                     profile.dbUser, profile.database),
                                 u"-c"_s, u"SELECT 1"_s});
        // The proxy runs in this thread: wait with the event loop running, not in waitForFinished().
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 15000);
        QVERIFY(client.exitCode() != 0);
        const QString told = QString::fromUtf8(client.readAllStandardError());
        QVERIFY2(told.contains(u"cannot reach the database at %1:%2"_s.arg(closed.host).arg(closed.port)),
                 qPrintable(told));

        ProxyListModel *model = m_window->proxyPanel()->model();
        const QModelIndex listener = model->index(0, 0);
        QTRY_COMPARE(model->rowCount(listener), 1);
        QCOMPARE(model->index(0, ProxyListModel::StateColumn, listener).data().toString(), u"failed"_s);
        const QString problem = model->index(0, ProxyListModel::ProblemColumn, listener).data().toString();
        QVERIFY2(problem.contains(u"cannot reach the database"_s), qPrintable(problem));
        QVERIFY(problem.contains(u"VPN, security group"_s)); // what to do
        QCOMPARE(model->index(0, ProxyListModel::ProblemColumn).data().toString(), problem);
        QVERIFY(!problem.contains(u"X-Amz"_s));
        // The column cuts a long text; a click on the row shows all of it below the list.
        QTreeView *view = m_window->proxyPanel()->view();
        const QModelIndex failedRow = model->index(0, 0, listener);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(failedRow).center());
        QCOMPARE(view->currentIndex().siblingAtColumn(0), failedRow);
        QLabel *detail = m_window->proxyPanel()->detailLabel();
        QVERIFY(detail->isVisible());
        QVERIFY2(
            detail->text().startsWith(model->index(0, 0, listener).data().toString() + u": cannot reach"_s),
            qPrintable(detail->text()));
        QVERIFY2(detail->text().endsWith(problem), qPrintable(detail->text()));
        // The listener's row carries its latest problem: a click there names the profile.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model->index(0, 1)).center());
        QCOMPARE(detail->text(), profile.name + u": "_s + problem);
        // The listener itself goes on serving.
        QVERIFY(model->index(0, ProxyListModel::StateColumn).data().toString().startsWith(u"listening"_s));
    }

    void deletingTheProfileStopsServingIt()
    {
        Answers answers;
        const ConnectionProfile profile = emulatorProfile(true);
        openWindowOn(profile);
        const quint16 port = freePort();
        typePort(port);
        QTest::mouseClick(m_window->actionsBar()->serveControl()->button(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->localProxies()->isListening(profile.id), 20000);
        QCOMPARE(m_window->proxyPanel()->model()->rowCount(), 1);

        // Del in the list (undoable): the profile goes, and so does its listener.
        m_window->treePanel()->view()->setFocus();
        QTest::keyClick(m_window->treePanel()->view(), Qt::Key_Delete);
        QTRY_VERIFY(!m_store->byId(profile.id));
        QVERIFY(!m_window->localProxies()->isListening(profile.id));
        QCOMPARE(m_window->proxyPanel()->model()->rowCount(), 0);
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!late.waitForConnected(3000));
        QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
        QVERIFY(answers.asked.isEmpty());
    }

    void workbenchOpensThroughTheProxy()
    {
        // MySQL Workbench takes no password on its command line: Open in starts the profile's local
        // proxy and points Workbench at it. The stand-in opens what it is given with the real mariadb
        // client, as Workbench would, with no password.
        Answers answers;
        const ConnectionProfile profile = emulatorProfile(false);
        openWindowOn(profile);
        QTemporaryDir dir;
        const QString out = dir.filePath(u"workbench.out"_s);
        const QString script = dir.filePath(u"mysql-workbench"_s);
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral("#!/bin/sh\n"
                           "[ \"$1\" = --query ] || exit 2\n"
                           "user=${2%%@*}; at=${2#*@}; host=${at%%:*}; port=${at##*:}\n"
                           "echo \"$@\" > '%1.args'\n"
                           "mariadb --protocol=TCP -h \"$host\" -P \"$port\" -u \"$user\" --skip-ssl -N -B "
                           "-e 'SELECT 6 * 7' %2 > '%1' 2>&1\n")
                .arg(out, profile.database)
                .toUtf8());
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        // As Preferences › Clients sets it.
        signet::ui::LaunchMenu *menu = m_window->actionsBar()->launchMenu();
        menu->setConfiguredPaths({{signet::launch::Client::MySqlWorkbench, script}});
        QAction *open = menu->findChild<QAction *>(u"open-workbench"_s);
        QVERIFY(open);
        QVERIFY(!m_window->localProxies()->isListening(profile.id));
        open->trigger();

        QTRY_VERIFY_WITH_TIMEOUT(m_window->localProxies()->isListening(profile.id), 20000);
        const quint16 port = m_window->localProxies()->listener(profile.id)->port();
        QTRY_VERIFY2_WITH_TIMEOUT(statusText(*m_window).contains(u"no password"_s),
                                  qPrintable(statusText(*m_window)), 10000);
        QCOMPARE(m_window->actionsBar()->serveControl()->button()->text(), u"Stop serving"_s);
        auto answer = [&out] {
            QFile result(out);
            return result.open(QIODevice::ReadOnly) ? result.readAll().trimmed() : QByteArray();
        };
        QTRY_COMPARE_WITH_TIMEOUT(answer(), QByteArray("42"), 20000);
        // The stand-in is done: what it was started with is complete.
        QFile args(out + u".args"_s);
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(args.readAll().trimmed(),
                 u"--query %1@127.0.0.1:%2"_s.arg(profile.dbUser).arg(port).toUtf8());
        QCOMPARE(m_window->localProxies()->listener(profile.id)->metrics().loginsOk, quint64(1));
        // Nothing secret went to the clipboard on the way.
        QVERIFY(!QGuiApplication::clipboard()->text().contains(u"X-Amz-Signature"_s));
    }

    void takenPortIsSaid()
    {
        Answers answers;
        const ConnectionProfile profile = emulatorProfile(true);
        openWindowOn(profile);
        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost));
        typePort(other.serverPort());
        QPushButton *serve = m_window->actionsBar()->serveControl()->button();
        QTest::mouseClick(serve, Qt::LeftButton);
        const QString expected = u"port %1 on 127.0.0.1 is already in use"_s.arg(other.serverPort());
        QTRY_VERIFY2_WITH_TIMEOUT(statusText(*m_window).contains(expected), qPrintable(statusText(*m_window)),
                                  20000);
        QVERIFY2(statusText(*m_window).contains(u"Choose another port"_s), qPrintable(statusText(*m_window)));
        QCOMPARE(serve->text(), u"Serve locally"_s);
        QVERIFY(m_window->actionsBar()->serveControl()->portBox()->isEnabled());
        QVERIFY(m_window->localProxies()->service().keys().isEmpty());

        // The panel keeps the attempt with its reason, for later.
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(m_window->proxyDock()->isVisible());
        ProxyListModel *model = m_window->proxyPanel()->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, ProxyListModel::StateColumn).data().toString(), u"not started"_s);
        QVERIFY(model->index(0, ProxyListModel::ProblemColumn).data().toString().contains(expected));

        // Another port typed: it serves.
        other.close();
        const quint16 port = freePort();
        typePort(port);
        QTest::mouseClick(serve, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(serve->text(), u"Stop serving"_s, 20000);
        QTRY_VERIFY(
            model->index(0, ProxyListModel::StateColumn).data().toString().startsWith(u"listening"_s));
        // Nothing connected: quitting does not ask.
        QVERIFY(m_window->close());
        QVERIFY(answers.asked.isEmpty());
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!late.waitForConnected(3000));
        QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestProxyPanel>(argc, argv);
}

#include "tst_proxy_panel.moc"
