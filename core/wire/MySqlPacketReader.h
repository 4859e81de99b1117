// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlPacketReader: splits a MySQL/MariaDB byte stream into packets; pure, incremental, no I/O.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace signet::wire {

struct MySqlPacket final
{
    quint8 sequence = 0;
    QByteArray payload;
};

// Bytes go in with feed() in any slicing; next() hands out each complete packet (3-byte
// little-endian length, 1-byte sequence id, payload). A packet longer than the limit is an error,
// which stops the reader for good: the caller closes that connection. A payload of exactly
// 0xFFFFFF bytes (a split large packet) is handed out as it is; joining is the caller's business.
class MySqlPacketReader final
{
public:
    static constexpr qsizetype MaxWirePayload = 0xFFFFFF;
    // What a login packet may take (a server greeting, an auth switch, OK/ERR, a handshake response):
    // a few hundred bytes in practice, so a peer announcing more is not worth buffering.
    static constexpr qsizetype MaxLoginPayload = 64 * 1024;

    explicit MySqlPacketReader(qsizetype maxPayload = MaxWirePayload)
        : m_maxPayload(maxPayload)
    {}

    void feed(QByteArrayView bytes);
    // The next complete packet, or nothing when more bytes are needed or after an error.
    std::optional<MySqlPacket> next();

    bool hasError() const { return !m_error.isEmpty(); }
    // "a packet of 20000000 bytes is over the 65536-byte limit".
    const QString &error() const { return m_error; }
    // Bytes received and not yet handed out (the start of the next packet).
    QByteArray takeBuffered();
    qsizetype buffered() const { return m_buffer.size() - m_offset; }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    qsizetype m_maxPayload;
    QString m_error;
};

// The 4-byte header and the payload as one packet on the wire (payload < 16 MiB).
QByteArray frameMySqlPacket(quint8 sequence, QByteArrayView payload);

} // namespace signet::wire
