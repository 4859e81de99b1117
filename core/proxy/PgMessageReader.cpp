// SPDX-License-Identifier: GPL-3.0-or-later
// PgMessageReader: message framing of the PostgreSQL v3 protocol.
#include "proxy/PgMessageReader.h"

#include <QtEndian>

namespace signet::proxy {

void PgMessageReader::feed(QByteArrayView bytes)
{
    if (!hasError())
        m_buffer.append(bytes.data(), bytes.size());
}

std::optional<PgMessage> PgMessageReader::next()
{
    if (hasError() || m_buffer.size() < 5)
        return std::nullopt;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + 1);
    if (length < 4 || qint64(length) - 4 > m_maxBody) {
        m_error = QStringLiteral("a message of type '%1' with length %2 (limit %3)")
                      .arg(QChar::fromLatin1(m_buffer[0] >= 32 && m_buffer[0] < 127 ? m_buffer[0] : '?'))
                      .arg(length)
                      .arg(m_maxBody + 4);
        m_buffer.clear();
        return std::nullopt;
    }
    if (m_buffer.size() < 1 + qsizetype(length))
        return std::nullopt;
    PgMessage message;
    message.type = m_buffer[0];
    message.body = m_buffer.mid(5, qsizetype(length) - 4);
    m_buffer.remove(0, 1 + qsizetype(length));
    return message;
}

QByteArray PgMessageReader::takeBuffered()
{
    QByteArray rest = m_buffer;
    m_buffer.clear();
    return rest;
}

} // namespace signet::proxy
