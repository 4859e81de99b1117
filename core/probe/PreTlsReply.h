// SPDX-License-Identifier: GPL-3.0-or-later
// PreTlsReply: what the check makes of a server's bytes before TLS (MySQL's greeting, PostgreSQL's
// answer to the SSLRequest), apart from the socket so that any bytes can be fed to it (tests, fuzzing).
#pragma once

#include "probe/WireTlsSession.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace signet::probe {

struct PreTlsReply final
{
    enum class Kind
    {
        NeedMore, // not enough bytes yet
        StartTls, // the server offers TLS: send the engine's SSL request (MySQL) and handshake
        Finished, // `outcome` is the verdict
    };
    Kind kind = Kind::NeedMore;
    TlsOutcome outcome;
    QString serverVersion; // MySQL: the greeting's version string, once read
};

// Everything a MySQL server sent so far: one packet header and the protocol-10 greeting (or an
// error packet). Packets longer than 64 KiB are not a greeting.
PreTlsReply readMySqlGreeting(const QByteArray &buffered);
// The bytes after PostgreSQL's SSLRequest: 'S' or 'N' (only the first byte is read; what follows
// belongs to the TLS handshake).
PreTlsReply readPostgresSslReply(QByteArrayView reply);

} // namespace signet::probe
