// `signet profiles`: list, show, add, edit, remove, import and export saved connection profiles.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "db/DbTokenSigner.h"
#include "profiles/ConnectionProfile.h"

#include <QStringList>

namespace signet::cli {

int runProfiles(const QStringList &args);

// Loads the profile store and finds PROFILE (a name or an id); shared with `signet token PROFILE`.
Result<profiles::ConnectionProfile> loadProfile(const QString &nameOrId);
// The exit code after loadProfile() failed: an unknown or ambiguous name is a usage error (2).
int profileLookupExitCode(const Error &error);
// "unexpected argument PROFILE next to --OPTION", for the `COMMAND PROFILE` forms.
Error profileConflict(const QString &command, const QString &profile, const QString &option);
// The profile's credentials, reading static keys from the keychain (waiting with a timeout).
Result<aws::Credentials> profileCredentials(const profiles::ConnectionProfile &profile);
// The signer a DbSession for the profile uses (`exec PROFILE`, `check PROFILE`): static keys are read
// from the keychain first, other sources resolve when the session signs.
Result<db::DbTokenSigner> profileTokenSigner(const profiles::ConnectionProfile &profile);

} // namespace signet::cli
