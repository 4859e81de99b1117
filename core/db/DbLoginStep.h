// SPDX-License-Identifier: GPL-3.0-or-later
// DbLoginStep: the check's last step — a real login with a fresh token and `SELECT 1` via DbSession.
#pragma once

#include "db/DbTokenSigner.h"
#include "probe/ProbeOptions.h"

namespace signet::db {

class DbLoginStep final
{
public:
    // A login function for ProbeOptions::login. The target's CA (a stored bundle id or a PEM file,
    // empty for the global bundle) is resolved in `caStoreDirectory` (empty: the default store). The
    // session is given `timeoutMs` to connect and answer; a refusal is reported with the server's
    // words so the probe's ErrorExplainer can turn it into a checklist.
    static probe::LoginFunction make(DbTokenSigner signer = DbTokenSigner(), QString caStoreDirectory = {},
                                     int timeoutMs = 12000);

    // The DbTarget the login uses for a probe target (CA already resolved to a file).
    static DbTarget toDbTarget(const probe::ProbeTarget &target, const QString &caFile);
};

} // namespace signet::db
