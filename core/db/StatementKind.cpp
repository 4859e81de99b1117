// SPDX-License-Identifier: GPL-3.0-or-later
// StatementKind: the statement's words outside quotes and comments, read from the start.
#include "db/StatementKind.h"

#include "db/StatementSplitter.h"

#include <QSet>
#include <QStringList>

namespace signet::db {

namespace {

// The upper-case words of a statement, in order, skipping literals, quoted names and comments.
QStringList wordsOf(const QString &sql, WireFamily family)
{
    QStringList words;
    const int size = int(sql.size());
    int i = 0;
    while (i < size) {
        const QChar c = sql.at(i);
        if (const int after = skipQuotedOrComment(sql, i, family); after != i) {
            i = after;
        } else if (c.isLetter() || c == u'_') {
            const int start = i;
            while (i < size && (sql.at(i).isLetterOrNumber() || sql.at(i) == u'_' || sql.at(i) == u'$'))
                ++i;
            words.append(sql.mid(start, i - start).toUpper());
        } else {
            ++i;
        }
    }
    return words;
}

// Words that, anywhere in a query, make it write (a data-modifying CTE, SELECT … INTO, a lock).
bool hasWritingWord(const QStringList &words)
{
    static const QSet<QString> writing{QStringLiteral("INSERT"),   QStringLiteral("UPDATE"),
                                       QStringLiteral("DELETE"),   QStringLiteral("MERGE"),
                                       QStringLiteral("REPLACE"),  QStringLiteral("INTO"),
                                       QStringLiteral("TRUNCATE"), QStringLiteral("DROP"),
                                       QStringLiteral("ALTER"),    QStringLiteral("CREATE")};
    for (qsizetype i = 0; i < words.size(); ++i) {
        // REPLACE( is also a string function in MySQL: only the statement form counts (first word).
        if (words.at(i) == u"REPLACE" && i > 0)
            continue;
        // FOR [NO KEY] UPDATE / FOR SHARE takes locks but changes nothing: a read.
        if (words.at(i) == u"UPDATE" && i > 0 && (words.at(i - 1) == u"FOR" || words.at(i - 1) == u"KEY"))
            continue;
        if (writing.contains(words.at(i)))
            return true;
    }
    return false;
}

} // namespace

bool changesData(const QString &statement, WireFamily family)
{
    const QStringList words = wordsOf(statement, family);
    if (words.isEmpty())
        return false; // nothing runs
    const QString first = words.first();
    // Queries: read unless a writing word shows up in them.
    static const QSet<QString> queries{QStringLiteral("SELECT"), QStringLiteral("WITH"),
                                       QStringLiteral("TABLE"), QStringLiteral("VALUES")};
    if (queries.contains(first))
        return hasWritingWord(words);
    // EXPLAIN only plans, unless ANALYZE runs the statement it explains (PostgreSQL; MySQL 8 too).
    if (first == u"EXPLAIN" || first == u"DESCRIBE" || first == u"DESC") {
        if (words.contains(QStringLiteral("ANALYZE")) || words.contains(QStringLiteral("ANALYSE")))
            return hasWritingWord(words.mid(1));
        return false;
    }
    // Reading the catalogue and session or transaction control change no data.
    static const QSet<QString> reads{
        QStringLiteral("SHOW"),      QStringLiteral("HELP"),    QStringLiteral("USE"),
        QStringLiteral("SET"),       QStringLiteral("RESET"),   QStringLiteral("BEGIN"),
        QStringLiteral("START"),     QStringLiteral("COMMIT"),  QStringLiteral("ROLLBACK"),
        QStringLiteral("SAVEPOINT"), QStringLiteral("RELEASE"), QStringLiteral("END"),
        QStringLiteral("FETCH"),     QStringLiteral("CLOSE"),   QStringLiteral("DISCARD"),
    };
    if (first == u"SET" && words.size() > 1 && words.at(1) == u"PASSWORD")
        return true;
    return !reads.contains(first);
}

} // namespace signet::db
