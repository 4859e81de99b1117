// SPDX-License-Identifier: GPL-3.0-or-later
// SqlEditor: the console's SQL editor — colours from the palette, what to run, error marks.
#pragma once

#include "db/StatementSplitter.h"

#include <Qsci/qsciscintilla.h>

#include <optional>

namespace signet::ui {

class SqlEditor final : public QsciScintilla
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqlEditor)

public:
    explicit SqlEditor(QWidget *parent = nullptr);

    // The selection as a statement (offset in characters), if text is selected. Asks Scintilla
    // itself: QsciScintilla's hasSelectedText()/selectedText() keep a flag that typing over a
    // selection does not clear, so after Ctrl+A and typing they report an empty selection.
    std::optional<db::StatementSpan> selection() const;
    // The selection if there is one, else the statement under the cursor (or the last one).
    std::optional<db::StatementSpan> statementToRun(WireFamily family) const;
    // Character offset of the cursor.
    int cursorOffset() const;

    // Marks [offset, offset + length) (characters) as an error and puts the cursor at its start.
    void markError(int offset, int length);
    void clearErrorMarks();
    // The ranges marked now, as (offset, length) in characters.
    QList<std::pair<int, int>> errorMarks() const;

    // Inserts `text` at the cursor, separated from a word before it, and moves the cursor past it.
    void insertAtCursor(const QString &text);

    // Re-reads the palette (also done on every palette change, e.g. a theme switch).
    void applyPalette();

protected:
    void changeEvent(QEvent *event) override;

private:
    // Characters ↔ Scintilla's UTF-8 byte positions.
    int characterOffset(int bytePosition) const;
    int bytePosition(int characterOffset) const;
};

} // namespace signet::ui
