// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4Signer: signs a SigV4Request with an Authorization header or as a presigned query.
#pragma once

#include "aws/Credentials.h"
#include "aws/SigV4Request.h"
#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>

namespace signet::aws {

// Every intermediate step, so tests can compare each against published vectors.
struct SigV4Signature final
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    // Lower-case hex HMAC of the string to sign.
    QByteArray signature;
    // Header mode: the Authorization header value. Query mode: empty.
    QByteArray authorization;
    // Query mode: the full query string to send, in request order, ending in X-Amz-Signature.
    QByteArray presignedQuery;
};

class SigV4Signer final
{
public:
    SigV4Signer(QByteArray region, QByteArray service);

    const QByteArray &region() const { return m_region; }
    const QByteArray &service() const { return m_service; }

    // "20150830T123600Z" for the UTC time.
    static QByteArray amzDate(const QDateTime &time);
    // "20150830/us-east-1/service/aws4_request" for the date part (yyyyMMdd).
    QByteArray credentialScope(QByteArrayView date) const;
    static QByteArray stringToSign(QByteArrayView amzDate, QByteArrayView scope,
                                   QByteArrayView canonicalRequest);

    // Header mode. Adds X-Amz-Date (unless the request has X-Amz-Date or Date) and, for temporary
    // credentials, X-Amz-Security-Token (unless present), then signs every header of the request.
    Result<SigV4Signature> signHeaders(SigV4Request &request, const Credentials &credentials,
                                       const QDateTime &time) const;

    // Query mode, parameter for parameter as botocore's SigV4QueryAuth: appends X-Amz-Algorithm,
    // X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and (temporary credentials)
    // X-Amz-Security-Token to the query, signs, and returns the query with X-Amz-Signature last.
    Result<SigV4Signature> presign(SigV4Request &request, const Credentials &credentials,
                                   const QDateTime &time, int expiresIn) const;

private:
    Status checkInputs(const Credentials &credentials, const QDateTime &time) const;
    QByteArray signatureFor(const Credentials &credentials, QByteArrayView date,
                            QByteArrayView stringToSign) const;

    QByteArray m_region;
    QByteArray m_service;
};

} // namespace signet::aws
