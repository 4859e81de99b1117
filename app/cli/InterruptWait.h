// SPDX-License-Identifier: GPL-3.0-or-later
// InterruptWait: runs the event loop until SIGINT/SIGTERM (or until told to stop), for foreground commands.
#pragma once

namespace signet::cli {

// Returns when the process gets SIGINT or SIGTERM, or when QCoreApplication::exit() is called.
// Needs a QCoreApplication; the CLI's foreground commands (tunnel, launch through a tunnel) use it.
void runUntilInterrupted();

} // namespace signet::cli
