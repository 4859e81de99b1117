// SPDX-License-Identifier: GPL-3.0-or-later
// AuthToken: RDS IAM authentication tokens, byte-identical to botocore's generate_db_auth_token.
#include "token/AuthToken.h"

#include "aws/SigV4Request.h"
#include "aws/SigV4Signer.h"
#include "token/TokenChecks.h"

#include <openssl/crypto.h>

#include <algorithm>

namespace signet::token {

namespace {

Error tokenError(const char *code, QString message, QString hint)
{
    return makeError(QString::fromLatin1(code), std::move(message), std::move(hint));
}

std::optional<Error> validate(const QString &host, int port, const QString &region, const QString &dbUser,
                              const aws::Credentials &credentials, const QDateTime &signingTime,
                              int expiresIn)
{
    if (std::all_of(host.cbegin(), host.cend(), [](QChar c) { return c.isSpace(); }))
        return tokenError("token.empty-host", QStringLiteral("no database host name was given"),
                          QStringLiteral("pass the DB instance or cluster endpoint, e.g. "
                                         "mydb.abc123.eu-west-1.rds.amazonaws.com"));
    if (!checks::isHostName(host))
        return tokenError(
            "token.bad-host",
            QStringLiteral("host name \"%1\" contains characters a DNS name cannot have").arg(host),
            QStringLiteral("pass the bare endpoint name (letters, digits, '-', '.'), without "
                           "scheme, port, path or spaces"));
    if (port < 1 || port > 65535)
        return tokenError("token.bad-port", QStringLiteral("port %1 is outside 1-65535").arg(port),
                          QStringLiteral("pass the port the database listens on, e.g. 3306 or 5432"));
    if (region.isEmpty())
        return tokenError("token.empty-region", QStringLiteral("no AWS region was given"),
                          QStringLiteral("pass the region the database is in, e.g. us-east-1"));
    if (!std::all_of(region.cbegin(), region.cend(), checks::isRegionChar))
        return tokenError("token.bad-region", QStringLiteral("\"%1\" is not an AWS region name").arg(region),
                          QStringLiteral("pass a region such as us-east-1, cn-north-1 or us-gov-west-1"));
    if (dbUser.isEmpty())
        return tokenError("token.empty-user", QStringLiteral("no database user name was given"),
                          QStringLiteral("pass the database user that has IAM authentication enabled"));
    if (!dbUser.isValidUtf16())
        return tokenError(
            "token.bad-user", QStringLiteral("the database user name is not valid Unicode text"),
            QStringLiteral("retype the user name; it contains a broken (unpaired surrogate) character"));
    if (std::optional<Error> error = checks::checkSigningInputs(credentials, signingTime))
        return error;
    if (expiresIn < 1 || expiresIn > AuthToken::MaxExpiresIn)
        return tokenError(
            "token.bad-expiry",
            QStringLiteral("a token lifetime of %1 seconds is outside 1-900").arg(expiresIn),
            QStringLiteral("use a lifetime from 1 to 900 seconds; RDS accepts no longer tokens"));
    return std::nullopt;
}

// The Host header botocore signs: the host name lower-cased (urlsplit's hostname is always
// lower case), and the port unless it is 443, the default for the https:// botocore puts in
// front while signing.
QByteArray signedHostHeader(const QByteArray &host, int port)
{
    QByteArray value = aws::SigV4Request::lowerAscii(host);
    if (port != 443)
        value.append(':').append(QByteArray::number(port));
    return value;
}

Error malformed(const QString &what)
{
    return tokenError("token.malformed", QStringLiteral("this is not an RDS auth token: %1").arg(what),
                      QStringLiteral("paste the whole token, which looks like "
                                     "host:port/?Action=connect&DBUser=...&X-Amz-Signature=..."));
}

} // namespace

Result<AuthToken> AuthToken::generate(const QString &host, int port, const QString &region,
                                      const QString &dbUser, const aws::Credentials &credentials,
                                      const QDateTime &signingTime, int expiresIn)
{
    if (std::optional<Error> error =
            validate(host, port, region, dbUser, credentials, signingTime, expiresIn))
        return *error;

    const QByteArray hostBytes = host.toLatin1();
    aws::SigV4Request request;
    request.query.reserve(8);
    request.query.append({QByteArrayLiteral("Action"), QByteArrayLiteral("connect")});
    request.query.append({QByteArrayLiteral("DBUser"), dbUser.toUtf8()});
    request.headers.append({QByteArrayLiteral("host"), signedHostHeader(hostBytes, port)});

    const aws::SigV4Signer signer(region.toLatin1(), QByteArrayLiteral("rds-db"));
    Result<aws::SigV4Signature> signature = signer.presign(request, credentials, signingTime, expiresIn);
    if (!signature)
        return signature.error();

    // The URL keeps the host as given (case included) and always names the port.
    QByteArray text;
    const QByteArray &query = signature->presignedQuery;
    text.reserve(hostBytes.size() + 8 + query.size());
    text.append(hostBytes).append(':').append(QByteArray::number(port)).append("/?").append(query);

    AuthToken token;
    token.m_text = SecretString::adopt(std::move(text));
    OPENSSL_cleanse(signature->presignedQuery.data(), size_t(signature->presignedQuery.size()));
    // The canonical request carries the session token too.
    OPENSSL_cleanse(signature->canonicalRequest.data(), size_t(signature->canonicalRequest.size()));
    token.m_host = host;
    token.m_port = port;
    token.m_region = region;
    token.m_dbUser = dbUser;
    token.m_accessKeyId = credentials.accessKeyId;
    token.m_signedAt = checks::wholeSecondsUtc(signingTime);
    token.m_expiresIn = expiresIn;
    token.m_hasSessionToken = credentials.isTemporary();
    token.m_credentialsExpiration = credentials.expiration;
    return token;
}

Result<AuthToken> AuthToken::parse(const QString &tokenText)
{
    const QString trimmed = tokenText.trimmed();
    const qsizetype pathStart = trimmed.indexOf(QLatin1String("/?"));
    if (trimmed.isEmpty() || pathStart <= 0)
        return malformed(QStringLiteral("no \"host:port/?\" prefix"));
    const QString hostPort = trimmed.left(pathStart);
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return malformed(QStringLiteral("no port after the host name"));
    bool portOk = false;
    const int port = hostPort.mid(colon + 1).toInt(&portOk);
    if (!portOk || port < 1 || port > 65535)
        return malformed(QStringLiteral("the port is not a number from 1 to 65535"));
    // The host must be a DNS name or IPv4 address, as generate() requires: anything else (a pasted
    // run of query text with '&', '=' or '%') would otherwise be shown and logged as the "host",
    // session token included (a fuzz finding, tests/fuzz/fuzz_auth_token).
    const QStringView host = QStringView(hostPort).first(colon);
    if (!checks::isHostName(host))
        return malformed(QStringLiteral("the host is not a DNS name or IPv4 address"));

    const QHash<QByteArray, QString> parameters =
        checks::queryParameters(trimmed.mid(pathStart + 2).toUtf8());
    if (parameters.value("Action") != QLatin1String("connect"))
        return malformed(QStringLiteral("Action is not \"connect\""));
    const QString user = parameters.value("DBUser");
    if (user.isEmpty())
        return malformed(QStringLiteral("no DBUser"));
    Result<checks::PresignedParts> parts = checks::readPresignedParts(parameters, u"rds-db");
    if (!parts)
        return malformed(parts.error().message);

    AuthToken token;
    token.m_text = SecretString::fromUtf8(trimmed);
    token.m_host = hostPort.left(colon);
    token.m_port = port;
    token.m_dbUser = user;
    token.m_region = parts->region;
    token.m_accessKeyId = parts->accessKeyId;
    token.m_signedAt = parts->signedAt;
    token.m_expiresIn = parts->expiresIn;
    token.m_hasSessionToken = parts->hasSessionToken;
    return token;
}

AuthToken AuthToken::fromDsql(const DsqlToken &dsql, const QString &role, int port)
{
    AuthToken token;
    token.m_text = dsql.secretText();
    token.m_host = dsql.host();
    token.m_port = port;
    token.m_dbUser = role;
    token.m_region = dsql.region();
    token.m_accessKeyId = dsql.accessKeyId();
    token.m_signedAt = dsql.signedAt();
    token.m_credentialsExpiration = dsql.credentialsExpireAt();
    token.m_expiresIn = dsql.expiresIn();
    token.m_service = TokenService::Dsql;
    token.m_dsqlAction = dsql.action();
    token.m_hasSessionToken = dsql.hasSessionToken();
    return token;
}

QDateTime AuthToken::validUntil() const
{
    return checks::validUntil(expiresAt(), m_credentialsExpiration);
}

qint64 AuthToken::secondsLeft(const QDateTime &now) const
{
    if (isNull())
        return 0;
    return std::max<qint64>(0, now.secsTo(validUntil()));
}

QDebug operator<<(QDebug debug, const AuthToken &token)
{
    const QDebugStateSaver saver(debug);
    debug.noquote().nospace();
    if (token.isNull())
        return debug << "AuthToken(null)";
    if (token.isDsql())
        debug << "AuthToken(DSQL " << DsqlToken::actionName(token.dsqlAction()) << ' ';
    else
        debug << "AuthToken(";
    debug << token.dbUser() << '@' << token.host() << ':' << token.port() << ' ' << token.region()
          << ", expires " << token.validUntil().toString(Qt::ISODate);
    if (token.hasSessionToken())
        debug << ", temporary credentials";
    return debug << ", redacted)";
}

} // namespace signet::token
