// SPDX-License-Identifier: GPL-3.0-or-later
// ResultModel: compact chunks, binary search from row to chunk, NULL shown distinctly.
#include "console/ResultModel.h"

#include "db/ResultFormat.h"

#include <QBrush>
#include <QFont>
#include <QIODevice>
#include <QPalette>

#include <algorithm>

namespace signet::ui {

ResultModel::ResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ResultModel::reset(quint64 generation, const QStringList &columns)
{
    beginResetModel();
    m_generation = generation;
    m_columns = columns;
    m_chunks.clear();
    m_chunkStarts.clear();
    m_rows = 0;
    endResetModel();
}

bool ResultModel::append(quint64 generation, const db::ResultChunk &chunk)
{
    if (generation != m_generation || chunk.isEmpty() || chunk.columnCount() != m_columns.size())
        return false;
    beginInsertRows({}, m_rows, m_rows + chunk.rowCount() - 1);
    m_chunkStarts.append(m_rows);
    m_chunks.append(chunk);
    m_rows += chunk.rowCount();
    endInsertRows();
    return true;
}

int ResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

std::pair<int, int> ResultModel::locate(int row) const
{
    const auto it = std::upper_bound(m_chunkStarts.cbegin(), m_chunkStarts.cend(), row);
    const int chunk = int(it - m_chunkStarts.cbegin()) - 1;
    return {chunk, row - m_chunkStarts.at(chunk)};
}

QVariant ResultModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const auto [chunk, row] = locate(index.row());
    const db::ResultChunk &block = m_chunks.at(chunk);
    const bool null = block.isNull(row, index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return null ? QStringLiteral("NULL") : block.text(row, index.column());
    case Qt::EditRole:
        return null ? QVariant() : QVariant(block.text(row, index.column()));
    case Qt::ForegroundRole:
        return null ? QVariant(QPalette().brush(QPalette::Disabled, QPalette::Text)) : QVariant();
    case Qt::FontRole:
        if (null) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::UserRole:
        return null;
    default:
        return {};
    }
}

QVariant ResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_columns.value(section);
    return section + 1;
}

QByteArray ResultModel::tsv(int firstRow, int lastRow, int firstColumn, int lastColumn) const
{
    QByteArray out;
    for (int r = firstRow; r <= lastRow && r < m_rows; ++r) {
        const auto [chunk, row] = locate(r);
        db::appendTsvRow(out, m_chunks.at(chunk), row, firstColumn, lastColumn);
    }
    return out;
}

void ResultModel::write(QIODevice &out, Format format, int fromRow, int count, int totalRows) const
{
    QByteArray buffer;
    if (fromRow == 0)
        buffer = format == Format::Csv ? db::csvHeader(m_columns) : QByteArray("[");
    const int last = qMin(totalRows, m_rows);
    const int end = qMin(last, fromRow + count);
    for (int r = fromRow; r < end; ++r) {
        const auto [chunk, row] = locate(r);
        if (format == Format::Csv) {
            db::appendCsvRow(buffer, m_chunks.at(chunk), row);
        } else {
            buffer.append(r ? ",\n " : "\n ");
            db::appendJsonRow(buffer, m_columns, m_chunks.at(chunk), row);
        }
    }
    if (format == Format::Json && end == last)
        buffer.append("\n]\n");
    out.write(buffer);
}

} // namespace signet::ui
