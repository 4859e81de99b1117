// SPDX-License-Identifier: GPL-3.0-or-later
// InterruptWait: SIGINT/SIGTERM as events of the event loop, for the CLI's foreground commands.
#pragma once

#include <QObject>

#include <functional>

namespace signet::cli {

// One SIGINT or SIGTERM as the event loop sees it.
struct Interrupt final
{
    int signal = 0;
    // Sent by a process with kill(); false when the kernel sent it, as a terminal does for Ctrl-C to
    // its whole foreground process group (a client Signet runs attached got it too).
    bool fromProcess = false;
};

// Calls `handler` (on the event loop, while `context` lives) each time the process gets SIGINT or
// SIGTERM; installed once per process, SIGPIPE ignored. Needs a QCoreApplication. One context at a time.
void onInterrupt(QObject *context, std::function<void()> handler);
// The same, telling which signal came and from where.
void onInterruptSignal(QObject *context, std::function<void(Interrupt)> handler);
// Runs the event loop until SIGINT/SIGTERM or QCoreApplication::exit(); returns the exit code given.
int runUntilInterrupted();

} // namespace signet::cli
