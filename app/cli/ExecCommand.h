// SPDX-License-Identifier: GPL-3.0-or-later
// `signet exec`: run SQL (one statement or a script) over an IAM-authenticated, verified-TLS connection.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"

#include <QStringList>

namespace signet::cli {

enum class ExecFormat
{
    Table,
    Csv,
    Json,
};

int runExec(const QStringList &args);
// The part a `signet exec PROFILE` form calls once it has turned the profile into a DbTarget.
int execOnTarget(const db::DbTarget &target, const QString &sql, ExecFormat format,
                 const db::DbTokenSigner &signer = db::DbTokenSigner());

} // namespace signet::cli
