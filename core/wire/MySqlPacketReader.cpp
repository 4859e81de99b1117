// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlPacketReader: packet framing of the MySQL client/server protocol.
#include "wire/MySqlPacketReader.h"

namespace signet::wire {

void MySqlPacketReader::feed(QByteArrayView bytes)
{
    if (hasError())
        return;
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

std::optional<MySqlPacket> MySqlPacketReader::next()
{
    if (hasError() || buffered() < 4)
        return std::nullopt;
    const auto *head = reinterpret_cast<const uchar *>(m_buffer.constData() + m_offset);
    const qsizetype length = qsizetype(head[0]) | qsizetype(head[1]) << 8 | qsizetype(head[2]) << 16;
    if (length > m_maxPayload) {
        m_error =
            QStringLiteral("a packet of %1 bytes is over the %2-byte limit").arg(length).arg(m_maxPayload);
        m_buffer.clear();
        m_offset = 0;
        return std::nullopt;
    }
    if (buffered() < 4 + length)
        return std::nullopt;
    MySqlPacket packet;
    packet.sequence = head[3];
    packet.payload = m_buffer.mid(m_offset + 4, length);
    m_offset += 4 + length;
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > 65536) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    return packet;
}

QByteArray MySqlPacketReader::takeBuffered()
{
    QByteArray rest = m_buffer.mid(m_offset);
    m_buffer.clear();
    m_offset = 0;
    return rest;
}

QByteArray frameMySqlPacket(quint8 sequence, QByteArrayView payload)
{
    QByteArray packet;
    packet.reserve(4 + payload.size());
    const auto length = quint32(payload.size());
    packet.append(char(length & 0xFF));
    packet.append(char((length >> 8) & 0xFF));
    packet.append(char((length >> 16) & 0xFF));
    packet.append(char(sequence));
    packet.append(payload.data(), payload.size());
    return packet;
}

} // namespace signet::wire
