// SPDX-License-Identifier: GPL-3.0-or-later
// A profile's credentials for the token sessions, through the ProfileService.
#include "token/ProfileCredentialLookup.h"

#include "profiles/ProfileService.h"

namespace signet::token {

using profiles::ConnectionProfile;

TokenSessions::CredentialLookup profileCredentialLookup(profiles::ProfileService &profiles,
                                                        const Clock &clock)
{
    return [&profiles, &clock](const ConnectionProfile &profile, const aws::MfaPrompt &mfaPrompt,
                               QObject *context, aws::ResultCallback<aws::ResolvedCredentials> done) {
        aws::CredentialChainOptions options;
        options.clock = &clock;
        options.mfaPrompt = mfaPrompt;
        profiles.credentials(profile, options)
            .then(context, [done](Result<aws::ResolvedCredentials> resolved) { done(std::move(resolved)); });
    };
}

} // namespace signet::token
