// SPDX-License-Identifier: GPL-3.0-or-later
// InterruptWait: SIGINT/SIGTERM as events of the event loop, for the CLI's foreground commands.
#pragma once

#include <QObject>

#include <functional>

namespace signet::cli {

// Calls `handler` (on the event loop, while `context` lives) each time the process gets SIGINT or
// SIGTERM; installed once per process, SIGPIPE ignored. Needs a QCoreApplication.
void onInterrupt(QObject *context, std::function<void()> handler);
// Runs the event loop until SIGINT/SIGTERM or QCoreApplication::exit(); returns the exit code given.
int runUntilInterrupted();

} // namespace signet::cli
