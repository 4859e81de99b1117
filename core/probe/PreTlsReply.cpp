// SPDX-License-Identifier: GPL-3.0-or-later
// PreTlsReply: the MySQL greeting and PostgreSQL SSL answer, read without a socket.
#include "probe/PreTlsReply.h"

#include "wire/MySqlMessages.h"
#include "wire/MySqlPacketReader.h"

namespace signet::probe {

namespace {

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

// The greeting's payload, read by the proxy's own codec (wire::mysql), with the check's verdicts.
PreTlsReply readGreetingPayload(QByteArrayView payload)
{
    const quint8 protocol = quint8(payload.front());
    if (protocol == 0xFF) {
        // An error packet instead of a greeting: too many connections, host blocked, …
        if (const auto error = wire::mysql::parseError(payload)) {
            PreTlsReply reply =
                finished(TlsOutcome::Kind::ServerError, QStringLiteral("server error %1: %2")
                                                            .arg(error->code)
                                                            .arg(QString::fromUtf8(error->message)));
            reply.outcome.serverErrorCode = error->code;
            return reply;
        }
    }
    const auto greeting = wire::mysql::parseGreeting(payload);
    if (!greeting)
        return finished(
            TlsOutcome::Kind::NotTheEngine,
            protocol == 10
                ? QStringLiteral("the server's protocol 10 greeting is cut short or malformed")
                : QStringLiteral("the greeting is not MySQL protocol 10 (first byte %1)").arg(protocol));
    const QString version = QString::fromUtf8(greeting->serverVersion);
    if (!(greeting->capabilities & wire::mysql::Ssl))
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
    // Framed by the proxy's reader, with its limit for login packets (64 KiB): a greeting is a few
    // hundred bytes, so a larger or empty first packet means another protocol is talking.
    wire::MySqlPacketReader reader(wire::MySqlPacketReader::MaxLoginPayload);
    reader.feed(buffered);
    const auto packet = reader.next();
    if (reader.hasError() || (packet && packet->payload.isEmpty()))
        return finished(TlsOutcome::Kind::NotTheEngine,
                        QStringLiteral("the first bytes are not a MySQL greeting packet"));
    if (!packet)
        return {};
    return readGreetingPayload(packet->payload);
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
