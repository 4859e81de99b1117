// SPDX-License-Identifier: GPL-3.0-or-later
// `signet launch`: sign a token and start a database client with it, or print the command.
#pragma once

#include <QStringList>

namespace signet::cli {

int runLaunch(const QStringList &args);

} // namespace signet::cli
