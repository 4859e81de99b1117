// `signet profiles`: list, show, add, edit, remove, import and export saved connection profiles.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "profiles/ConnectionProfile.h"

#include <QStringList>

namespace signet::cli {

int runProfiles(const QStringList &args);

// Loads the profile store and finds PROFILE (a name or an id); shared with `signet token PROFILE`.
Result<profiles::ConnectionProfile> loadProfile(const QString &nameOrId);
// The profile's credentials, reading static keys from the keychain (waiting with a timeout).
Result<aws::Credentials> profileCredentials(const profiles::ConnectionProfile &profile);

} // namespace signet::cli
