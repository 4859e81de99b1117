// `signet check`: reachability, TLS and credential checks with a verdict per step.
#pragma once

#include "probe/ProbeTarget.h"

#include <QStringList>

namespace signet::cli {

int runCheck(const QStringList &args);
// Runs the check on a ready target and prints it (the PROFILE form maps a profile and calls this).
int runCheckTarget(const probe::ProbeTarget &target, bool json);

} // namespace signet::cli
