// SPDX-License-Identifier: GPL-3.0-or-later
// ResultChunk: a block of result rows in one compact buffer (UTF-8 cells + end offsets + NULL bits).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

namespace signet::db {

// A million rows of ten short columns stay near 100 MB this way, where a QVariant per cell would
// take several times that. Cheap to copy (implicitly shared), so it crosses threads in a signal.
class ResultChunk final
{
public:
    ResultChunk() = default;
    explicit ResultChunk(int columnCount)
        : m_columnCount(columnCount)
    {}

    void reserve(int rows, qsizetype bytes);
    // Appends one cell; call columnCount() times per row.
    void appendCell(QByteArrayView bytes) { appendCellEnd(bytes, false); }
    void appendNull() { m_ends.append(quint32(m_data.size()) | NullBit); }

    int columnCount() const { return m_columnCount; }
    int rowCount() const { return m_columnCount ? int(m_ends.size() / m_columnCount) : 0; }
    bool isEmpty() const { return m_ends.isEmpty(); }
    qsizetype byteSize() const { return m_data.size() + m_ends.size() * qsizetype(sizeof(quint32)); }

    bool isNull(int row, int column) const { return m_ends.at(index(row, column)) & NullBit; }
    QByteArrayView bytes(int row, int column) const;
    QString text(int row, int column) const { return QString::fromUtf8(bytes(row, column)); }

private:
    static constexpr quint32 NullBit = 0x80000000u;
    qsizetype index(int row, int column) const { return qsizetype(row) * m_columnCount + column; }
    void appendCellEnd(QByteArrayView bytes, bool null);

    QByteArray m_data;
    QList<quint32> m_ends;
    int m_columnCount = 0;
};

} // namespace signet::db

Q_DECLARE_METATYPE(signet::db::ResultChunk)
