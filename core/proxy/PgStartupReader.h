// SPDX-License-Identifier: GPL-3.0-or-later
// PgStartupReader: reads a PostgreSQL client's first messages (no type byte); pure, incremental.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace signet::proxy {

struct PgStartupRequest final
{
    enum class Kind
    {
        SslRequest,    // 80877103
        GssEncRequest, // 80877104
        Cancel,        // 80877102: processId, secretKey
        Startup,       // protocol 3.x: parameters
    };
    Kind kind = Kind::Startup;
    quint32 protocol = 0;
    quint32 processId = 0;
    quint32 secretKey = 0;
    // user, database, options, application_name … in the client's order.
    QList<QPair<QByteArray, QByteArray>> parameters;

    QByteArray parameter(QByteArrayView name) const;
};

// A client opens with an int32 length (itself included) and an int32 code. The reader hands out
// each request; anything else (a length out of range, an unknown code, parameters not ending in
// NUL NUL) is an error that stops it. Bytes after a StartupMessage stay in takeBuffered().
class PgStartupReader final
{
public:
    // PostgreSQL's own MAX_STARTUP_PACKET_LENGTH.
    static constexpr qsizetype MaxLength = 10000;

    void feed(QByteArrayView bytes);
    std::optional<PgStartupRequest> next();

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    QByteArray takeBuffered();
    // Bytes received and not yet handed out. After an SSLRequest there must be none: the client
    // waits for the answer, and bytes sent before the TLS handshake would be taken as encrypted.
    qsizetype buffered() const { return m_buffer.size(); }

private:
    std::optional<PgStartupRequest> fail(const QString &message);

    QByteArray m_buffer;
    QString m_error;
};

} // namespace signet::proxy
