// SPDX-License-Identifier: GPL-3.0-or-later
// PgMessageReader: splits a PostgreSQL typed message stream (type, int32 length, body); pure.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace signet::proxy {

struct PgMessage final
{
    char type = 0;
    QByteArray body; // without the type byte and the length
};

// For the login phase, where messages are small: a length below 4 or above the limit is an error
// that stops the reader.
class PgMessageReader final
{
public:
    explicit PgMessageReader(qsizetype maxBody = 1 << 20)
        : m_maxBody(maxBody)
    {}

    void feed(QByteArrayView bytes);
    std::optional<PgMessage> next();

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    QByteArray takeBuffered();

private:
    QByteArray m_buffer;
    qsizetype m_maxBody;
    QString m_error;
};

} // namespace signet::proxy
