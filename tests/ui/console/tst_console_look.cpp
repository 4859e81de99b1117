// SPDX-License-Identifier: GPL-3.0-or-later
// How the console looks before any server answers: room for the grid, a narrow schema pane that
// folds away, the history always in sight, and editor colours from the palette in light and dark
// (also for an editor already open when the theme changes).
#include "common/Theme.h"
#include "console/ConsoleWidget.h"
#include "console/MessageBar.h"
#include "console/SqlEditor.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <Qsci/qscilexersql.h>

using namespace signet;
using namespace signet::ui;

namespace {

db::DbTarget offlineTarget()
{
    db::DbTarget target;
    target.engine = Engine::MariaDb;
    target.host = QStringLiteral("db.invalid");
    target.port = 3306;
    target.user = QStringLiteral("iam_user");
    return target;
}

QColor backgroundOf(SqlEditor *editor, int style)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETBACK, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

QColor foregroundOf(SqlEditor *editor, int style)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETFORE, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

// Lightness apart enough to read text on its background.
bool readable(const QColor &text, const QColor &background)
{
    return qAbs(text.lightness() - background.lightness()) >= 90;
}

} // namespace

class TestConsoleLook final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("signet-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_console_look"));
    }

    void cleanup() { theme::apply(theme::Choice::Light); }

    void roomForTheGrid()
    {
        ConsoleWidget console(offlineTarget());
        // The console's share of a 1366x768 window.
        console.resize(1000, 560);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        QTreeWidget *schema = console.schemaTree();
        // The grid gets most of the height, the schema pane a narrow strip.
        QVERIFY2(console.resultView()->height() >= 2 * console.editor()->height(),
                 qPrintable(QStringLiteral("grid %1 px, editor %2 px")
                                .arg(console.resultView()->height())
                                .arg(console.editor()->height())));
        QVERIFY2(schema->width() <= console.width() / 4, qPrintable(QString::number(schema->width())));
        QVERIFY(console.editor()->height() >= 3 * console.editor()->fontMetrics().height());

        // The Schema button folds the pane away and brings it back; the editor takes the room.
        const int editorWidth = console.editor()->width();
        QToolButton *toggle = nullptr;
        for (QToolButton *button : console.findChildren<QToolButton *>())
            if (button->text() == QLatin1String("Schema"))
                toggle = button;
        QVERIFY(toggle && toggle->isVisible());
        QTest::mouseClick(toggle, Qt::LeftButton);
        QTRY_VERIFY(!schema->isVisible());
        QTRY_VERIFY(console.editor()->width() > editorWidth);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QTRY_VERIFY(schema->isVisible());
    }

    void windowShortcutsPassTheEditor()
    {
        // Ctrl+Shift+L (View › Local Proxy) and Ctrl+Shift+T (View › Tunnels) typed in the editor
        // reach the window's actions; Scintilla's line delete and line copy must not take them.
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *console = new ConsoleWidget(offlineTarget());
        layout->addWidget(console);
        int proxies = 0;
        int tunnels = 0;
        auto *proxyAction = new QAction(&window);
        proxyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        connect(proxyAction, &QAction::triggered, &window, [&proxies] { ++proxies; });
        auto *tunnelAction = new QAction(&window);
        tunnelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
        connect(tunnelAction, &QAction::triggered, &window, [&tunnels] { ++tunnels; });
        window.addActions({proxyAction, tunnelAction});
        window.resize(800, 500);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        SqlEditor *editor = console->editor();
        editor->setFocus();
        QTRY_VERIFY(editor->hasFocus());
        QTest::keyClicks(editor, QStringLiteral("SELECT 1;"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("SELECT 2;"));
        const QString typed = editor->text();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(proxies, 1);
        QCOMPARE(tunnels, 1);
        QCOMPARE(editor->text(), typed); // no line deleted
        // The editor's own keys still work: Ctrl+Z undoes typing.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(editor->text() != typed);
    }

    void historyStaysInSight()
    {
        ConsoleWidget console(offlineTarget());
        for (const int width : {1000, 700, 560}) {
            console.resize(width, 500);
            console.show();
            QVERIFY(QTest::qWaitForWindowExposed(&console));
            QTest::qWait(20);
            QComboBox *history = console.historyBox();
            QVERIFY2(history->isVisible(), qPrintable(QString::number(width)));
            const QRect shown(history->mapTo(&console, QPoint()), history->size());
            QVERIFY2(console.rect().contains(shown), qPrintable(QString::number(width)));
        }
    }

    void editorColoursFollowTheTheme()
    {
        theme::apply(theme::Choice::Dark);
        ConsoleWidget console(offlineTarget());
        console.resize(800, 500);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        SqlEditor *editor = console.editor();
        QTest::keyClicks(editor, QStringLiteral("SELECT 1 FROM t WHERE a = 'x' -- note"));

        const QColor paper = backgroundOf(editor, QsciLexerSQL::Default);
        QVERIFY2(paper.lightness() < 80, qPrintable(paper.name()));
        QVERIFY2(readable(foregroundOf(editor, QsciLexerSQL::Keyword), paper),
                 qPrintable(foregroundOf(editor, QsciLexerSQL::Keyword).name()));
        QVERIFY(readable(foregroundOf(editor, QsciLexerSQL::Default), paper));
        QVERIFY(readable(foregroundOf(editor, QsciLexerSQL::Identifier), paper));
        QVERIFY(readable(foregroundOf(editor, QsciLexerSQL::SingleQuotedString), paper));
        // The line-number margin is dark too, its numbers readable.
        const QColor margin = backgroundOf(editor, QsciScintillaBase::STYLE_LINENUMBER);
        QVERIFY2(margin.lightness() < 100, qPrintable(margin.name()));
        QVERIFY(readable(foregroundOf(editor, QsciScintillaBase::STYLE_LINENUMBER), margin));

        // The error bar's tint follows the theme too, its text readable on it.
        MessageBar *bar = console.messageBar();
        bar->showMessage(MessageBar::Kind::Error, QStringLiteral("relation \"t\" does not exist"));
        QTRY_VERIFY(bar->isVisible());
        auto tint = [bar] { return bar->grab().toImage().pixelColor(4, bar->height() / 2); };
        QVERIFY2(tint().lightness() < 128, qPrintable(tint().name()));
        QVERIFY(readable(bar->palette().color(QPalette::WindowText), tint()));

        // Switching to light while the editor is open repaints it light, keywords still readable.
        theme::apply(theme::Choice::Light);
        QTRY_VERIFY(tint().lightness() > 150);
        QTRY_VERIFY(backgroundOf(editor, QsciLexerSQL::Default).lightness() > 200);
        const QColor lightPaper = backgroundOf(editor, QsciLexerSQL::Default);
        QVERIFY(readable(foregroundOf(editor, QsciLexerSQL::Keyword), lightPaper));
        QVERIFY(backgroundOf(editor, QsciScintillaBase::STYLE_LINENUMBER).lightness() > 150);

        // And back to dark.
        theme::apply(theme::Choice::Dark);
        QTRY_VERIFY(backgroundOf(editor, QsciLexerSQL::Default).lightness() < 80);
    }
};

QTEST_MAIN(TestConsoleLook)
#include "tst_console_look.moc"
