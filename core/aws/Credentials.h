// SPDX-License-Identifier: GPL-3.0-or-later
// Credentials: the AWS identity that signs a request, as produced by one credential provider.
#pragma once

#include "common/SecretString.h"

#include <QDateTime>
#include <QDebug>
#include <QString>

#include <optional>

namespace signet::aws {

struct Credentials final
{
    QString accessKeyId;
    SecretString secretAccessKey;
    // Empty for long-term (IAM user) keys.
    SecretString sessionToken;
    // When temporary credentials stop working; unset for long-term keys.
    std::optional<QDateTime> expiration;
    // Which provider produced them: "environment", "shared-credentials-file:default", ...
    QString source;

    bool isTemporary() const { return !sessionToken.isEmpty(); }
    // Both halves of the key pair are present.
    bool isComplete() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
    // "AKIA…WXYZ": enough to tell keys apart in logs, not enough to use them.
    QString maskedAccessKeyId() const;

    // A key pair (and session token, may be empty) from text, the secrets moved into SecretStrings.
    static Credentials fromKeys(const QString &accessKeyId, const QString &secretAccessKey,
                                const QString &sessionToken);
};

// Prints the masked key id, the source and the expiry; never a secret.
QDebug operator<<(QDebug debug, const Credentials &credentials);

} // namespace signet::aws
