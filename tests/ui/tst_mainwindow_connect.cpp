// SPDX-License-Identifier: GPL-3.0-or-later
// The main window against the emulator: a saved profile, Connect → a Console tab that runs SELECT 1;
// Check → every step through the real login in the Diagnostics tab (both engines); File › Console…
// typed in by hand (the CA picked with Browse…) opens a console tab of its own that runs a query.
#include "EmulatorProfile.h"
#include "MainWindow.h"
#include "actions/ProfileActionsBar.h"
#include "common/Clock.h"
#include "console/ConsoleTargetDialog.h"
#include "console/ConsoleWidget.h"
#include "console/ResultModel.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "endpoint/Engine.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreePanel.h"
#include "workspace/ConsoleTab.h"
#include "workspace/Workspace.h"

#include <Qsci/qsciscintilla.h>

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;

namespace {

// Clicks a field and types into whatever took the keyboard, as a person does.
void clickAndType(QWidget *field, const QString &text)
{
    QVERIFY(field && field->isVisible());
    QTest::mouseClick(field, Qt::LeftButton);
    QTRY_COMPARE(QApplication::focusWidget(), field);
    QTest::keySequence(field, QKeySequence::SelectAll);
    QTest::keyClicks(field, text);
}

QTemporaryDir *home()
{
    static QTemporaryDir dir;
    return &dir;
}

} // namespace

