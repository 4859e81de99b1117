// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlCommandScanner: watches a client's command stream after login for COM_CHANGE_USER; pure.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace signet::proxy {

// After login the proxy relays the client's bytes unchanged, except COM_CHANGE_USER, which needs a
// fresh token upstream. The scanner follows the packet headers only (a command starts a packet
// with sequence 0) and hands out either runs of bytes to forward as they are, or one whole
// COM_CHANGE_USER packet. Large packets stream through without being buffered.
class MySqlCommandScanner final
{
public:
    struct Event
    {
        enum class Kind
        {
            Forward,    // `bytes`: relay unchanged
            ChangeUser, // `bytes`: the COM_CHANGE_USER payload (command byte first)
        };
        Kind kind = Kind::Forward;
        QByteArray bytes;
    };

    static constexpr qsizetype MaxChangeUserPayload = 65536;

    void feed(QByteArrayView bytes);
    std::optional<Event> next();

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    QByteArray m_buffer;
    qsizetype m_inPacket = 0; // bytes of the current forwarded packet still to come
    QString m_error;
};

} // namespace signet::proxy
