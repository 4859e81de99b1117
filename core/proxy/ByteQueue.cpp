// SPDX-License-Identifier: GPL-3.0-or-later
// ByteQueue: blocks appended whole, taken whole when they fit (no copy), else in pieces.
#include "proxy/ByteQueue.h"

namespace signet::proxy {

void ByteQueue::append(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_blocks.append(bytes); // shared, not copied
    m_size += bytes.size();
}

QByteArray ByteQueue::take(qint64 max)
{
    const qint64 n = qMin(max, m_size);
    if (n <= 0)
        return {};
    if (m_offset == 0 && m_blocks.front().size() == n) {
        m_size -= n;
        return m_blocks.takeFirst();
    }
    QByteArray taken;
    taken.reserve(qsizetype(n));
    while (taken.size() < n) {
        const qsizetype part = qsizetype(qMin(frontSize(), n - taken.size()));
        taken.append(frontData(), part);
        consume(part);
    }
    return taken;
}

void ByteQueue::consume(qint64 n)
{
    m_offset += qsizetype(n);
    m_size -= n;
    if (m_offset >= m_blocks.front().size()) {
        m_blocks.removeFirst();
        m_offset = 0;
    }
    if (m_blocks.isEmpty())
        m_blocks = QList<QByteArray>(); // no list storage kept while idle
}

void ByteQueue::clear()
{
    m_blocks = QList<QByteArray>();
    m_offset = 0;
    m_size = 0;
}

} // namespace signet::proxy
