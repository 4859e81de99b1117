// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileSession: a saved profile opened for one CLI command, through ProfileService.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "db/DbTokenSigner.h"
#include "profiles/ConnectionProfile.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "tunnel/TunnelManager.h"

#include <QString>

#include <optional>

namespace signet::cli {

// A saved profile opened for a database command (exec, proxy): where to connect and how to sign.
struct DbProfile final
{
    profiles::ConnectionProfile profile;
    db::DbTarget target;
    db::DbTokenSigner signer;
};

// The profile store, the keychain and the ProfileService over both, alive for the whole command.
// Every `COMMAND PROFILE` form (token, exec, check, launch, proxy) and `profiles add/edit/remove`
// reach a profile's targets, credentials and signer through it, never around the service.
class ProfileSession final
{
public:
    ProfileSession();
    // Closes the tunnels and waits a moment for SSM sessions to be terminated.
    ~ProfileSession();
    Q_DISABLE_COPY_MOVE(ProfileSession)

    // Loads the profile file and finds PROFILE (a name or an id).
    Result<profiles::ConnectionProfile> find(const QString &nameOrId);
    // find(), or "signet COMMAND: <why>" printed and *exitCode set (2 for an unknown or ambiguous
    // name, else 1).
    std::optional<profiles::ConnectionProfile> findOrReport(const QString &command, const QString &nameOrId,
                                                            int *exitCode);
    // findOrReport(), then the profile's DbTarget (through its tunnel when its route has one) and
    // signer, each failure reported the same way.
    std::optional<DbProfile> openForDatabase(const QString &command, const QString &nameOrId, int *exitCode);
    // The profile's credentials (static keys from the keychain; other sources through the chain,
    // which may wait for an SSO sign-in or an MFA code).
    Result<aws::Credentials> credentials(const profiles::ConnectionProfile &profile);
    // The signer a DbSession for the profile uses.
    Result<db::DbTokenSigner> tokenSigner(const profiles::ConnectionProfile &profile);

    // Opens the profile's tunnel when its route needs one (waiting here, which only the CLI may) and
    // points `endpoint`'s via at its local end; the token and TLS stay with the endpoint's name.
    // Without a tunnel route it changes nothing. `elapsedMs` gets how long the tunnel took to open.
    Status routeThrough(const profiles::ConnectionProfile &profile, Endpoint &endpoint, int localPort = 0,
                        qint64 *elapsedMs = nullptr);

    profiles::ProfileStore store;
    profiles::KeychainSecretStore secrets;
    profiles::ProfileService service{store, secrets};
    // Closed when the command ends.
    tunnel::TunnelManager tunnels;
};

// The exit code after find() failed: an unknown or ambiguous name is a usage error (2).
int profileLookupExitCode(const Error &error);
// "unexpected argument PROFILE next to --OPTION", for the `COMMAND PROFILE` forms.
Error profileConflict(const QString &command, const QString &profile, const QString &option);

} // namespace signet::cli
