// SPDX-License-Identifier: GPL-3.0-or-later
// The `signet` command line: subcommand dispatch, --help and --version.
#pragma once

namespace signet::cli {

// Exit codes of every subcommand.
enum ExitCode : int
{
    ExitOk = 0,
    ExitFailed = 1, // the operation failed; one line on stderr says why
    ExitUsage = 2,  // the command line was wrong
};

// Runs the CLI under a QCoreApplication and returns the process exit code.
int run(int argc, char **argv);

} // namespace signet::cli
