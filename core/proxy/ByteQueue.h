// SPDX-License-Identifier: GPL-3.0-or-later
// ByteQueue: bytes kept as the blocks they arrived in, for UpstreamTls's receive and send sides.
#pragma once

#include <QByteArray>
#include <QList>

namespace signet::proxy {

// Bytes queued as the blocks they came in (no growing buffer to move bytes around in); one block
// taken whole is handed over without a copy.
class ByteQueue final
{
public:
    bool isEmpty() const { return m_size == 0; }
    qint64 size() const { return m_size; }
    void append(const QByteArray &bytes);
    // At most `max` bytes from the front.
    QByteArray take(qint64 max);
    // The front block's unsent part, and dropping `n` bytes of it once they went.
    const char *frontData() const { return m_blocks.front().constData() + m_offset; }
    qint64 frontSize() const { return m_blocks.front().size() - m_offset; }
    void consume(qint64 n);
    void clear();

private:
    QList<QByteArray> m_blocks;
    qsizetype m_offset = 0; // into the front block
    qint64 m_size = 0;
};

} // namespace signet::proxy
