// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of signet-cli, the full command line that `signet` starts for every command it does not
// run itself (see app/main.cpp).
#include "cli/Cli.h"
#include "common/NoCoreDumps.h"
#include "common/OpenSslThreads.h"

int main(int argc, char **argv)
{
    // Never leave secrets in a core dump (nor let another process of the user read our memory).
    signet::disableCoreDumps();
    // Before anything starts OpenSSL: no atexit clean-up racing Qt's detached threads.
    signet::keepOpenSslStateUntilExit();
    return signet::cli::run(argc, argv);
}
