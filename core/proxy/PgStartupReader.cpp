// SPDX-License-Identifier: GPL-3.0-or-later
// PgStartupReader: SSLRequest, GSSENCRequest, CancelRequest and StartupMessage from a byte stream.
#include "proxy/PgStartupReader.h"

#include "wire/PgMessages.h"

#include <QtEndian>

namespace signet::proxy {

namespace {

quint32 readBig32(const char *data)
{
    return qFromBigEndian<quint32>(data);
}

} // namespace

QByteArray PgStartupRequest::parameter(QByteArrayView name) const
{
    for (const auto &[key, value] : parameters) {
        if (key == name)
            return value;
    }
    return {};
}

void PgStartupReader::feed(QByteArrayView bytes)
{
    if (!hasError())
        m_buffer.append(bytes.data(), bytes.size());
}

std::optional<PgStartupRequest> PgStartupReader::fail(const QString &message)
{
    m_error = message;
    m_buffer.clear();
    return std::nullopt;
}

std::optional<PgStartupRequest> PgStartupReader::next()
{
    if (hasError() || m_buffer.size() < 8)
        return std::nullopt;
    const quint32 length = readBig32(m_buffer.constData());
    if (length < 8 || length > quint32(MaxLength))
        return fail(QStringLiteral("invalid startup packet length %1").arg(length));
    if (m_buffer.size() < qsizetype(length))
        return std::nullopt;
    const QByteArray body = m_buffer.mid(8, qsizetype(length) - 8);
    const quint32 code = readBig32(m_buffer.constData() + 4);
    m_buffer.remove(0, qsizetype(length));

    PgStartupRequest request;
    request.protocol = code;
    if (code == wire::pg::SslRequestCode || code == wire::pg::GssEncRequestCode) {
        if (length != 8)
            return fail(QStringLiteral("invalid length of an encryption request"));
        request.kind = code == wire::pg::SslRequestCode ? PgStartupRequest::Kind::SslRequest
                                                        : PgStartupRequest::Kind::GssEncRequest;
        return request;
    }
    if (code == wire::pg::CancelRequestCode) {
        if (length != 16)
            return fail(QStringLiteral("invalid length of a cancel request"));
        request.kind = PgStartupRequest::Kind::Cancel;
        request.processId = readBig32(body.constData());
        request.secretKey = readBig32(body.constData() + 4);
        return request;
    }
    if ((code >> 16) != 3)
        return fail(QStringLiteral("unsupported frontend protocol %1.%2 (Signet's proxy speaks 3.0)")
                        .arg(code >> 16)
                        .arg(code & 0xFFFF));
    // name NUL value NUL … NUL
    request.kind = PgStartupRequest::Kind::Startup;
    qsizetype pos = 0;
    while (true) {
        if (pos >= body.size())
            return fail(QStringLiteral("the startup packet does not end with a NUL"));
        if (body[pos] == '\0') {
            if (pos + 1 != body.size())
                return fail(QStringLiteral("bytes after the end of the startup packet"));
            break;
        }
        const qsizetype nameEnd = body.indexOf('\0', pos);
        if (nameEnd < 0)
            return fail(QStringLiteral("a startup parameter name without its NUL"));
        const qsizetype valueEnd = body.indexOf('\0', nameEnd + 1);
        if (valueEnd < 0)
            return fail(QStringLiteral("the startup parameter \"%1\" has no value")
                            .arg(QString::fromUtf8(body.mid(pos, nameEnd - pos)).left(64)));
        request.parameters.append(
            {body.mid(pos, nameEnd - pos), body.mid(nameEnd + 1, valueEnd - nameEnd - 1)});
        pos = valueEnd + 1;
    }
    return request;
}

QByteArray PgStartupReader::takeBuffered()
{
    QByteArray rest = m_buffer;
    m_buffer.clear();
    return rest;
}

} // namespace signet::proxy
