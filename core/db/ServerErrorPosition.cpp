// SPDX-License-Identifier: GPL-3.0-or-later
// ServerErrorPosition: parse the position out of MySQL and PostgreSQL error texts.
#include "db/ServerErrorPosition.h"

#include "db/DbFamily.h"

#include <QRegularExpression>

namespace signet::db {

namespace {

// Offset of the first character of 1-based `line` in text.
int lineStart(const QString &text, int line)
{
    int offset = 0;
    for (int current = 1; current < line; ++current) {
        const qsizetype next = text.indexOf(u'\n', offset);
        if (next < 0)
            return -1;
        offset = int(next) + 1;
    }
    return offset;
}

} // namespace

int postgresErrorOffset(const QString &statement, const QString &message)
{
    static const QRegularExpression pattern(QStringLiteral("LINE (\\d+): ([^\\n]*)\\n( *)\\^"));
    const auto match = pattern.match(message);
    if (!match.hasMatch())
        return -1;
    const int line = match.captured(1).toInt();
    QString shown = match.captured(2);
    // The caret column counts from the start of "LINE n: ".
    int column = int(match.captured(3).size()) - int(QStringLiteral("LINE %1: ").arg(line).size());
    const int start = lineStart(statement, line);
    if (start < 0 || column < 0)
        return -1;
    if (shown.startsWith(QLatin1String("..."))) {
        // libpq elides long lines: find the shown fragment in the real line.
        shown = shown.mid(3);
        column -= 3;
        if (shown.endsWith(QLatin1String("...")))
            shown.chop(3);
        const qsizetype at = statement.indexOf(shown, start);
        if (at < 0)
            return -1;
        return int(at) + column;
    }
    return qMin(start + column, int(statement.size()));
}

int mysqlErrorOffset(const QString &statement, const QString &message)
{
    static const QRegularExpression pattern(QStringLiteral("near '(.*)' at line (\\d+)"),
                                            QRegularExpression::DotMatchesEverythingOption);
    const auto match = pattern.match(message);
    if (!match.hasMatch())
        return -1;
    const int start = lineStart(statement, match.captured(2).toInt());
    if (start < 0)
        return -1;
    const QString near = match.captured(1);
    if (near.isEmpty())
        return int(statement.size());
    // The server quotes at most 80 bytes of the rest of the statement.
    const qsizetype at = statement.indexOf(near.left(40), start);
    return at < 0 ? start : int(at);
}

int serverErrorOffset(Engine engine, const QString &statement, const QString &serverMessage)
{
    DbTarget target;
    target.engine = engine;
    return DbFamily::of(target).errorOffset(statement, serverMessage);
}

} // namespace signet::db
