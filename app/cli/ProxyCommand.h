// SPDX-License-Identifier: GPL-3.0-or-later
// `signet proxy`: serve saved profiles on local ports; clients connect with no password.
#pragma once

#include <QStringList>

namespace signet::cli {

int runProxy(const QStringList &args);

} // namespace signet::cli
