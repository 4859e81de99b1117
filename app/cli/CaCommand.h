// SPDX-License-Identifier: GPL-3.0-or-later
// `signet ca list|update|show|verify`: the RDS CA bundles Signet keeps.
#pragma once

#include <QStringList>

namespace signet::cli {

int runCa(const QStringList &args);

} // namespace signet::cli
