// `signet check`: reachability, TLS and credential checks with a verdict per step.
#pragma once

#include "db/DbTokenSigner.h"
#include "probe/ProbeTarget.h"

#include <QStringList>

namespace signet::cli {

int runCheck(const QStringList &args);
// Runs the check on a ready target and prints it (the PROFILE form maps a profile and calls this).
// The login step signs with `signer` and runs SELECT 1 through a DbSession.
int runCheckTarget(const probe::ProbeTarget &target, bool json,
                   const db::DbTokenSigner &signer = db::DbTokenSigner());

} // namespace signet::cli
