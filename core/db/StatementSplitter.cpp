// SPDX-License-Identifier: GPL-3.0-or-later
// StatementSplitter: a small lexer per wire family, enough to find statement ends.
#include "db/StatementSplitter.h"

namespace signet::db {

namespace {

bool isNameCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// Just after the quoted text or name that opens at `i` with `quote`; `escapes`: a backslash takes
// the next character. A doubled quote ('it''s') reads as two texts side by side, which ends in
// the same place.
int skipQuoted(const QString &script, int i, QChar quote, bool escapes)
{
    const int size = int(script.size());
    ++i;
    while (i < size && script.at(i) != quote) {
        if (escapes && script.at(i) == u'\\')
            ++i;
        ++i;
    }
    return qMin(i + 1, size);
}

int skipLineComment(const QString &script, int i)
{
    const int size = int(script.size());
    while (i < size && script.at(i) != u'\n')
        ++i;
    return i;
}

// `nested`: PostgreSQL's /* /* */ */ closes at the second */.
int skipBlockComment(const QString &script, int i, bool nested)
{
    const int size = int(script.size());
    int depth = 0;
    while (i < size) {
        if (script.at(i) == u'/' && i + 1 < size && script.at(i + 1) == u'*') {
            if (depth == 0 || nested)
                ++depth;
            i += 2;
        } else if (script.at(i) == u'*' && i + 1 < size && script.at(i + 1) == u'/') {
            i += 2;
            if (--depth == 0)
                return i;
        } else {
            ++i;
        }
    }
    return size;
}

// Only blanks and comments from `begin` to `end`: nothing a server would run (it would answer
// "empty query"). MySQL's executable comments (/*! … */, as mysqldump writes them) are statements.
bool onlyComments(const QString &script, int begin, int end, WireFamily family)
{
    int i = begin;
    while (i < end) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < end ? script.at(i + 1) : QChar();
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const bool executable = family == WireFamily::MySql && i + 2 < end && script.at(i + 2) == u'!';
        const bool block = c == u'/' && next == u'*';
        if (block && executable)
            return false;
        const int after = skipQuotedOrComment(script, i, family);
        // A comment is what the lexer skips that is not a quoted text or name.
        if (after == i || c == u'\'' || c == u'"' || c == u'`' || c == u'$')
            return false;
        i = qMin(after, end);
    }
    return true;
}

void addStatement(QList<StatementSpan> &out, const QString &script, int begin, int end, WireFamily family)
{
    while (begin < end && script.at(begin).isSpace())
        ++begin;
    while (end > begin && script.at(end - 1).isSpace())
        --end;
    if (end > begin && !onlyComments(script, begin, end, family))
        out.append(StatementSpan{begin, script.mid(begin, end - begin)});
}

} // namespace

int skipQuotedOrComment(const QString &script, int i, WireFamily family)
{
    const int size = int(script.size());
    if (i >= size)
        return i;
    const bool mysql = family == WireFamily::MySql;
    const QChar c = script.at(i);
    const QChar next = i + 1 < size ? script.at(i + 1) : QChar();
    if (c == u'\'') {
        // PostgreSQL: E'…' (not the end of a longer name such as "some'") takes escapes.
        const bool escapeString = !mysql && i > 0 && (script.at(i - 1) == u'E' || script.at(i - 1) == u'e') &&
                                  (i < 2 || !isNameCharacter(script.at(i - 2)));
        return skipQuoted(script, i, c, mysql || escapeString);
    }
    if (c == u'"')
        return skipQuoted(script, i, c, mysql);
    if (c == u'`' && mysql)
        return skipQuoted(script, i, c, false);
    // MySQL takes -- as a comment only before a blank or a control character (1--1 is 1 - -1).
    const QChar third = i + 2 < size ? script.at(i + 2) : QChar(u' ');
    if ((c == u'-' && next == u'-' &&
         (!mysql || third.isSpace() || third.category() == QChar::Other_Control)) ||
        (c == u'#' && mysql))
        return skipLineComment(script, i);
    if (c == u'/' && next == u'*')
        return skipBlockComment(script, i, !mysql);
    if (c == u'$' && !mysql && !(i > 0 && isNameCharacter(script.at(i - 1)))) {
        int tagEnd = i + 1;
        while (tagEnd < size && (script.at(tagEnd).isLetterOrNumber() || script.at(tagEnd) == u'_'))
            ++tagEnd;
        if (tagEnd < size && script.at(tagEnd) == u'$' && !(tagEnd > i + 1 && script.at(i + 1).isDigit())) {
            const QString tag = script.mid(i, tagEnd - i + 1);
            const qsizetype close = script.indexOf(tag, tagEnd + 1);
            return close < 0 ? size : int(close + tag.size());
        }
    }
    return i;
}

QList<StatementSpan> splitStatements(const QString &script, WireFamily family)
{
    QList<StatementSpan> out;
    const int size = int(script.size());
    int begin = 0;
    int i = 0;
    while (i < size) {
        if (const int after = skipQuotedOrComment(script, i, family); after != i) {
            i = after;
        } else if (script.at(i) == u';') {
            addStatement(out, script, begin, i, family);
            begin = ++i;
        } else {
            ++i;
        }
    }
    addStatement(out, script, begin, size, family);
    return out;
}

} // namespace signet::db
