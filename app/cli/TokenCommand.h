// SPDX-License-Identifier: GPL-3.0-or-later
// `signet token`: sign an IAM database authentication token.
#pragma once

#include <QStringList>

namespace signet::cli {

int runToken(const QStringList &args);

} // namespace signet::cli
