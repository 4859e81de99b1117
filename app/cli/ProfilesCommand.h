// SPDX-License-Identifier: GPL-3.0-or-later
// `signet profiles`: list, show, add, edit, remove, import and export saved connection profiles.
#pragma once

#include <QStringList>

namespace signet::cli {

int runProfiles(const QStringList &args);

} // namespace signet::cli
