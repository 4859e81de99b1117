// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlCommandScanner: packet-header tracking of a client's command stream.
#include "proxy/MySqlCommandScanner.h"

#include "wire/MySqlMessages.h"

namespace signet::proxy {

void MySqlCommandScanner::feed(QByteArrayView bytes)
{
    if (!hasError())
        m_buffer.append(bytes.data(), bytes.size());
}

std::optional<MySqlCommandScanner::Event> MySqlCommandScanner::next()
{
    if (hasError())
        return std::nullopt;
    qsizetype pos = 0; // bytes of m_buffer that belong to the Forward event being built
    while (pos < m_buffer.size()) {
        if (m_inPacket > 0) {
            const qsizetype take = qMin(m_inPacket, m_buffer.size() - pos);
            pos += take;
            m_inPacket -= take;
            continue;
        }
        if (m_buffer.size() - pos < 4)
            break;
        const auto *head = reinterpret_cast<const uchar *>(m_buffer.constData() + pos);
        const qsizetype length = qsizetype(head[0]) | qsizetype(head[1]) << 8 | qsizetype(head[2]) << 16;
        const bool command = head[3] == 0 && length > 0;
        if (command && m_buffer.size() - pos < 5)
            break;
        if (command && head[4] == wire::mysql::ComChangeUser) {
            if (pos > 0)
                break; // hand out what comes before first
            if (length > MaxChangeUserPayload) {
                m_error = QStringLiteral("a COM_CHANGE_USER packet of %1 bytes is over the %2-byte limit")
                              .arg(length)
                              .arg(MaxChangeUserPayload);
                m_buffer.clear();
                return std::nullopt;
            }
            if (m_buffer.size() < 4 + length)
                return std::nullopt;
            Event event{Event::Kind::ChangeUser, m_buffer.mid(4, length)};
            m_buffer.remove(0, 4 + length);
            return event;
        }
        pos += 4;
        m_inPacket = length;
    }
    if (pos == 0)
        return std::nullopt;
    Event event{Event::Kind::Forward, m_buffer.left(pos)};
    m_buffer.remove(0, pos);
    return event;
}

} // namespace signet::proxy
