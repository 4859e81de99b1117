// SPDX-License-Identifier: GPL-3.0-or-later
// StatementSplitter: a small lexer, enough to find statement ends.
#include "db/StatementSplitter.h"

namespace signet::db {

namespace {

// Only blanks and comments from `begin` to `end`: nothing a server would run (it would answer
// "empty query"). MySQL's executable comments (/*! … */, as mysqldump writes them) are statements.
bool onlyComments(const QString &script, int begin, int end)
{
    int i = begin;
    while (i < end) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < end ? script.at(i + 1) : QChar();
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const bool comment = (c == u'-' && next == u'-') || c == u'#' ||
                             (c == u'/' && next == u'*' && !(i + 2 < end && script.at(i + 2) == u'!'));
        if (!comment)
            return false;
        i = qMin(skipQuotedOrComment(script, i), end);
    }
    return true;
}

void addStatement(QList<StatementSpan> &out, const QString &script, int begin, int end)
{
    while (begin < end && script.at(begin).isSpace())
        ++begin;
    while (end > begin && script.at(end - 1).isSpace())
        --end;
    if (end > begin && !onlyComments(script, begin, end))
        out.append(StatementSpan{begin, script.mid(begin, end - begin)});
}

} // namespace

int skipQuotedOrComment(const QString &script, int i)
{
    const int size = int(script.size());
    if (i >= size)
        return i;
    const QChar c = script.at(i);
    const QChar next = i + 1 < size ? script.at(i + 1) : QChar();
    if (c == u'\'' || c == u'"' || c == u'`') {
        ++i;
        while (i < size && script.at(i) != c) {
            if (script.at(i) == u'\\' && c != u'`')
                ++i;
            ++i;
        }
        return qMin(i + 1, size + 1);
    }
    if ((c == u'-' && next == u'-') || c == u'#') {
        while (i < size && script.at(i) != u'\n')
            ++i;
        return i;
    }
    if (c == u'/' && next == u'*') {
        const qsizetype close = script.indexOf(QLatin1String("*/"), i + 2);
        return close < 0 ? size : int(close) + 2;
    }
    if (c == u'$') {
        qsizetype tagEnd = i + 1;
        while (tagEnd < size && (script.at(tagEnd).isLetterOrNumber() || script.at(tagEnd) == u'_'))
            ++tagEnd;
        if (tagEnd < size && script.at(tagEnd) == u'$') {
            const QString tag = script.mid(i, tagEnd - i + 1);
            const qsizetype close = script.indexOf(tag, tagEnd + 1);
            return close < 0 ? size : int(close + tag.size());
        }
    }
    return i;
}

QList<StatementSpan> splitStatements(const QString &script)
{
    QList<StatementSpan> out;
    const int size = int(script.size());
    int begin = 0;
    int i = 0;
    while (i < size) {
        if (const int after = skipQuotedOrComment(script, i); after != i) {
            i = after;
        } else if (script.at(i) == u';') {
            addStatement(out, script, begin, i);
            begin = ++i;
        } else {
            ++i;
        }
    }
    addStatement(out, script, begin, size);
    return out;
}

} // namespace signet::db
