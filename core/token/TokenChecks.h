// SPDX-License-Identifier: GPL-3.0-or-later
// TokenChecks: the input checks and token-text reading that RDS and DSQL tokens share.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringView>

#include <optional>

namespace signet::token::checks {

// Letters, digits, '-', '.', '_': a DNS name or an IPv4 address, nothing that could smuggle query
// text (or a session token) into what is shown as the "host".
bool isHostChar(QChar c);
bool isHostName(QStringView host);
// Lower-case letters, digits and '-'.
bool isRegionChar(QChar c);
// 64 lower-case hex digits: an X-Amz-Signature.
bool isSignatureHex(QStringView text);

// The credential and clock checks of every signer ("token.no-access-key", "token.no-secret-key",
// "token.bad-time"); messages name the masked key id, never a secret.
std::optional<Error> checkSigningInputs(const aws::Credentials &credentials, const QDateTime &signingTime);

// X-Amz-Date has whole seconds; so does everything derived from it.
QDateTime wholeSecondsUtc(const QDateTime &time);

// The earlier of the token's end and the credentials' expiry (when known and valid), in UTC.
QDateTime validUntil(const QDateTime &tokenEnd, const std::optional<QDateTime> &credentialsExpiration);

// The parameters of a presigned query ("a=1&b=x%2Fy"), percent-decoded; a repeated name keeps
// its last value.
QHash<QByteArray, QString> queryParameters(const QByteArray &query);

// The X-Amz-* parameters every presigned token has, read and checked against the service.
struct PresignedParts final
{
    QString accessKeyId;
    QString region;
    QDateTime signedAt;
    int expiresIn = 0;
    bool hasSessionToken = false;
};
// An error's message says what is wrong in words ("X-Amz-Signature is not 64 hex digits"), for
// the caller to wrap in its own "this is not a ... token" error.
Result<PresignedParts> readPresignedParts(const QHash<QByteArray, QString> &parameters, QStringView service);

} // namespace signet::token::checks
