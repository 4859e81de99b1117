// SPDX-License-Identifier: GPL-3.0-or-later
// Credentials: the AWS identity that signs a request.
#include "aws/Credentials.h"

namespace signet::aws {

QString Credentials::maskedAccessKeyId() const
{
    if (accessKeyId.isEmpty())
        return QStringLiteral("(none)");
    // Short ids reveal too much with 4 + 4 characters shown; show only the first few.
    if (accessKeyId.size() <= 8)
        return accessKeyId.left(qMin<qsizetype>(2, accessKeyId.size())) + QStringLiteral("…");
    return accessKeyId.left(4) + QStringLiteral("…") + accessKeyId.right(4);
}

Credentials Credentials::fromKeys(const QString &accessKeyId, const QString &secretAccessKey,
                                  const QString &sessionToken)
{
    Credentials credentials;
    credentials.accessKeyId = accessKeyId;
    credentials.secretAccessKey = SecretString::fromUtf8(secretAccessKey);
    credentials.sessionToken = SecretString::fromUtf8(sessionToken);
    return credentials;
}

QDebug operator<<(QDebug debug, const Credentials &credentials)
{
    const QDebugStateSaver saver(debug);
    debug.noquote().nospace() << "Credentials(" << credentials.maskedAccessKeyId();
    if (!credentials.source.isEmpty())
        debug << " from " << credentials.source;
    if (credentials.isTemporary())
        debug << ", temporary";
    if (credentials.expiration)
        debug << ", expires " << credentials.expiration->toUTC().toString(Qt::ISODate);
    debug << ", secret (redacted))";
    return debug;
}

} // namespace signet::aws
