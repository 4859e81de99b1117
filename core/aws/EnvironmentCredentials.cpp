// SPDX-License-Identifier: GPL-3.0-or-later
// EnvironmentCredentials: the environment provider.
#include "aws/EnvironmentCredentials.h"

namespace signet::aws {

Result<std::optional<ResolvedCredentials>> credentialsFromEnvironment(const QProcessEnvironment &env)
{
    using Maybe = std::optional<ResolvedCredentials>;
    const QString accessKey = env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    // As botocore: no access key id means the environment has no credentials, whatever else is set.
    if (accessKey.isEmpty())
        return Maybe{};
    const QString secret = env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    if (secret.isEmpty())
        return makeError(QStringLiteral("credentials.partial"),
                         QStringLiteral("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
                         QStringLiteral("Export AWS_SECRET_ACCESS_KEY as well, or unset AWS_ACCESS_KEY_ID."));
    QString token = env.value(QStringLiteral("AWS_SESSION_TOKEN"));
    if (token.isEmpty())
        token = env.value(QStringLiteral("AWS_SECURITY_TOKEN"));
    ResolvedCredentials out;
    out.credentials = Credentials::fromKeys(accessKey, secret, token);
    const QString expiryText = env.value(QStringLiteral("AWS_CREDENTIAL_EXPIRATION"));
    if (!expiryText.isEmpty()) {
        QDateTime expiry = QDateTime::fromString(expiryText, Qt::ISODateWithMs);
        if (!expiry.isValid())
            return makeError(
                QStringLiteral("credentials.bad-expiration"),
                QStringLiteral("AWS_CREDENTIAL_EXPIRATION \"%1\" is not an ISO 8601 time").arg(expiryText),
                QStringLiteral("Use a form such as 2026-11-21T15:00:00Z, or unset it."));
        out.credentials.expiration = expiry.toUTC();
    }
    out.credentials.source = QStringLiteral("environment");
    out.provider = QStringLiteral("env");
    return Maybe{std::move(out)};
}

} // namespace signet::aws
