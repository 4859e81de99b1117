// SPDX-License-Identifier: GPL-3.0-or-later
// The console the way a person uses it, on both engines of the emulator: replace a query with
// Ctrl+A and typing, run it with Ctrl+Enter or the Run button, read errors in the message bar with
// the statement marked, insert table names from the schema pane, export with a suggested name.
#include "ConsoleFixture.h"

#include "console/ConsoleWidget.h"
#include "console/MessageBar.h"
#include "console/ResultModel.h"
#include "console/SqlEditor.h"
#include "db/DbSession.h"
#include "db/DbTypes.h"

#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace signet;
using namespace signet::db;
using namespace signet::ui;

class TestConsoleKeyboard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void engines_data();
    void replaceQueryWithKeyboard_data() { engines_data(); }
    void replaceQueryWithKeyboard();
    void errorsInMessageBar_data() { engines_data(); }
    void errorsInMessageBar();
    void schemaPaneInsertsQuotedNames_data() { engines_data(); }
    void schemaPaneInsertsQuotedNames();
    void exportSuggestsFileName();
    void escapeCancelsRunningQuery();
    void lostConnectionStopsTheScript();

private:
    // A shown console, connected, its schema read.
    std::unique_ptr<ConsoleWidget> openConsole(Engine engine);
    // Ctrl+A, the text typed, Ctrl+Enter: all on whatever has the focus.
    static void replaceAndRun(const QString &sql);

    QTemporaryDir m_dir;
};

void TestConsoleKeyboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("signet-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_console_keyboard"));
    if (!test::loadEmulatorEnvironment())
        QFAIL("SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
}

void TestConsoleKeyboard::engines_data()
{
    QTest::addColumn<int>("engine");
    QTest::newRow("postgres") << int(Engine::Postgres);
    QTest::newRow("mariadb") << int(Engine::MariaDb);
}

std::unique_ptr<ConsoleWidget> TestConsoleKeyboard::openConsole(Engine engine)
{
    auto console = std::make_unique<ConsoleWidget>(test::emulatorTarget(engine), test::emulatorSigner());
    console->resize(1000, 700);
    console->show();
    if (!QTest::qWaitForWindowExposed(console.get()))
        return nullptr;
    QSignalSpy schema(console.get(), &ConsoleWidget::schemaLoaded);
    console->connectToServer();
    if (!schema.wait(20000))
        return nullptr;
    // Where a person would click to start typing.
    console->editor()->setFocus();
    QTest::qWait(0);
    return console;
}

void TestConsoleKeyboard::replaceAndRun(const QString &sql)
{
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), sql);
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier);
}

void TestConsoleKeyboard::replaceQueryWithKeyboard()
{
    QFETCH(int, engine);
    auto console = openConsole(Engine(engine));
    QVERIFY(console);
    QCOMPARE(test::focused(), console->editor());
    QSignalSpy finished(console.get(), &ConsoleWidget::queryFinished);
    QSignalSpy failed(console.get(), &ConsoleWidget::queryFailed);
    ResultModel *model = console->resultModel();

    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 1 AS first"));
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("1"));

    // Ctrl+A and typing replaces the query; Ctrl+Enter runs the new text, not an empty selection
    // (QScintilla still reported "text selected" after typing over the selection).
    replaceAndRun(QStringLiteral("SELECT 42 AS answer"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(console->editor()->text(), QStringLiteral("SELECT 42 AS answer"));
    QCOMPARE(model->columns(), QStringList{QStringLiteral("answer")});
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("42"));
    QVERIFY(console->resultLine()->text().contains(QLatin1String("1 row")));
    QVERIFY(!console->messageBar()->isVisible());

    // The same with the Run button.
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 7 AS seven, 'x' AS letter"));
    QToolButton *run = test::toolButton(*console, QStringLiteral("Run"));
    QVERIFY(run);
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 10000);
    QCOMPARE(model->columns(), (QStringList{QStringLiteral("seven"), QStringLiteral("letter")}));
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("7"));
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("x"));

    // A selected part runs alone (Shift+Home selects the line typed last).
    console->editor()->setFocus();
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 1 AS one;"));
    QTest::keyClick(test::focused(), Qt::Key_Return);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 2 AS two"));
    QTest::keyClick(test::focused(), Qt::Key_Home, Qt::ShiftModifier);
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 10000);
    QCOMPARE(model->columns(), QStringList{QStringLiteral("two")});

    // Nothing to run: a visible note, no query sent.
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClick(test::focused(), Qt::Key_Delete);
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(console->messageBar()->isVisible());
    QVERIFY(console->messageBar()->text().contains(QLatin1String("Nothing to run")));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 4);
    QCOMPARE(failed.count(), 0);
}

