// SPDX-License-Identifier: GPL-3.0-or-later
// ResultModel: the console's result grid, fed chunk by chunk; stale generations are dropped.
#pragma once

#include "db/ResultChunk.h"

#include <QAbstractTableModel>
#include <QStringList>

class QIODevice;

namespace signet::ui {

class ResultModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultModel)

public:
    enum class Format
    {
        Csv,
        Json,
    };

    explicit ResultModel(QObject *parent = nullptr);

    // Starts showing `generation`'s rows (clears the grid).
    void reset(quint64 generation, const QStringList &columns);
    // Appends rows if the chunk belongs to the generation shown; returns false when dropped.
    bool append(quint64 generation, const db::ResultChunk &chunk);
    quint64 generation() const { return m_generation; }
    const QStringList &columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Tab-separated text of rows [firstRow, lastRow] × columns [firstColumn, lastColumn].
    QByteArray tsv(int firstRow, int lastRow, int firstColumn, int lastColumn) const;
    // Writes rows [fromRow, fromRow + count) of the first totalRows as CSV/JSON: the header or opening
    // bracket when fromRow is 0, the closing bracket once totalRows are written. totalRows is fixed by
    // the caller when an export starts, so rows still streaming in cannot leave a JSON file unclosed.
    void write(QIODevice &out, Format format, int fromRow, int count, int totalRows) const;

private:
    // (chunk, row within it) of a grid row.
    std::pair<int, int> locate(int row) const;

    QStringList m_columns;
    QList<db::ResultChunk> m_chunks;
    QList<int> m_chunkStarts;
    int m_rows = 0;
    quint64 m_generation = 0;
};

} // namespace signet::ui
