// SPDX-License-Identifier: GPL-3.0-or-later
// `signet tunnel PROFILE [--port N]`: keeps a profile's SSH tunnel open in the foreground for other tools.
#pragma once

#include <QStringList>

namespace signet::cli {

int runTunnel(const QStringList &args);

} // namespace signet::cli
