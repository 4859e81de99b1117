// SPDX-License-Identifier: GPL-3.0-or-later
// ResolvedCredentials: credentials plus which provider, profile and file produced them.
#pragma once

#include "aws/Credentials.h"

#include <functional>

namespace signet::aws {

struct ResolvedCredentials final
{
    Credentials credentials;
    // botocore's method name: "env", "assume-role", "assume-role-with-web-identity", "sso",
    // "shared-credentials-file", "custom-process", "config-file", "container-role", "iam-role".
    QString provider;
    // The profile whose settings won (empty for the environment, container and IMDS).
    QString profile;
    // The file that profile came from, when one did.
    QString file;
    // Known without a network call for assume-role and SSO; otherwise empty.
    QString accountId;
    QString arn;
};

// The provider of a Signet profile's static keys, read from the keychain (not a botocore method).
inline QString keychainProvider()
{
    return QStringLiteral("keychain");
}

} // namespace signet::aws
