// SPDX-License-Identifier: GPL-3.0-or-later
// StatementSplitter: cuts a script into statements at ';' outside quotes and comments.
#pragma once

#include <QList>
#include <QString>

namespace signet::db {

struct StatementSpan final
{
    // Character offset of the statement's first non-blank character in the script, and its text.
    int offset = 0;
    QString text;
};

// When a quoted text or name ('…', "…", `…`), a -- or # line comment, a /* */ comment or a
// PostgreSQL $tag$ … $tag$ body starts at `i`: the index just after it. Otherwise `i`.
int skipQuotedOrComment(const QString &script, int i);

// Understands '…', "…", `…`, -- and # line comments, /* */ and PostgreSQL $tag$ … $tag$ bodies.
// Empty statements, and those of comments only, are dropped; MySQL's executable comments
// (/*! … */) count as statements.
QList<StatementSpan> splitStatements(const QString &script);

} // namespace signet::db