void TestConsoleKeyboard::errorsInMessageBar()
{
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    auto console = openConsole(Engine(engine));
    QVERIFY(console);
    QSignalSpy finished(console.get(), &ConsoleWidget::queryFinished);
    QSignalSpy failed(console.get(), &ConsoleWidget::queryFailed);

    // A missing table: MariaDB names no position, PostgreSQL does; either way the bar says what
    // the server said and the editor marks where.
    const QString bad = QStringLiteral("SELECT nosuchcolumn FROM nosuchtable");
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 1;"));
    QTest::keyClick(test::focused(), Qt::Key_Return);
    QTest::keyClicks(test::focused(), bad);
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(finished.count(), 1);
    MessageBar *bar = console->messageBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->kind(), MessageBar::Kind::Error);
    QVERIFY2(bar->text().contains(QLatin1String("nosuch")), qPrintable(bar->text()));
    QVERIFY2(bar->text().startsWith(QLatin1String("Line 2:")), qPrintable(bar->text()));
    // Above the grid, and not in the status line.
    QVERIFY(bar->mapTo(console.get(), QPoint()).y() <
            console->resultView()->mapTo(console.get(), QPoint()).y());
    QVERIFY(!console->statusLine()->text().contains(QLatin1String("nosuch")));
    QVERIFY(console->statusLine()->text().contains(QLatin1String("TLS")));
    const auto marks = console->editor()->errorMarks();
    QCOMPARE(marks.size(), 1);
    const int statementStart = int(console->editor()->text().indexOf(bad));
    if (pg) {
        // Where the server points: the unknown relation.
        QCOMPARE(marks.first().first, int(console->editor()->text().indexOf(QLatin1String("nosuchtable"))));
    } else {
        // No position from the server: the whole statement.
        QCOMPARE(marks.first(), std::make_pair(statementStart, int(bad.size())));
    }
    int line = 0, index = 0;
    console->editor()->getCursorPosition(&line, &index);
    QCOMPARE(line, 1);

    // The status line's facts and the result line never overlap, even narrow.
    console->resize(640, 500);
    QTest::qWait(50);
    const QRect facts = console->statusLine()->geometry();
    const QRect result = console->resultLine()->geometry();
    QVERIFY(!facts.intersects(result));
    QVERIFY(console->resultLine()->width() >= console->resultLine()->sizeHint().width());

    // A syntax error with a position is marked from there; MariaDB says "near '…' at line n".
    replaceAndRun(QStringLiteral("SELECT 2 FROM DUAL WHERE WHERE"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
    QVERIFY(bar->isVisible());
    QCOMPARE(console->editor()->errorMarks().size(), 1);
    if (!pg)
        QCOMPARE(console->editor()->errorMarks().first().first,
                 int(QStringLiteral("SELECT 2 FROM DUAL ").size()));

    // The next good statement clears the bar and the marks.
    replaceAndRun(QStringLiteral("SELECT 3 AS fine"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QVERIFY(!bar->isVisible());
    QVERIFY(console->editor()->errorMarks().isEmpty());
    QCOMPARE(console->resultModel()->index(0, 0).data().toString(), QStringLiteral("3"));

    // The bar can be dismissed by a click on its close button.
    replaceAndRun(QStringLiteral("SELECT * FROM nosuchtable"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 10000);
    QVERIFY(bar->isVisible());
    auto *close = bar->findChild<QToolButton *>();
    QVERIFY(close && close->isVisible());
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY(!bar->isVisible());
}

void TestConsoleKeyboard::schemaPaneInsertsQuotedNames()
{
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    auto console = openConsole(Engine(engine));
    QVERIFY(console);
    QSignalSpy finished(console.get(), &ConsoleWidget::queryFinished);
    QSignalSpy failed(console.get(), &ConsoleWidget::queryFailed);
    QSignalSpy schema(console.get(), &ConsoleWidget::schemaLoaded);
    replaceAndRun(QStringLiteral("CREATE TABLE IF NOT EXISTS pane_orders (id int)"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QTest::keyClick(test::focused(), Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(schema.count(), 1, 20000);

    const auto items = console->schemaTree()->findItems(QStringLiteral("pane_orders"),
                                                        Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(items.size(), 1);
    QTreeWidget *tree = console->schemaTree();
    tree->scrollToItem(items.first());

    // "SELECT 3" typed, then a double-click on the table: a space and the quoted name, never "3pane_orders".
    console->editor()->setFocus();
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 3 AS n FROM"));
    const QPoint at = tree->visualItemRect(items.first()).center();
    test::doubleClick(tree->viewport(), at);
    const QString quoted = pg ? QStringLiteral("\"pane_orders\"") : QStringLiteral("`pane_orders`");
    QCOMPARE(console->editor()->text(), QStringLiteral("SELECT 3 AS n FROM ") + quoted);
    // The keyboard is back in the editor at the end of the name: run it as it stands.
    QCOMPARE(test::focused(), console->editor());
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(console->resultModel()->rowCount(), 0);

    // A column inserts its quoted name.
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT"));
    tree->expandItem(items.first());
    QTreeWidgetItem *column = items.first()->child(0);
    QVERIFY(column);
    test::doubleClick(tree->viewport(), tree->visualItemRect(column).center());
    QCOMPARE(console->editor()->text(),
             QStringLiteral("SELECT ") + (pg ? QStringLiteral("\"id\"") : QStringLiteral("`id`")));
}

void TestConsoleKeyboard::exportSuggestsFileName()
{
    auto console = openConsole(Engine::Postgres);
    QVERIFY(console);
    QSignalSpy finished(console.get(), &ConsoleWidget::queryFinished);
    replaceAndRun(QStringLiteral("SELECT n FROM generate_series(1, 3) AS series(n)"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);

    QString suggested;
    const QString typed = m_dir.filePath(QStringLiteral("my-export")); // no suffix typed
    console->setSavePathProvider([&](const QString &, const QString &suggestion, const QString &filter) {
        suggested = suggestion;
        return filter.contains(QLatin1String("*.csv")) ? typed : QString();
    });
    QSignalSpy exported(console.get(), &ConsoleWidget::exported);
    QToolButton *button = test::toolButton(*console, QStringLiteral("Export CSV…"));
    if (button) {
        QTest::mouseClick(button, Qt::LeftButton);
    } else {
        // Folded into the toolbar's "››" at this width: the action is the same.
        console->exportResult(false);
    }
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 10000);
    // A name to start from: the table the rows came from, when it ran, .csv.
    const QFileInfo suggestion(suggested);
    QVERIFY2(suggestion.fileName().startsWith(QLatin1String("generate_series-")), qPrintable(suggested));
    QCOMPARE(suggestion.suffix(), QStringLiteral("csv"));
    QVERIFY(suggestion.absoluteDir().exists());
    // What the user typed without a suffix is saved with ".csv".
    QCOMPARE(exported.first().first().toString(), typed + QStringLiteral(".csv"));
    QFile csv(typed + QStringLiteral(".csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), QByteArray("n\n1\n2\n3\n"));
    QVERIFY(!QFile::exists(typed));
}

void TestConsoleKeyboard::escapeCancelsRunningQuery()
{
    // PostgreSQL: a cancelled pg_sleep fails ("canceling statement"); MariaDB's SLEEP() returns 1
    // instead, which tst_console_ui covers.
    auto console = openConsole(Engine::Postgres);
    QVERIFY(console);
    QSignalSpy failed(console.get(), &ConsoleWidget::queryFailed);
    replaceAndRun(QStringLiteral("SELECT pg_sleep(30)"));
    QTRY_VERIFY(console->resultLine()->text().startsWith(QLatin1String("Running")));
    QTest::qWait(400);
    QTest::keyClick(test::focused(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 3000);
    // Said as what it is: the user's own cancel, not a red error, and nothing marked.
    QCOMPARE(failed.first().first().value<QueryError>().kind, QueryFailure::Cancelled);
    QVERIFY(console->messageBar()->isVisible());
    QCOMPARE(console->messageBar()->kind(), MessageBar::Kind::Warning);
    QVERIFY(console->messageBar()->text().contains(QLatin1String("cancelled")));
    QCOMPARE(console->resultLine()->text(), QStringLiteral("Cancelled"));
    QVERIFY(console->editor()->errorMarks().isEmpty());
}

void TestConsoleKeyboard::lostConnectionStopsTheScript()
{
    // Run All on three statements; the connection goes (a failover, a restart) during the second.
    // The console reconnects with a fresh token and runs that statement again, but not the third:
    // the new connection lacks what the old one held (an open transaction, SET, temporary tables).
    auto console = openConsole(Engine::Postgres);
    QVERIFY(console);
    QSignalSpy finished(console.get(), &ConsoleWidget::queryFinished);
    QTest::keySequence(test::focused(), QKeySequence::SelectAll);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 1 AS one;"));
    QTest::keyClick(test::focused(), Qt::Key_Return);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT pg_sleep(3) AS slept;"));
    QTest::keyClick(test::focused(), Qt::Key_Return);
    QTest::keyClicks(test::focused(), QStringLiteral("SELECT 'after' AS three"));
    QTest::keyClick(test::focused(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);

    // The same user ends the console's connection from a session of its own.
    DbSession admin(test::emulatorTarget(Engine::Postgres), test::emulatorSigner());
    QSignalSpy adminDone(&admin, &DbSession::finished);
    QSignalSpy adminRows(&admin, &DbSession::progressed);
    // Until the second statement runs there, and once only: its run again must not be ended too.
    bool ended = false;
    for (int attempt = 0; attempt < 60 && !ended; ++attempt) {
        adminRows.clear();
        admin.run(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE query = 'SELECT pg_sleep(3) AS slept'"));
        QVERIFY(adminDone.wait(10000));
        ended = !adminRows.isEmpty() && adminRows.last().at(1).value<ResultChunk>().rowCount() > 0;
        if (!ended)
            QTest::qWait(250);
    }
    QVERIFY(ended);

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
    QTRY_VERIFY(console->messageBar()->isVisible());
    QCOMPARE(console->messageBar()->kind(), MessageBar::Kind::Warning);
    QVERIFY2(console->messageBar()->text().contains(QLatin1String("fresh token")) &&
                 console->messageBar()->text().contains(
                     QLatin1String("The next statement of the script was not run")),
             qPrintable(console->messageBar()->text()));
    QTest::qWait(500);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(console->resultModel()->columns(), QStringList{QStringLiteral("slept")});
}

QTEST_MAIN(TestConsoleKeyboard)
#include "tst_console_keyboard.moc"