class TestMainWindowConnect final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Run alone (ctest -L ui): take the environment of the running emulator. The profiles sign
        // with environment credentials: the emulator's allowed key.
        if (!signet::test::signWithEmulatorKeys())
            QFAIL(
                "SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
    }

    void connectAndCheck_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("mariadb") << u"mariadb"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void connectAndCheck()
    {
        QFETCH(QString, engine);
        const bool pg = engine == u"postgres";
        ProfileStore store;
        (void)store.load();
        MemorySecretStore secrets;
        const ConnectionProfile profile = signet::test::emulatorProfile(u"emu-"_s + engine, pg);
        QVERIFY(store.add(profile).ok());

        MainWindow window(Clock::system(), store, secrets);
        window.resize(1100, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.treePanel()->selectProfile(profile.id);

        QTest::mouseClick(window.actionsBar()->connectButton(), Qt::LeftButton);
        QTRY_VERIFY(window.consoleFor(profile.id) != nullptr);
        ConsoleWidget *console = window.consoleFor(profile.id);
        // The console is its own workspace tab, named after its profile.
        QCOMPARE(window.workspace()->currentWidget(), window.consoleTabFor(profile.id));
        QCOMPARE(window.workspace()->tabText(window.workspace()->currentIndex()), profile.name + u" — SQL"_s);
        QTRY_VERIFY_WITH_TIMEOUT(console->statusLine()->text().contains(u"TLS"_s), 20000);
        // Once connected, "Connecting…" is gone from the status line.
        QVERIFY2(!console->statusLine()->text().contains(u"Connecting"_s),
                 qPrintable(console->statusLine()->text()));

        QSignalSpy finished(console, &ConsoleWidget::queryFinished);
        console->editor()->setText(u"SELECT 1 AS one"_s);
        console->runCurrent();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(console->resultModel()->rowCount(), 1);
        QCOMPARE(console->resultModel()->index(0, 0).data().toString(), u"1"_s);

        QSignalSpy checked(window.diagnostics(), &DiagnosticsPanel::runFinished);
        QTest::mouseClick(window.actionsBar()->checkButton(), Qt::LeftButton);
        // Check shows the profile page's Diagnostics tab.
        QCOMPARE(window.workspace()->currentIndex(), 0);
        QCOMPARE(window.tabs()->currentWidget(), window.diagnosticsTab());
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 40000);
        const probe::ProbeReport &report = window.diagnostics()->lastReport();
        for (const probe::ProbeStep &step : report.steps) {
            // The clock step may only warn here (no STS to ask); everything else passes.
            if (step.id != u"clock")
                QVERIFY2(step.passed(), qPrintable(report.toText()));
        }
        QCOMPARE(report.steps.last().id, u"login"_s);
        QVERIFY(report.steps.last().verdict.contains(u"SELECT 1"_s));
    }

    // File › Console… at 1366×768: the dialog fits, its labels are whole, Browse… picks the CA, and
    // Connect opens a console tab that says it stands for no saved profile, then runs a query.
    void adHocConsoleIsATab()
    {
        ProfileStore store;
        (void)store.load();
        MemorySecretStore secrets;
        const qsizetype savedProfiles = store.profiles().size();
        MainWindow window(Clock::system(), store, secrets);
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        // Alt+F, then C: the File menu's Console….
        QTest::keyClick(&window, Qt::Key_F, Qt::AltModifier);
        QMenu *file = window.menuBar()->actions().first()->menu();
        QTRY_VERIFY(file->isVisible());
        QTest::keyClick(file, Qt::Key_C);
        QTRY_VERIFY(window.findChild<ConsoleTargetDialog *>());
        auto *dialog = window.findChild<ConsoleTargetDialog *>();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        // Nothing cut: the dialog fits a 1366×768 screen with its buttons inside it, every label as
        // wide as its text.
        QVERIFY2(dialog->width() <= 1366 && dialog->height() <= 700,
                 qPrintable(u"%1×%2"_s.arg(dialog->width()).arg(dialog->height())));
        for (const QPushButton *button : dialog->findChildren<QPushButton *>())
            QVERIFY(dialog->rect().contains(QRect(button->mapTo(dialog, QPoint(0, 0)), button->size())));
        for (const QLabel *label : dialog->findChildren<QLabel *>()) {
            if (label->isVisible() && !label->wordWrap())
                QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(label->text()));
            // A mnemonic label without a field shows its "&" literally.
            if (label->isVisible() && label->text().contains(u'&'))
                QVERIFY2(label->buddy(), qPrintable(label->text()));
        }

        const QString host = qEnvironmentVariable("SIGNET_EMU_HOST");
        auto *engine = dialog->findChild<QComboBox *>(u"engineCombo"_s);
        // The dialog opens on its first field: typing picks the engine.
        QTRY_COMPARE(QApplication::focusWidget(), engine);
        QTest::keyClicks(QApplication::focusWidget(), u"postgres"_s);
        // Shown by the name people know.
        QCOMPARE(engine->currentText(), engineDisplayName(Engine::Postgres));
        clickAndType(dialog->findChild<QLineEdit *>(u"hostEdit"_s), host);
        clickAndType(dialog->findChild<QSpinBox *>(u"portSpin"_s),
                     qEnvironmentVariable("SIGNET_EMU_PG_PORT"));
        clickAndType(dialog->findChild<QLineEdit *>(u"userEdit"_s),
                     qEnvironmentVariable("SIGNET_EMU_PG_USER"));
        clickAndType(dialog->findChild<QLineEdit *>(u"databaseEdit"_s),
                     qEnvironmentVariable("SIGNET_EMU_DATABASE"));
        clickAndType(dialog->findChild<QLineEdit *>(u"regionEdit"_s),
                     qEnvironmentVariable("SIGNET_EMU_REGION"));

        // Browse…: the file dialog opens; the CA's path typed into it and Enter. As a person would, Enter
        // again while the dialog stays open: the file name's completion popup, which QFileDialog fills
        // from a thread, takes the first Enter when it shows up in time. A dialog still open after
        // 15 s is cancelled, so that a failure fails the test instead of leaving it waiting forever.
        const QString ca = qEnvironmentVariable("SIGNET_EMU_CA");
        bool typed = false;
        bool closed = false;
        QElapsedTimer pickerClock;
        QTimer picker;
        picker.setInterval(200);
        connect(&picker, &QTimer::timeout, &window, [&] {
            auto *chooser = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!chooser) {
                if (typed) {
                    picker.stop();
                    closed = true;
                }
                return;
            }
            if (pickerClock.hasExpired(15000)) {
                picker.stop();
                chooser->reject();
                return;
            }
            // The file name field, where the dialog opens with the focus (clicked into if not).
            auto *fileName = chooser->findChild<QLineEdit *>(u"fileNameEdit"_s);
            if (!fileName || !fileName->isVisible())
                return;
            if (QApplication::focusWidget() != fileName)
                QTest::mouseClick(fileName, Qt::LeftButton);
            if (!typed) {
                QTest::keyClicks(fileName, ca);
                typed = true;
            }
            QTest::keyClick(fileName, Qt::Key_Return);
        });
        pickerClock.start();
        picker.start();
        auto *browse = dialog->findChild<QPushButton *>(u"caBrowse"_s);
        QVERIFY(browse->isVisible());
        QTest::mouseClick(browse, Qt::LeftButton);
        QTRY_VERIFY(closed);
        QTRY_COMPARE(dialog->findChild<QLineEdit *>(u"caEdit"_s)->text(), ca);

        auto *connectButton = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QCOMPARE(connectButton->text(), u"Connect"_s);
        QTest::mouseClick(connectButton, Qt::LeftButton);

        // A tab of its own in the main window, no separate window.
        QTRY_VERIFY(qobject_cast<ConsoleTab *>(window.workspace()->currentWidget()));
        auto *tab = qobject_cast<ConsoleTab *>(window.workspace()->currentWidget());
        QCOMPARE(window.workspace()->tabText(window.workspace()->currentIndex()),
                 host + u" (not saved) — SQL"_s);
        QCOMPARE(store.profiles().size(), savedProfiles); // nothing saved
        ConsoleWidget *console = tab->console();
        QTRY_VERIFY_WITH_TIMEOUT(console->statusLine()->text().contains(u"TLS"_s), 20000);
        QVERIFY2(tab->identityText().contains(u"not saved"_s), qPrintable(tab->identityText()));
        QVERIFY2(tab->identityText().contains(qEnvironmentVariable("SIGNET_EMU_PG_USER") + u'@' + host),
                 qPrintable(tab->identityText()));

        // Type a query into the focused editor, Ctrl+Enter.
        QTRY_VERIFY2(QApplication::focusWidget() == console->editor(),
                     QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className()
                                                 : "no focus");
        QSignalSpy finished(console, &ConsoleWidget::queryFinished);
        QTest::keyClicks(QApplication::focusWidget(), u"SELECT 40 + 2 AS answer"_s);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(console->resultModel()->rowCount(), 1);
        QCOMPARE(console->resultModel()->index(0, 0).data().toString(), u"42"_s);

        // Closing it asks (typed text was run: nothing to lose) and leaves the profile page.
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_W));
        QTRY_COMPARE(window.workspace()->count(), 1);
    }
};

int main(int argc, char **argv)
{
    qputenv("HOME", home()->path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (home()->path() + u"/config"_s).toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"signet-test"_s);
    QApplication::setApplicationName(u"tst_mainwindow_connect"_s);
    TestMainWindowConnect test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow_connect.moc"
