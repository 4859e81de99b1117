// ProfileCredentialLookup: today's way from a profile to its credentials, behind the token-session
// model's CredentialLookup seam (to be answered by the profile services once they own it).
#pragma once

#include "token/TokenSessions.h"

namespace signet::profiles {
class SecretStore;
}

namespace signet::token {

// Static keys from the keychain (`secrets`, which must outlive the lookup), anything else from the
// credential chain over the process environment, checked against the profile's source.
TokenSessions::CredentialLookup profileCredentialLookup(profiles::SecretStore &secrets, const Clock &clock);

} // namespace signet::token
