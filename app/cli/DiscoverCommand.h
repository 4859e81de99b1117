// SPDX-License-Identifier: GPL-3.0-or-later
// `signet discover`: the RDS databases an AWS identity can see, per region, and their import as profiles.
#pragma once

#include <QStringList>

namespace signet::cli {

int runDiscover(const QStringList &args);

} // namespace signet::cli
