// SPDX-License-Identifier: GPL-3.0-or-later
// PgMessages: encoding and decoding of the PostgreSQL messages used during login and cancel.
#include "wire/PgMessages.h"

#include <QtEndian>

namespace signet::wire::pg {

namespace {

void appendBig32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

QByteArray untyped(const QByteArray &body)
{
    QByteArray out;
    appendBig32(out, quint32(body.size() + 4));
    return out + body;
}

} // namespace

QByteArray encodeMessage(char type, QByteArrayView body)
{
    QByteArray out;
    out.reserve(5 + body.size());
    out.append(type);
    appendBig32(out, quint32(body.size() + 4));
    out.append(body.data(), body.size());
    return out;
}

QByteArray encodeSslRequest()
{
    QByteArray body;
    appendBig32(body, SslRequestCode);
    return untyped(body);
}

QByteArray encodeCancelRequest(quint32 processId, quint32 secretKey)
{
    QByteArray body;
    appendBig32(body, CancelRequestCode);
    appendBig32(body, processId);
    appendBig32(body, secretKey);
    return untyped(body);
}

QByteArray encodeStartup(const QList<QPair<QByteArray, QByteArray>> &parameters)
{
    QByteArray body;
    appendBig32(body, ProtocolV3);
    for (const auto &[name, value] : parameters) {
        body.append(name).append('\0');
        body.append(value).append('\0');
    }
    body.append('\0');
    return untyped(body);
}

QByteArray encodePassword(QByteArrayView password)
{
    QByteArray body(password.data(), password.size());
    body.append('\0');
    return encodeMessage('p', body);
}

QByteArray encodeBackendKeyData(quint32 processId, quint32 secretKey)
{
    QByteArray body;
    appendBig32(body, processId);
    appendBig32(body, secretKey);
    return encodeMessage('K', body);
}

QByteArray encodeAuthOk()
{
    QByteArray body;
    appendBig32(body, AuthOk);
    return encodeMessage('R', body);
}

QByteArray encodeError(const ErrorFields &fields)
{
    QByteArray body;
    auto field = [&body](char code, const QByteArray &value) {
        if (value.isEmpty())
            return;
        body.append(code);
        body.append(QByteArray(value).replace('\0', ' '));
        body.append('\0');
    };
    field('S', fields.severity);
    field('V', fields.severity);
    field('C', fields.sqlState);
    field('M', fields.message.toUtf8());
    field('D', fields.detail.toUtf8());
    field('H', fields.hint.toUtf8());
    body.append('\0');
    return encodeMessage('E', body);
}

qint64 authCode(QByteArrayView body)
{
    if (body.size() < 4)
        return -1;
    return qint64(qFromBigEndian<quint32>(body.data()));
}

QMap<char, QByteArray> parseFields(QByteArrayView body)
{
    QMap<char, QByteArray> fields;
    qsizetype pos = 0;
    while (pos < body.size() && body[pos] != '\0') {
        const char code = body[pos];
        const qsizetype end = body.indexOf('\0', pos + 1);
        if (end < 0)
            break;
        fields.insert(code, QByteArray(body.data() + pos + 1, end - pos - 1));
        pos = end + 1;
    }
    return fields;
}

bool parseBackendKeyData(QByteArrayView body, quint32 &processId, quint32 &secretKey)
{
    if (body.size() != 8)
        return false;
    processId = qFromBigEndian<quint32>(body.data());
    secretKey = qFromBigEndian<quint32>(body.data() + 4);
    return true;
}

} // namespace signet::wire::pg
