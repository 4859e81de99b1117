// SPDX-License-Identifier: GPL-3.0-or-later
// `signet check`: reachability, TLS and credential checks with a verdict per step.
#pragma once

#include "probe/ProbeOptions.h"
#include "probe/ProbeTarget.h"

#include <QStringList>

namespace signet::cli {

int runCheck(const QStringList &args);
// Runs the check on a ready target and prints it (the PROFILE form maps a profile and calls this).
// `options` carries the credentials step and the login (SELECT 1 through a DbSession).
int runCheckTarget(const probe::ProbeTarget &target, bool json, probe::ProbeOptions options);

} // namespace signet::cli
