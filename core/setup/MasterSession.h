// SPDX-License-Identifier: GPL-3.0-or-later
// MasterSession: the setup assistant's short sessions as the master user (password login, verified TLS).
#pragma once

#include "common/Result.h"
#include "common/SecretString.h"
#include "db/DbTarget.h"

#include <QFuture>
#include <QStringList>

namespace signet::setup {

// What iamUserLookupSql() answered.
struct UserLookup final
{
    bool exists = false;
    bool isIam = false;
    // Only asked when the user exists and a grant query was given.
    bool hasGrant = false;
};

// Each call opens its own connection on the thread pool with the family's TLS rules (the password
// leaves only over verified TLS), does its work and closes it; the future finishes on the thread
// that watches it. The password is not kept after the call.
class MasterSession final
{
public:
    // Runs `userSql` (one row: exists, is_iam), then for an existing user `grantSql` (one row:
    // granted) unless it is empty.
    static QFuture<Result<UserLookup>> lookupUser(db::DbTarget target, SecretString password, QString userSql,
                                                  QString grantSql = {});
    // Runs the statements in order, stopping at the first failure; answers how many ran.
    static QFuture<Result<int>> run(db::DbTarget target, SecretString password, QStringList statements);
};

} // namespace signet::setup
