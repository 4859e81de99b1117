// SPDX-License-Identifier: GPL-3.0-or-later
// LaunchMenu on the offscreen platform: detected clients become "Open in" entries, starting goes
// through the injected launcher, copies are concealed, failures are reported.
#include "common/ConcealedClipboard.h"
#include "launch/LaunchMenu.h"

#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::launch;
using namespace signet::ui;

class TestLaunchMenu : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ca;
    bool m_failProvider = false;

    Result<LaunchRequest> request() const
    {
        if (m_failProvider)
            return makeError(QStringLiteral("token.no-credentials"), QStringLiteral("no credentials"));
        LaunchRequest r;
        r.target.engine = Engine::Postgres;
        r.target.host = QStringLiteral("db.example.eu-west-1.rds.amazonaws.com");
        r.target.port = 5432;
        r.target.user = QStringLiteral("iam_user");
        r.target.database = QStringLiteral("orders");
        r.target.caFile = m_ca;
        r.target.profileName = QStringLiteral("orders-prod");
        r.token = QStringLiteral("db:5432/?Action=connect&X-Amz-Signature=feed");
        return r;
    }

    ClientDetector fakeDetector() const
    {
        return ClientDetector(
            {QStringLiteral("/fake/bin")}, QStringLiteral("/home/u"),
            [](const QString &path) { return path == u"/fake/bin/dbeaver" || path == u"/fake/bin/psql"; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ca = m_dir.filePath(QStringLiteral("ca.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=t"), QStringLiteral("-keyout"),
                       m_dir.filePath(QStringLiteral("k")), QStringLiteral("-out"), m_ca});
        QVERIFY(openssl.waitForFinished(30000));
    }

    void detectedGuiClientsBecomeEntriesAndStartDetached()
    {
        LaunchMenu menu([this](bool, LaunchRequestDone done) { done(request()); });
        menu.setDetector(fakeDetector());
        menu.setTerminal(std::nullopt);
        QStringList names;
        for (QAction *action : menu.actions())
            names << action->objectName();
        QVERIFY(names.contains(QStringLiteral("open-dbeaver")));
        QVERIFY(!names.contains(QStringLiteral("open-workbench")));
        QVERIFY(!names.contains(QStringLiteral("open-psql"))); // no terminal: copy command only

        QString program;
        QStringList arguments;
        menu.setLauncher(
            ClientLauncher([&](const QString &p, const QStringList &a, const QProcessEnvironment &) {
                program = p;
                arguments = a;
                return Result<qint64>(qint64(7));
            }));
        QSignalSpy started(&menu, &LaunchMenu::clientStarted);
        QSignalSpy notice(&menu, &LaunchMenu::noticeShown);
        for (QAction *action : menu.actions()) {
            if (action->objectName() == u"open-dbeaver")
                action->trigger();
        }
        QCOMPARE(started.count(), 1);
        QCOMPARE(program, QStringLiteral("/fake/bin/dbeaver"));
        QCOMPARE(arguments.first(), QStringLiteral("-con"));
        QVERIFY(arguments.at(1).contains(QStringLiteral("driver=postgres-jdbc|")));
        QCOMPARE(notice.count(), 1);
    }

    // A detected psql opens in the user's terminal emulator ($TERMINAL first), token in the
    // environment, never in the arguments.
    void terminalClientsOpenInTheTerminal()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TERMINAL"), QStringLiteral("foot"));
        const auto installed = [](const QString &name) {
            return name == u"foot" || name == u"xterm" ? QStringLiteral("/usr/bin/") + name : QString();
        };
        const auto terminal = findTerminal(env, installed);
        QVERIFY(terminal.has_value());
        QCOMPARE(terminal->program, QStringLiteral("/usr/bin/foot"));
        // Without $TERMINAL: x-terminal-emulator, then the known ones in order.
        const auto onlyXterm = [](const QString &name) {
            return name == u"xterm" ? QStringLiteral("/usr/bin/xterm") : QString();
        };
        const auto xterm = findTerminal(QProcessEnvironment(), onlyXterm);
        QCOMPARE(xterm->program, QStringLiteral("/usr/bin/xterm"));
        QCOMPARE(xterm->execArguments, QStringList{QStringLiteral("-e")});
        QVERIFY(!findTerminal(QProcessEnvironment(), [](const QString &) { return QString(); }));

        LaunchMenu menu([this](bool, LaunchRequestDone done) { done(request()); });
        menu.setDetector(fakeDetector());
        menu.setTerminal(xterm);
        QAction *open = nullptr;
        for (QAction *action : menu.actions()) {
            if (action->objectName() == u"open-psql")
                open = action;
        }
        QVERIFY(open);
        QCOMPARE(open->text(), QStringLiteral("Open psql in a terminal"));
        QString program;
        QStringList arguments;
        QProcessEnvironment started;
        menu.setLauncher(
            ClientLauncher([&](const QString &p, const QStringList &a, const QProcessEnvironment &e) {
                program = p;
                arguments = a;
                started = e;
                return Result<qint64>(qint64(9));
            }));
        open->trigger();
        QCOMPARE(program, QStringLiteral("/usr/bin/xterm"));
        QCOMPARE(arguments.mid(0, 2), (QStringList{QStringLiteral("-e"), QStringLiteral("/fake/bin/psql")}));
        QCOMPARE(started.value(QStringLiteral("PGPASSWORD")), request()->token);
        for (const QString &argument : arguments)
            QVERIFY(!argument.contains(QStringLiteral("X-Amz-Signature")));
    }

    // A MariaDB profile offers the MySQL-family clients only: no psql to copy.
    void onlyTheEnginesClientsAreOffered()
    {
        LaunchMenu menu([this](bool, LaunchRequestDone done) { done(request()); });
        menu.setDetector(fakeDetector());
        menu.setTerminal(std::nullopt);
        auto copyNames = [&menu] {
            QStringList names;
            for (QAction *action : menu.findChild<QMenu *>(QStringLiteral("copy-command"))->actions())
                names << action->objectName();
            return names;
        };
        QVERIFY(copyNames().contains(QStringLiteral("copy-psql")));
        menu.setClientNames({QStringLiteral("dbeaver"), QStringLiteral("workbench"),
                             QStringLiteral("sqlworkbenchj"), QStringLiteral("mysql"),
                             QStringLiteral("mariadb")});
        QVERIFY(!copyNames().contains(QStringLiteral("copy-psql")));
        QVERIFY(copyNames().contains(QStringLiteral("copy-mariadb")));
        QVERIFY(copyNames().contains(QStringLiteral("copy-dbeaver")));
    }

    void copyTokenAndCommandAreConcealed()
    {
        LaunchMenu menu([this](bool, LaunchRequestDone done) { done(request()); });
        menu.setDetector(fakeDetector());
        menu.copyToken();
        const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
        QCOMPARE(mime->text(), request()->token);
        QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QVERIFY(menu.clipboard()->holdsSecret());

        menu.setShell(Shell::Bash);
        menu.copyCommand(Client::Psql);
        const QString text = QGuiApplication::clipboard()->text();
        QVERIFY2(
            text.startsWith(QStringLiteral("PGPASSWORD='db:5432/?Action=connect&X-Amz-Signature=feed' ")),
            qPrintable(text));
        QVERIFY(
            QGuiApplication::clipboard()->mimeData()->hasFormat(QStringLiteral("x-kde-passwordManagerHint")));

        menu.copyPasswordCommand();
        QVERIFY(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("signet token --host ")));
    }

    void failuresAreReportedNotThrown()
    {
        LaunchMenu menu([this](bool, LaunchRequestDone done) { done(request()); });
        menu.setDetector(fakeDetector());
        QSignalSpy failed(&menu, &LaunchMenu::failed);
        menu.setLauncher(
            ClientLauncher([](const QString &, const QStringList &, const QProcessEnvironment &) {
                return Result<qint64>(
                    makeError(QStringLiteral("x"), QStringLiteral("No such file or directory")));
            }));
        menu.openIn(Client::Dbeaver);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().value<Error>().message.contains(QStringLiteral("/fake/bin/dbeaver")));
        m_failProvider = true;
        menu.copyToken();
        QCOMPARE(failed.count(), 2);
        m_failProvider = false;
    }
};

QTEST_MAIN(TestLaunchMenu)
#include "tst_launch_menu.moc"
