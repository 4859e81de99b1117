// SPDX-License-Identifier: GPL-3.0-or-later
// ResultFormat: escaping rules for CSV, JSON and TSV.
#include "db/ResultFormat.h"

namespace signet::db {

namespace {

void appendCsvField(QByteArray &out, QByteArrayView bytes)
{
    const bool quote =
        bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r');
    if (!quote) {
        out.append(bytes.data(), bytes.size());
        return;
    }
    out.append('"');
    for (const char c : bytes) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

void appendJsonString(QByteArray &out, QByteArrayView bytes)
{
    out.append('"');
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (u < 0x20)
                out.append(QByteArrayLiteral("\\u00") + QByteArray::number(u, 16).rightJustified(2, '0'));
            else
                out.append(c);
        }
    }
    out.append('"');
}

} // namespace

QByteArray csvHeader(const QStringList &columns)
{
    QByteArray out;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i)
            out.append(',');
        appendCsvField(out, columns.at(i).toUtf8());
    }
    out.append('\n');
    return out;
}

void appendCsvRow(QByteArray &out, const ResultChunk &chunk, int row)
{
    for (int c = 0; c < chunk.columnCount(); ++c) {
        if (c)
            out.append(',');
        if (!chunk.isNull(row, c))
            appendCsvField(out, chunk.bytes(row, c));
    }
    out.append('\n');
}

void appendJsonRow(QByteArray &out, const QStringList &columns, const ResultChunk &chunk, int row)
{
    out.append('{');
    for (int c = 0; c < chunk.columnCount(); ++c) {
        if (c)
            out.append(", ");
        appendJsonString(out, c < columns.size() ? columns.at(c).toUtf8() : QByteArray::number(c));
        out.append(": ");
        if (chunk.isNull(row, c))
            out.append("null");
        else
            appendJsonString(out, chunk.bytes(row, c));
    }
    out.append('}');
}

void appendTsvRow(QByteArray &out, const ResultChunk &chunk, int row, int firstColumn, int lastColumn)
{
    for (int c = firstColumn; c <= lastColumn; ++c) {
        if (c > firstColumn)
            out.append('\t');
        if (chunk.isNull(row, c))
            continue;
        QByteArray cell = chunk.bytes(row, c).toByteArray();
        cell.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        out.append(cell);
    }
    out.append('\n');
}

} // namespace signet::db
