// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4Signer: Signature Version 4 in header and query (presigned) mode.
#include "aws/SigV4Signer.h"

#include "aws/ByteWriter.h"
#include "aws/SigV4Crypto.h"
#include "aws/SigningKeyCache.h"

namespace signet::aws {

namespace {

constexpr QByteArrayView Algorithm = "AWS4-HMAC-SHA256";

} // namespace

SigV4Signer::SigV4Signer(QByteArray region, QByteArray service)
    : m_region(std::move(region))
    , m_service(std::move(service))
{}

QByteArray SigV4Signer::amzDate(const QDateTime &time)
{
    // By hand: QDateTime::toString parses its format string on every call. checkInputs() keeps
    // the year to four digits.
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    QByteArray out(16, Qt::Uninitialized);
    char *p = out.data();
    const auto put = [&p](int value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            p[i] = char('0' + value % 10);
            value /= 10;
        }
        p += digits;
    };
    put(d.year(), 4);
    put(d.month(), 2);
    put(d.day(), 2);
    *p++ = 'T';
    put(t.hour(), 2);
    put(t.minute(), 2);
    put(t.second(), 2);
    *p = 'Z';
    return out;
}

QByteArray SigV4Signer::credentialScope(QByteArrayView date) const
{
    QByteArray scope;
    scope.reserve(date.size() + m_region.size() + m_service.size() + 16);
    scope.append(date).append('/').append(m_region).append('/').append(m_service).append("/aws4_request");
    return scope;
}

QByteArray SigV4Signer::stringToSign(QByteArrayView amzDate, QByteArrayView scope,
                                     QByteArrayView canonicalRequest)
{
    QByteArray sts;
    {
        ByteWriter writer(sts, Algorithm.size() + amzDate.size() + scope.size() + 67);
        writer.put(Algorithm).put('\n').put(amzDate).put('\n').put(scope).put('\n');
        writer.putHex(crypto::sha256(canonicalRequest));
    }
    return sts;
}

Status SigV4Signer::checkInputs(const Credentials &credentials, const QDateTime &time) const
{
    if (credentials.accessKeyId.isEmpty() || credentials.secretAccessKey.isEmpty())
        return makeError(QStringLiteral("sigv4.no-credentials"),
                         QStringLiteral("the AWS credentials have no access key id or no secret access key"),
                         QStringLiteral("configure credentials (environment, ~/.aws/credentials or SSO) "
                                        "that include both keys"));
    if (m_region.isEmpty() || m_service.isEmpty())
        return makeError(QStringLiteral("sigv4.no-scope"), QStringLiteral("no region or service to sign for"),
                         QStringLiteral("pass the AWS region, e.g. us-east-1"));
    if (!time.isValid())
        return makeError(QStringLiteral("sigv4.bad-time"), QStringLiteral("the signing time is not valid"));
    const int year = time.toUTC().date().year();
    if (year < 1000 || year > 9999)
        return makeError(QStringLiteral("sigv4.bad-time"),
                         QStringLiteral("the signing time is outside the years 1000-9999"),
                         QStringLiteral("check the system clock"));
    return Unit{};
}

QByteArray SigV4Signer::signatureFor(const Credentials &credentials, QByteArrayView date,
                                     QByteArrayView stringToSign) const
{
    crypto::Digest key =
        SigningKeyCache::instance().signingKey(credentials.secretAccessKey, date, m_region, m_service);
    const QByteArray signature = crypto::toHex(crypto::hmacSha256(key, stringToSign));
    crypto::cleanse(key);
    return signature;
}

Result<SigV4Signature> SigV4Signer::signHeaders(SigV4Request &request, const Credentials &credentials,
                                                const QDateTime &time) const
{
    if (Status ok = checkInputs(credentials, time); !ok)
        return ok.error();
    const QByteArray stamp = amzDate(time);
    if (!request.hasHeader("X-Amz-Date") && !request.hasHeader("Date"))
        request.setHeader("X-Amz-Date", stamp);
    if (credentials.isTemporary() && !request.hasHeader("X-Amz-Security-Token"))
        request.setHeader("X-Amz-Security-Token", credentials.sessionToken.reveal());

    const QByteArrayView date = QByteArrayView(stamp).first(8);
    SigV4Signature out;
    out.canonicalRequest = request.canonicalRequest();
    const QByteArray scope = credentialScope(date);
    out.stringToSign = stringToSign(stamp, scope, out.canonicalRequest);
    out.signature = signatureFor(credentials, date, out.stringToSign);
    out.authorization = Algorithm.toByteArray() + " Credential=" + credentials.accessKeyId.toUtf8() + '/' +
                        scope + ", SignedHeaders=" + request.signedHeaders() + ", Signature=" + out.signature;
    return out;
}

Result<SigV4Signature> SigV4Signer::presign(SigV4Request &request, const Credentials &credentials,
                                            const QDateTime &time, int expiresIn) const
{
    if (Status ok = checkInputs(credentials, time); !ok)
        return ok.error();
    if (expiresIn < 1)
        return makeError(QStringLiteral("sigv4.bad-expiry"),
                         QStringLiteral("a presigned request must be valid for at least 1 second"));
    const QByteArray stamp = amzDate(time);
    const QByteArrayView date = QByteArrayView(stamp).first(8);
    const QByteArray scope = credentialScope(date);

    request.query.append({QByteArrayLiteral("X-Amz-Algorithm"), QByteArrayLiteral("AWS4-HMAC-SHA256")});
    request.query.append(
        {QByteArrayLiteral("X-Amz-Credential"), credentials.accessKeyId.toUtf8() + '/' + scope});
    request.query.append({QByteArrayLiteral("X-Amz-Date"), stamp});
    request.query.append({QByteArrayLiteral("X-Amz-Expires"), QByteArray::number(expiresIn)});
    request.query.append({QByteArrayLiteral("X-Amz-SignedHeaders"), request.signedHeaders()});
    if (credentials.isTemporary())
        request.query.append({QByteArrayLiteral("X-Amz-Security-Token"), credentials.sessionToken.reveal()});

    SigV4Signature out;
    const QList<SigV4Request::Pair> encodedPairs = request.encodedQueryPairs();
    out.canonicalRequest = request.canonicalRequest(encodedPairs);
    out.stringToSign = stringToSign(stamp, scope, out.canonicalRequest);
    out.signature = signatureFor(credentials, date, out.stringToSign);
    out.presignedQuery = SigV4Request::joinQuery(encodedPairs, /*sorted=*/false);
    {
        ByteWriter writer(out.presignedQuery, 17 + out.signature.size());
        writer.put("&X-Amz-Signature=").put(out.signature);
    }
    return out;
}

} // namespace signet::aws
