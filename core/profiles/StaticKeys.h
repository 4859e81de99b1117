// SPDX-License-Identifier: GPL-3.0-or-later
// StaticKeys: an access key pair on its way between the profile editor, the keychain and the signer.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "common/SecretString.h"

#include <QString>

namespace signet::profiles {

// The secret half never passes through a QString or a QJsonValue here: the keychain entry (the
// compact JSON {"accessKeyId":"…","secretAccessKey":"…"} that Signet has always written) is built and
// parsed byte by byte inside SecretString buffers.
struct StaticKeys final
{
    QString accessKeyId;
    SecretString secretAccessKey;

    bool isComplete() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }

    // The keychain entry.
    SecretString encode() const;
    // Error "credentials.bad-static-keys" when the entry is not a complete key pair.
    static Result<StaticKeys> decode(const SecretString &stored);
    // As the signer takes them; source "static-keys:keychain".
    aws::Credentials toCredentials() const;
};

} // namespace signet::profiles
