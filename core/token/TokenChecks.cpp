// SPDX-License-Identifier: GPL-3.0-or-later
// TokenChecks: shared input checks and presigned-query reading for AuthToken and DsqlToken.
#include "token/TokenChecks.h"

#include "aws/UriEncoding.h"

#include <QStringList>
#include <QTimeZone>

#include <algorithm>

namespace signet::token::checks {

bool isHostChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
           u == '.' || u == '_';
}

bool isHostName(QStringView host)
{
    return !host.isEmpty() && std::all_of(host.cbegin(), host.cend(), isHostChar);
}

bool isRegionChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-';
}

bool isSignatureHex(QStringView text)
{
    return text.size() == 64 && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
               return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                      (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
           });
}

std::optional<Error> checkSigningInputs(const aws::Credentials &credentials, const QDateTime &signingTime)
{
    if (credentials.accessKeyId.isEmpty())
        return makeError(QStringLiteral("token.no-access-key"),
                         QStringLiteral("the AWS credentials have no access key id"),
                         QStringLiteral("configure AWS credentials (environment, ~/.aws/credentials, SSO) "
                                        "and try again"));
    if (credentials.secretAccessKey.isEmpty())
        return makeError(QStringLiteral("token.no-secret-key"),
                         QStringLiteral("the AWS credentials for %1 have no secret access key")
                             .arg(credentials.maskedAccessKeyId()),
                         QStringLiteral("configure complete AWS credentials and try again"));
    if (!signingTime.isValid())
        return makeError(QStringLiteral("token.bad-time"), QStringLiteral("the signing time is not valid"),
                         QStringLiteral("check the system clock"));
    return std::nullopt;
}

QDateTime wholeSecondsUtc(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return utc.addMSecs(-utc.time().msec());
}

QDateTime validUntil(const QDateTime &tokenEnd, const std::optional<QDateTime> &credentialsExpiration)
{
    if (credentialsExpiration && credentialsExpiration->isValid() && *credentialsExpiration < tokenEnd)
        return credentialsExpiration->toUTC();
    return tokenEnd;
}

QHash<QByteArray, QString> queryParameters(const QByteArray &query)
{
    QHash<QByteArray, QString> out;
    for (QByteArrayView pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView name = eq < 0 ? pair : pair.first(eq);
        out.insert(name.toByteArray(),
                   QString::fromUtf8(aws::uri::decoded(eq < 0 ? QByteArrayView() : pair.sliced(eq + 1))));
    }
    return out;
}

namespace {

Error problem(QString what)
{
    return makeError(QStringLiteral("token.malformed"), std::move(what));
}

} // namespace

Result<PresignedParts> readPresignedParts(const QHash<QByteArray, QString> &parameters, QStringView service)
{
    if (parameters.value("X-Amz-Algorithm") != QLatin1String("AWS4-HMAC-SHA256"))
        return problem(QStringLiteral("X-Amz-Algorithm is not AWS4-HMAC-SHA256"));
    const QStringList scope = parameters.value("X-Amz-Credential").split(QLatin1Char('/'));
    if (scope.size() != 5 || scope[0].isEmpty() || scope[3] != service ||
        scope[4] != QLatin1String("aws4_request"))
        return problem(
            QStringLiteral("X-Amz-Credential is not key/date/region/%1/aws4_request").arg(service));
    const QString date = parameters.value("X-Amz-Date");
    QDateTime signedAt = QDateTime::fromString(date, QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    signedAt.setTimeZone(QTimeZone::utc());
    if (!signedAt.isValid() || date.left(8) != scope[1])
        return problem(QStringLiteral("X-Amz-Date is missing or disagrees with the credential scope"));
    bool expiresOk = false;
    const int expires = parameters.value("X-Amz-Expires").toInt(&expiresOk);
    if (!expiresOk || expires < 1)
        return problem(QStringLiteral("X-Amz-Expires is missing or not a positive number"));
    if (parameters.value("X-Amz-SignedHeaders").isEmpty())
        return problem(QStringLiteral("no X-Amz-SignedHeaders"));
    if (!isSignatureHex(parameters.value("X-Amz-Signature")))
        return problem(QStringLiteral("X-Amz-Signature is not 64 hex digits"));
    PresignedParts parts;
    parts.accessKeyId = scope[0];
    parts.region = scope[2];
    parts.signedAt = signedAt;
    parts.expiresIn = expires;
    parts.hasSessionToken = !parameters.value("X-Amz-Security-Token").isEmpty();
    return parts;
}

} // namespace signet::token::checks
