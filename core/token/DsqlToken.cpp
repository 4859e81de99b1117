// SPDX-License-Identifier: GPL-3.0-or-later
// DsqlToken: Aurora DSQL authentication tokens, byte-identical to npm @aws-sdk/dsql-signer.
#include "token/DsqlToken.h"

#include "aws/SigV4Request.h"
#include "aws/SigV4Signer.h"
#include "endpoint/Endpoint.h"
#include "token/TokenChecks.h"

#include <openssl/crypto.h>

#include <algorithm>

namespace signet::token {

namespace {

Error dsqlError(const char *code, QString message, QString hint)
{
    return makeError(QString::fromLatin1(code), std::move(message), std::move(hint));
}

std::optional<Error> validate(const QString &host, const aws::Credentials &credentials,
                              const QDateTime &signingTime, int expiresIn)
{
    if (std::all_of(host.cbegin(), host.cend(), [](QChar c) { return c.isSpace(); }))
        return dsqlError("token.empty-host", QStringLiteral("no DSQL cluster endpoint was given"),
                         QStringLiteral("pass the cluster endpoint, e.g. "
                                        "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"));
    if (!checks::isHostName(host))
        return dsqlError(
            "token.bad-host",
            QStringLiteral("host name \"%1\" contains characters a DNS name cannot have").arg(host),
            QStringLiteral("pass the bare endpoint name (letters, digits, '-', '.'), without "
                           "scheme, port, path or spaces"));
    if (std::optional<Error> error = checks::checkSigningInputs(credentials, signingTime))
        return error;
    if (expiresIn < 1 || expiresIn > DsqlToken::MaxExpiresIn)
        return dsqlError("token.bad-expiry",
                         QStringLiteral("a token lifetime of %1 seconds is outside 1-604800").arg(expiresIn),
                         QStringLiteral("use a lifetime from 1 second to 604800 seconds (one week); "
                                        "DSQL's default is 900"));
    return std::nullopt;
}

Error notADsqlToken(const QString &what)
{
    return dsqlError("token.malformed", QStringLiteral("this is not an Aurora DSQL auth token: %1").arg(what),
                     QStringLiteral("paste the whole token, which looks like "
                                    "host/?Action=DbConnect&X-Amz-Algorithm=...&X-Amz-Signature=..."));
}

} // namespace

DsqlAction DsqlToken::actionForRole(const QString &role)
{
    return role == QLatin1String("admin") ? DsqlAction::DbConnectAdmin : DsqlAction::DbConnect;
}

QString DsqlToken::actionName(DsqlAction action)
{
    return action == DsqlAction::DbConnectAdmin ? QStringLiteral("DbConnectAdmin")
                                                : QStringLiteral("DbConnect");
}

Result<DsqlToken> DsqlToken::generate(const QString &host, const QString &region, DsqlAction action,
                                      const aws::Credentials &credentials, const QDateTime &signingTime,
                                      int expiresIn)
{
    if (std::optional<Error> error = validate(host, credentials, signingTime, expiresIn))
        return *error;
    const Result<QString> signingRegion = resolveSigningRegion(host, region);
    if (!signingRegion)
        return signingRegion.error();

    const QByteArray hostBytes = aws::SigV4Request::lowerAscii(host.toLatin1());
    aws::SigV4Request request;
    request.query.reserve(8);
    request.query.append({QByteArrayLiteral("Action"), actionName(action).toLatin1()});
    request.headers.append({QByteArrayLiteral("host"), hostBytes});

    const aws::SigV4Signer signer(signingRegion->toLatin1(), QByteArrayLiteral("dsql"));
    Result<aws::SigV4Signature> signature = signer.presign(request, credentials, signingTime, expiresIn);
    if (!signature)
        return signature.error();

    // The JavaScript signer's layout: every parameter, the signature included, sorted by name
    // (the names are plain ASCII, so sorting the encoded pairs is sorting the names).
    QList<aws::SigV4Request::Pair> pairs = request.encodedQueryPairs();
    pairs.append({QByteArrayLiteral("X-Amz-Signature"), signature->signature});
    QByteArray query = aws::SigV4Request::joinQuery(pairs, /*sorted=*/true);
    QByteArray text;
    text.reserve(hostBytes.size() + 2 + query.size());
    text.append(hostBytes).append("/?").append(query);

    DsqlToken token;
    token.m_text = SecretString::adopt(std::move(text));
    // Everything below held the session token too.
    OPENSSL_cleanse(query.data(), size_t(query.size()));
    for (aws::SigV4Request::Pair &pair : pairs)
        OPENSSL_cleanse(pair.second.data(), size_t(pair.second.size()));
    for (aws::SigV4Request::Pair &pair : request.query)
        OPENSSL_cleanse(pair.second.data(), size_t(pair.second.size()));
    OPENSSL_cleanse(signature->presignedQuery.data(), size_t(signature->presignedQuery.size()));
    OPENSSL_cleanse(signature->canonicalRequest.data(), size_t(signature->canonicalRequest.size()));
    token.m_host = QString::fromLatin1(hostBytes);
    token.m_region = *signingRegion;
    token.m_action = action;
    token.m_accessKeyId = credentials.accessKeyId;
    token.m_signedAt = checks::wholeSecondsUtc(signingTime);
    token.m_expiresIn = expiresIn;
    token.m_hasSessionToken = credentials.isTemporary();
    token.m_credentialsExpiration = credentials.expiration;
    return token;
}

Result<DsqlToken> DsqlToken::parse(const QString &tokenText)
{
    const QString trimmed = tokenText.trimmed();
    const qsizetype pathStart = trimmed.indexOf(QLatin1String("/?"));
    if (trimmed.isEmpty() || pathStart <= 0)
        return notADsqlToken(QStringLiteral("no \"host/?\" prefix"));
    // The host must be a DNS name or IPv4 address, as generate() requires: anything else (a
    // pasted run of query text) would be shown and logged as the "host". A port means an RDS token.
    const QString host = trimmed.left(pathStart);
    if (host.contains(QLatin1Char(':')))
        return notADsqlToken(QStringLiteral("the host has a port, as RDS tokens do; DSQL tokens name none"));
    if (!checks::isHostName(host))
        return notADsqlToken(QStringLiteral("the host is not a DNS name or IPv4 address"));

    const QHash<QByteArray, QString> parameters =
        checks::queryParameters(trimmed.mid(pathStart + 2).toUtf8());
    const QString action = parameters.value("Action");
    if (action != actionName(DsqlAction::DbConnect) && action != actionName(DsqlAction::DbConnectAdmin))
        return notADsqlToken(QStringLiteral("Action is neither \"DbConnect\" nor \"DbConnectAdmin\""));
    Result<checks::PresignedParts> parts = checks::readPresignedParts(parameters, u"dsql");
    if (!parts)
        return notADsqlToken(parts.error().message);

    DsqlToken token;
    token.m_text = SecretString::fromUtf8(trimmed);
    token.m_host = host;
    token.m_region = parts->region;
    token.m_action =
        action == actionName(DsqlAction::DbConnectAdmin) ? DsqlAction::DbConnectAdmin : DsqlAction::DbConnect;
    token.m_accessKeyId = parts->accessKeyId;
    token.m_signedAt = parts->signedAt;
    token.m_expiresIn = parts->expiresIn;
    token.m_hasSessionToken = parts->hasSessionToken;
    return token;
}

QDateTime DsqlToken::validUntil() const
{
    return checks::validUntil(expiresAt(), m_credentialsExpiration);
}

qint64 DsqlToken::secondsLeft(const QDateTime &now) const
{
    if (isNull())
        return 0;
    return std::max<qint64>(0, now.secsTo(validUntil()));
}

QDebug operator<<(QDebug debug, const DsqlToken &token)
{
    const QDebugStateSaver saver(debug);
    debug.noquote().nospace();
    if (token.isNull())
        return debug << "DsqlToken(null)";
    debug << "DsqlToken(" << DsqlToken::actionName(token.action()) << '@' << token.host() << ' '
          << token.region() << ", expires " << token.validUntil().toString(Qt::ISODate);
    if (token.hasSessionToken())
        debug << ", temporary credentials";
    return debug << ", redacted)";
}

} // namespace signet::token
