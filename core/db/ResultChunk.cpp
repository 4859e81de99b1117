// SPDX-License-Identifier: GPL-3.0-or-later
// ResultChunk storage.
#include "db/ResultChunk.h"

namespace signet::db {

void ResultChunk::reserve(int rows, qsizetype bytes)
{
    m_ends.reserve(qsizetype(rows) * m_columnCount);
    m_data.reserve(bytes);
}

void ResultChunk::appendCellEnd(QByteArrayView bytes, bool null)
{
    m_data.append(bytes.data(), bytes.size());
    m_ends.append(quint32(m_data.size()) | (null ? NullBit : 0u));
}

QByteArrayView ResultChunk::bytes(int row, int column) const
{
    const qsizetype i = index(row, column);
    const quint32 end = m_ends.at(i) & ~NullBit;
    const quint32 begin = i == 0 ? 0u : (m_ends.at(i - 1) & ~NullBit);
    return QByteArrayView(m_data.constData() + begin, qsizetype(end - begin));
}

} // namespace signet::db
