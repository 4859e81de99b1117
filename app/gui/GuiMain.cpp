// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of signet-gui, which `signet` starts when it is given no subcommand.
#include "common/NoCoreDumps.h"
#include "common/OpenSslThreads.h"
#include "gui/Gui.h"

int main(int argc, char **argv)
{
    // Never leave secrets in a core dump (nor let another process of the user read our memory).
    signet::disableCoreDumps();
    // Before anything starts OpenSSL: no atexit clean-up racing Qt's detached threads.
    signet::keepOpenSslStateUntilExit();
    return signet::gui::run(argc, argv);
}
