// SPDX-License-Identifier: GPL-3.0-or-later
// SqlEditor: QScintilla with the SQL lexer, coloured from the application palette.
#include "console/SqlEditor.h"

#include "common/Theme.h"

#include <QEvent>
#include <QFontDatabase>

#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexersql.h>

namespace signet::ui {

namespace {

constexpr int ErrorIndicator = 8;

bool separatesWords(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ',' || c == '.';
}

} // namespace

SqlEditor::SqlEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    auto *lexer = new QsciLexerSQL(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(fixed);
    lexer->setFont(fixed, -1);
    setLexer(lexer);
    setUtf8(true);
    setMarginLineNumbers(0, true);
    setMarginsFont(fixed);
    setMarginWidth(0, QStringLiteral("0000"));
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    indicatorDefine(QsciScintilla::SquiggleIndicator, ErrorIndicator);
    applyPalette();
    // Scintilla binds Ctrl+Shift+L (delete the line) and Ctrl+Shift+T (copy the line), and a bound key
    // never reaches the window: the window's View › Local Proxy and View › Tunnels would delete a line
    // instead. The editor gives those two keys up.
    for (const QKeyCombination taken : {Qt::CTRL | Qt::SHIFT | Qt::Key_L, Qt::CTRL | Qt::SHIFT | Qt::Key_T}) {
        const int key = taken.toCombined();
        while (QsciCommand *command = standardCommands()->boundTo(key)) {
            if (command->key() == key)
                command->setKey(0);
            if (command->alternateKey() == key)
                command->setAlternateKey(0);
        }
    }
}

void SqlEditor::applyPalette()
{
    const QPalette p = palette();
    auto *sql = static_cast<QsciLexerSQL *>(lexer());
    const QColor base = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);
    sql->setDefaultPaper(base);
    sql->setPaper(base, -1);
    sql->setDefaultColor(text);
    sql->setColor(text, -1);
    // Keywords in the palette's link colour: blue on light, a light blue on dark, readable on both.
    for (const int style : {QsciLexerSQL::Keyword, QsciLexerSQL::PlusKeyword, QsciLexerSQL::KeywordSet5,
                            QsciLexerSQL::KeywordSet6, QsciLexerSQL::KeywordSet7, QsciLexerSQL::KeywordSet8,
                            QsciLexerSQL::CommentDocKeyword})
        sql->setColor(p.color(QPalette::Link), style);
    for (const int style : {QsciLexerSQL::Comment, QsciLexerSQL::CommentLine, QsciLexerSQL::CommentDoc,
                            QsciLexerSQL::CommentLineHash, QsciLexerSQL::PlusComment})
        sql->setColor(p.color(QPalette::PlaceholderText), style);
    for (const int style : {QsciLexerSQL::SingleQuotedString, QsciLexerSQL::DoubleQuotedString})
        sql->setColor(theme::ok(), style);
    sql->setColor(theme::warning(), QsciLexerSQL::Number);
    sql->setColor(theme::error(), QsciLexerSQL::CommentDocKeywordError);
    // The lexer's defaults reach Scintilla only in setLexer(): the area past the text is the
    // default style's, so an open editor would stay white after a switch to dark.
    SendScintilla(SCI_STYLESETBACK, STYLE_DEFAULT, base);
    SendScintilla(SCI_STYLESETFORE, STYLE_DEFAULT, text);

    // The line-number margin sits back like the window, not like a light panel on a dark editor.
    // Its numbers a step quieter than text, still readable on either.
    const QColor window = p.color(QPalette::Window);
    const QColor windowText = p.color(QPalette::WindowText);
    auto mix = [](int a, int b) { return (a * 65 + b * 35) / 100; };
    setMarginsBackgroundColor(window);
    setMarginsForegroundColor(QColor(mix(windowText.red(), window.red()),
                                     mix(windowText.green(), window.green()),
                                     mix(windowText.blue(), window.blue())));
    setCaretForegroundColor(text);
    setCaretLineBackgroundColor(p.color(QPalette::AlternateBase));
    setSelectionBackgroundColor(p.color(QPalette::Highlight));
    setSelectionForegroundColor(p.color(QPalette::HighlightedText));
    setMatchedBraceBackgroundColor(p.color(QPalette::Midlight));
    setMatchedBraceForegroundColor(text);
    setUnmatchedBraceForegroundColor(theme::error());
    setIndicatorForegroundColor(theme::error(), ErrorIndicator);
}

void SqlEditor::changeEvent(QEvent *event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange ||
        event->type() == QEvent::StyleChange)
        applyPalette();
}

int SqlEditor::characterOffset(int bytePosition) const
{
    return int(QString::fromUtf8(text().toUtf8().left(bytePosition)).size());
}

int SqlEditor::bytePosition(int characterOffset) const
{
    return int(text().left(characterOffset).toUtf8().size());
}

int SqlEditor::cursorOffset() const
{
    return characterOffset(int(SendScintilla(SCI_GETCURRENTPOS)));
}

std::optional<db::StatementSpan> SqlEditor::selection() const
{
    const int start = int(SendScintilla(SCI_GETSELECTIONSTART));
    const int end = int(SendScintilla(SCI_GETSELECTIONEND));
    if (start >= end)
        return std::nullopt;
    const QByteArray bytes = text().toUtf8();
    const QString selected = QString::fromUtf8(bytes.mid(start, end - start));
    if (selected.trimmed().isEmpty())
        return std::nullopt;
    return db::StatementSpan{int(QString::fromUtf8(bytes.left(start)).size()), selected};
}

std::optional<db::StatementSpan> SqlEditor::statementToRun(WireFamily family) const
{
    if (auto selected = selection())
        return selected;
    const int cursor = cursorOffset();
    const QList<db::StatementSpan> all = db::splitStatements(text(), family);
    for (const db::StatementSpan &statement : all) {
        if (cursor <= statement.offset + statement.text.size() + 1 || &statement == &all.last())
            return statement;
    }
    return std::nullopt;
}

void SqlEditor::markError(int offset, int length)
{
    const int from = bytePosition(offset);
    const int to = bytePosition(offset + qMax(1, length));
    SendScintilla(SCI_SETINDICATORCURRENT, ErrorIndicator);
    SendScintilla(SCI_INDICATORFILLRANGE, from, qMax(1, to - from));
    SendScintilla(SCI_GOTOPOS, from);
}

void SqlEditor::clearErrorMarks()
{
    SendScintilla(SCI_SETINDICATORCURRENT, ErrorIndicator);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0, SendScintilla(SCI_GETLENGTH));
}

QList<std::pair<int, int>> SqlEditor::errorMarks() const
{
    QList<std::pair<int, int>> marks;
    const int length = int(SendScintilla(SCI_GETLENGTH));
    int position = 0;
    while (position < length) {
        const int end = int(SendScintilla(SCI_INDICATOREND, ErrorIndicator, position));
        if (SendScintilla(SCI_INDICATORVALUEAT, ErrorIndicator, position) != 0) {
            const int from = characterOffset(position);
            marks.append({from, characterOffset(end) - from});
        }
        if (end <= position)
            break;
        position = end;
    }
    return marks;
}

void SqlEditor::insertAtCursor(const QString &insertion)
{
    QString text = insertion;
    const long position = SendScintilla(SCI_GETSELECTIONSTART);
    if (position > 0 && !separatesWords(char(SendScintilla(SCI_GETCHARAT, position - 1))))
        text.prepend(u' ');
    // Replaces a selection like typing would; the cursor ends after the inserted text.
    SendScintilla(SCI_REPLACESEL, text.toUtf8().constData());
    setFocus();
}

} // namespace signet::ui
