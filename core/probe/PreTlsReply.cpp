// SPDX-License-Identifier: GPL-3.0-or-later
// PreTlsReply: the MySQL greeting and PostgreSQL SSL answer, read without a socket.
#include "probe/PreTlsReply.h"

#include "wire/MySqlMessages.h"

#include <QtEndian>

namespace signet::probe {

namespace {

constexpr quint32 kMaxGreeting = 64 * 1024;

PreTlsReply finished(TlsOutcome::Kind kind, QString detail, QString serverVersion = {})
{
    PreTlsReply reply;
    reply.kind = PreTlsReply::Kind::Finished;
    reply.outcome.kind = kind;
    reply.outcome.detail = std::move(detail);
    reply.outcome.serverVersion = serverVersion;
    reply.serverVersion = std::move(serverVersion);
    return reply;
}

PreTlsReply readGreetingPayload(const QByteArray &payload)
{
    const quint8 protocol = quint8(payload[0]);
    if (protocol == 0xFF && payload.size() >= 3) {
        // An error packet instead of a greeting: too many connections, host blocked, …
        const int code = qFromLittleEndian<quint16>(payload.constData() + 1);
        QByteArray message = payload.mid(3);
        if (message.startsWith('#'))
            message = message.mid(6);
        PreTlsReply reply =
            finished(TlsOutcome::Kind::ServerError,
                     QStringLiteral("server error %1: %2").arg(code).arg(QString::fromUtf8(message)));
        reply.outcome.serverErrorCode = code;
        return reply;
    }
    const qsizetype versionEnd = payload.indexOf('\0', 1);
    // version NUL, 4 thread id, 8 scramble, 1 filler, 2 capability flags
    if (protocol != 10 || versionEnd < 0 || payload.size() < versionEnd + 1 + 4 + 8 + 1 + 2)
        return finished(
            TlsOutcome::Kind::NotTheEngine,
            QStringLiteral("the greeting is not MySQL protocol 10 (first byte %1)").arg(protocol));
    const QString version = QString::fromUtf8(payload.mid(1, versionEnd - 1));
    const quint16 capabilities = qFromLittleEndian<quint16>(payload.constData() + versionEnd + 1 + 4 + 8 + 1);
    if (!(capabilities & wire::mysql::Ssl))
        return finished(
            TlsOutcome::Kind::NoTlsOffered,
            QStringLiteral("the server greeting (%1) does not offer the SSL capability").arg(version),
            version);
    PreTlsReply reply;
    reply.kind = PreTlsReply::Kind::StartTls;
    reply.serverVersion = version;
    return reply;
}

} // namespace

PreTlsReply readMySqlGreeting(const QByteArray &buffered)
{
    if (buffered.size() < 4)
        return {};
    const quint32 length =
        quint32(quint8(buffered[0])) | quint32(quint8(buffered[1])) << 8 | quint32(quint8(buffered[2])) << 16;
    if (length == 0 || length > kMaxGreeting)
        return finished(TlsOutcome::Kind::NotTheEngine,
                        QStringLiteral("the first bytes are not a MySQL greeting packet"));
    if (quint32(buffered.size()) < 4 + length)
        return {};
    return readGreetingPayload(buffered.mid(4, length));
}

PreTlsReply readPostgresSslReply(QByteArrayView reply)
{
    if (reply.isEmpty())
        return {};
    if (reply.front() == 'S') {
        PreTlsReply out;
        out.kind = PreTlsReply::Kind::StartTls;
        return out;
    }
    if (reply.front() == 'N')
        return finished(TlsOutcome::Kind::NoTlsOffered,
                        QStringLiteral("the server answered 'N' to the SSL request"));
    return finished(TlsOutcome::Kind::NotTheEngine,
                    QStringLiteral("the server answered the SSL request with byte 0x%1, not 'S' or 'N'")
                        .arg(quint8(reply.front()), 2, 16, QLatin1Char('0')));
}

} // namespace signet::probe
