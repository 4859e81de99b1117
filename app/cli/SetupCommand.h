// SPDX-License-Identifier: GPL-3.0-or-later
// `signet setup`: the setup assistant on the command line (preview, or --apply with confirmation).
#pragma once

#include <QStringList>

namespace signet::cli {

int runSetup(const QStringList &args);

} // namespace signet::cli
