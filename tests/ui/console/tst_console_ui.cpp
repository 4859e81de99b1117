// SPDX-License-Identifier: GPL-3.0-or-later
// The console end to end: connect, run with Ctrl+Enter / run all, rows in the grid, NULL, error
// position, copy as TSV, CSV export, history, status line — on both engines of the emulator.
#include "ConsoleFixture.h"

#include "console/ConsoleTargetDialog.h"
#include "console/ConsoleWidget.h"
#include "console/QueryHistory.h"
#include "console/ResultModel.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QTreeWidget>

#include <Qsci/qsciscintilla.h>

using namespace signet;
using namespace signet::db;
using namespace signet::ui;

namespace {

// Rests the mouse on a point of a widget the way a person does and returns the tooltip Qt shows
// there (empty if none appears within the style's wake-up delay and a margin).
QString hoverToolTip(QWidget *widget, QPoint pos)
{
    QToolTip::hideText();
    QTest::mouseMove(widget->window(), widget->window()->rect().topLeft() + QPoint(1, 1));
    QTest::qWait(50);
    QTest::mouseMove(widget, pos);
    const bool shown = QTest::qWaitFor([] { return QToolTip::isVisible(); }, 2000);
    const QString text = shown ? QToolTip::text() : QString();
    QToolTip::hideText();
    return text;
}

} // namespace

class TestConsoleUi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void console_data();
    void console();
    void emptySchemaIsSaidInFull();
    void targetDialog();

private:
    QTemporaryDir m_dir;
};

void TestConsoleUi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("signet-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_console_ui"));
    // Run alone (ctest -L ui): take the environment of the running emulator.
    test::loadEmulatorEnvironment();
    if (qEnvironmentVariableIsEmpty("SIGNET_EMU_HOST"))
        QFAIL("SIGNET_EMU_HOST is not set and the emulator is not running: tests/emulator/emulator start");
}

void TestConsoleUi::console_data()
{
    QTest::addColumn<int>("engine");
    QTest::newRow("postgres") << int(Engine::Postgres);
    QTest::newRow("mariadb") << int(Engine::MariaDb);
}

void TestConsoleUi::console()
{
    QFETCH(int, engine);
    const bool pg = Engine(engine) == Engine::Postgres;
    const DbTarget target = test::emulatorTarget(Engine(engine));
    ConsoleWidget console(target, test::emulatorSigner());
    console.resize(1000, 700);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    QSignalSpy finished(&console, &ConsoleWidget::queryFinished);
    QSignalSpy failed(&console, &ConsoleWidget::queryFailed);
    QSignalSpy schema(&console, &ConsoleWidget::schemaLoaded);
    console.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(schema.count(), 1, 20000);
    QTRY_VERIFY(console.statusLine()->text().contains(QLatin1String("TLS")));
    QVERIFY(console.statusLine()->text().contains(QLatin1String("token signed")));

    // The schema browser shows a new table with its columns after a refresh.
    console.editor()->setText(
        QStringLiteral("CREATE TABLE IF NOT EXISTS console_browse (id int, label varchar(20))"));
    console.runAll();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    console.loadSchema();
    QTRY_COMPARE_WITH_TIMEOUT(schema.count(), 2, 20000);
    const QList<QTreeWidgetItem *> tables = console.schemaTree()->findItems(
        QStringLiteral("console_browse"), Qt::MatchStartsWith | Qt::MatchRecursive);
    QCOMPARE(tables.size(), 1);
    QCOMPARE(tables.first()->childCount(), 2);
    QVERIFY(tables.first()->child(0)->text(0).startsWith(QLatin1String("id")));
    for (const QLabel *label : console.schemaTree()->findChildren<QLabel *>())
        QVERIFY2(!label->isVisible(), qPrintable(label->text())); // no "no tables" note over the tables
    // Resting the mouse on the pane names what a double-click does.
    {
        QWidget *viewport = console.schemaTree()->viewport();
        const QString tip = hoverToolTip(viewport, viewport->rect().bottomLeft() + QPoint(8, -8));
        QVERIFY2(tip.startsWith(QLatin1String("Double-click a table or column")), qPrintable(tip));
    }
    finished.clear();

    // Ctrl+Enter runs the statement under the cursor (the first one here).
    const QString many = pg ? QStringLiteral("SELECT generate_series(1, 5000) AS n")
                            : QStringLiteral("SELECT seq AS n FROM seq_1_to_5000");
    console.editor()->setText(QStringLiteral("SELECT 1 AS a, NULL AS b, 'x\ty' AS c;\n") + many + u';');
    console.editor()->setCursorPosition(0, 3);
    console.editor()->setFocus();
    QTest::keyClick(console.editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(failed.count(), 0);
    ResultModel *model = console.resultModel();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("1"));
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("NULL"));
    QCOMPARE(model->index(0, 1).data(Qt::UserRole).toBool(), true);
    QVERIFY(model->index(0, 1).data(Qt::FontRole).value<QFont>().italic());

    // Copy cells as TSV.
    console.resultView()->selectionModel()->select(QItemSelection(model->index(0, 0), model->index(0, 2)),
                                                   QItemSelectionModel::Select);
    console.copySelection();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("1\t\tx y\n"));

    // Ctrl+Shift+Enter runs everything; the grid shows the last result, streamed in chunks.
    QTest::keyClick(console.editor(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 10000);
    QCOMPARE(model->rowCount(), 5000);
    QCOMPARE(model->index(4999, 0).data().toString(), QStringLiteral("5000"));
    QVERIFY(console.resultLine()->text().contains(QLatin1String("5,000")) ||
            console.resultLine()->text().contains(QLatin1String("5000")));

    // Export CSV through the injected "save as" answer.
    const QString path = m_dir.filePath(QStringLiteral("result-%1.csv").arg(engine));
    console.setSavePathProvider([&](const QString &, const QString &, const QString &) { return path; });
    QSignalSpy exported(&console, &ConsoleWidget::exported);
    console.exportResult(false);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 10000);
    QFile csv(path);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArray("n"));
    QCOMPARE(lines.at(1), QByteArray("1"));
    QCOMPARE(lines.at(5000), QByteArray("5000"));

    // A server error marks its position in the editor.
    console.editor()->setText(QStringLiteral("SELECT 1;\nSELECT nosuchcolumn FROM nosuchtable"));
    console.runAll();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    const auto error = failed.first().first().value<QueryError>();
    QVERIFY(!error.error.message.isEmpty());
    if (pg) {
        QVERIFY(error.offset >= 0);
        int line = 0, index = 0;
        console.editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 1);
    } else {
        // MariaDB names no position for a missing table, but a syntax error's "near '…' at line n" does.
        console.editor()->setText(QStringLiteral("SELECT 1;\nSELECT 2 FROM DUAL WHERE WHERE"));
        console.runAll();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
        const auto syntax = failed.last().first().value<QueryError>();
        QVERIFY2(syntax.offset >= 0, qPrintable(syntax.error.message));
        int line = 0, index = 0;
        console.editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 1);
        QCOMPARE(index, int(QStringLiteral("SELECT 2 FROM DUAL ").size())); // near 'WHERE WHERE'
    }

    // Esc cancels a long statement on the server.
    console.editor()->setText(pg ? QStringLiteral("SELECT pg_sleep(30)")
                                 : QStringLiteral("SELECT SLEEP(30)"));
    const int endedBefore = int(finished.count() + failed.count());
    console.runAll();
    QTest::qWait(400);
    QElapsedTimer timer;
    timer.start();
    QTest::keyClick(console.editor(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(int(finished.count() + failed.count()), endedBefore + 1, 5000);
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));

    // History is persisted per target.
    QVERIFY(QueryHistory(target.displayName()).entries().contains(many));
}

