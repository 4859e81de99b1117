// SPDX-License-Identifier: GPL-3.0-or-later
// StatementSplitter: cuts a script into statements at ';' outside quotes and comments, by the
// lexical rules of the engine's SQL.
#pragma once

#include "endpoint/Engine.h"

#include <QList>
#include <QString>

namespace signet::db {

struct StatementSpan final
{
    // Character offset of the statement's first non-blank character in the script, and its text.
    int offset = 0;
    QString text;
};

// When a quoted text or name, a comment or a dollar-quoted body starts at `i`: the index just after
// it. Otherwise `i`. The rules differ by wire family:
// - MySQL/MariaDB: '…' and "…" with backslash escapes, `…` names, -- and # line comments, /* */.
// - PostgreSQL: '…' as written (standard_conforming_strings; E'…' takes backslash escapes), "…"
//   names, -- line comments, nested /* */ comments, $tag$ … $tag$ bodies.
int skipQuotedOrComment(const QString &script, int i, WireFamily family);

// Statements in order. Empty ones, and those of comments only, are dropped; MySQL's executable
// comments (/*! … */) count as statements.
QList<StatementSpan> splitStatements(const QString &script, WireFamily family);

} // namespace signet::db
