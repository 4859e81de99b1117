// SPDX-License-Identifier: GPL-3.0-or-later
// `signet whoami`: which AWS identity Signet would sign with, and where it came from.
#pragma once

#include <QStringList>

namespace signet::cli {

int runWhoami(const QStringList &args);

} // namespace signet::cli