void TestConsoleUi::emptySchemaIsSaidInFull()
{
    // A database in which this user sees no tables (PostgreSQL's maintenance database). The pane says
    // so in words wrapped to its narrow default width, all of them on screen: it used to be one tree
    // line cut off after "No tables this user c…".
    DbTarget target = test::emulatorTarget(Engine::Postgres);
    target.database = QStringLiteral("postgres");
    ConsoleWidget console(target, test::emulatorSigner());
    console.resize(1000, 560); // the console's share of a 1366x768 window
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    QSignalSpy schema(&console, &ConsoleWidget::schemaLoaded);
    console.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(schema.count(), 1, 20000);

    QTreeWidget *tree = console.schemaTree();
    QCOMPARE(tree->topLevelItemCount(), 0);
    QLabel *note = nullptr;
    for (QLabel *label : tree->findChildren<QLabel *>()) {
        if (label->isVisible())
            note = label;
    }
    QVERIFY(note);
    QCOMPARE(note->text(),
             QStringLiteral("No tables this user can see yet; Refresh Schema after creating one."));
    const QRect viewport = tree->viewport()->rect();
    // One line would not fit the pane: the words must wrap, and every wrapped line is inside it.
    QVERIFY2(note->fontMetrics().horizontalAdvance(note->text()) > viewport.width(),
             qPrintable(QString::number(viewport.width())));
    QVERIFY(viewport.contains(note->geometry()));
    // No tooltip about double-clicking tables covers the note that says there are none.
    const QString tip = hoverToolTip(note, note->rect().center());
    QVERIFY2(tip.isEmpty(), qPrintable(tip));
    QVERIFY2(note->heightForWidth(note->width()) <= note->height(),
             qPrintable(QStringLiteral("needs %1 px, has %2")
                            .arg(note->heightForWidth(note->width()))
                            .arg(note->height())));

    // Narrower still (the splitter dragged), it wraps again and still shows every word.
    tree->setFixedWidth(tree->width() * 2 / 3);
    QTRY_VERIFY(note->width() <= tree->viewport()->width());
    QVERIFY(note->heightForWidth(note->width()) <= note->height());
}

void TestConsoleUi::targetDialog()
{
    ConsoleTargetDialog dialog;
    // Nothing entered yet (fresh settings): refused with the field named, nothing opened.
    const auto empty = dialog.target();
    QVERIFY(!empty.ok());
    QVERIFY(empty.error().code.startsWith(QLatin1String("db.target.")));
    // An empty CA field means the default bundle (as its placeholder says), not an error.
    QVERIFY(empty.error().code != QLatin1String("db.target.ca"));
}

QTEST_MAIN(TestConsoleUi)
#include "tst_console_ui.moc"
