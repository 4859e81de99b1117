// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileSigner: the credentials and the token for a saved profile; shared by the CLI and the GUI.
#pragma once

#include "aws/Credentials.h"
#include "aws/ResolvedCredentials.h"
#include "common/Result.h"
#include "profiles/ConnectionProfile.h"
#include "token/AuthToken.h"

namespace signet::profiles {

class ProfileSigner final
{
public:
    // Credentials come from the ProfileService (credentials(), tokenSigner()), which uses these two.
    // The profile name to give the credential chain: the AWS profile, or none for the environment.
    static QString chainProfile(const ConnectionProfile &profile);
    // What the chain found, checked against the profile's source (the environment means env keys).
    static Result<aws::ResolvedCredentials> acceptResolved(const ConnectionProfile &profile,
                                                           Result<aws::ResolvedCredentials> resolved);

    // Signs the profile engine's token (RDS or DSQL; expiresIn 0: the profile's tokenLifetime for
    // DSQL, else the default) for the profile's real endpoint and port (never the "connect via"
    // address). Expired credentials are refused with a hint to refresh them.
    static Result<token::AuthToken> sign(const ConnectionProfile &profile,
                                         const aws::Credentials &credentials, const QDateTime &now,
                                         int expiresIn = 0);

    // "AWS profile prod", "environment", "static keys (keychain)".
    static QString describeSource(const ConnectionProfile &profile);
};

} // namespace signet::profiles
