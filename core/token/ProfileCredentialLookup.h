// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileCredentialLookup: the token-session model's CredentialLookup seam, answered by the profile
// services (the one owner of a profile's credentials and the keychain).
#pragma once

#include "token/TokenSessions.h"

namespace signet::profiles {
class ProfileService;
}

namespace signet::token {

// ProfileService::credentials() with the clock and the MFA prompt of the sessions; `profiles` must
// outlive the lookup.
TokenSessions::CredentialLookup profileCredentialLookup(profiles::ProfileService &profiles,
                                                        const Clock &clock);

} // namespace signet::token
