// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of `signet`, a small front: `signet token` with environment keys signs here, mapping only
// QtCore and libcrypto; every other command runs in signet-cli and the GUI in signet-gui, both
// started in this process's place. So the common scripted call never loads the database drivers,
// the keychain, D-Bus or the network stack.
#include "cli/Cli.h"
#include "cli/LeanToken.h"
#include "common/NoCoreDumps.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::string selfPath()
{
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    return length > 0 ? std::string(self, size_t(length)) : std::string();
}

// Replaces this process with `name`: beside this executable (the build tree, /usr/bin for the GUI),
// else in ../lib/signet (the installed CLI). Returns only on failure.
int startSibling(const char *name, char **argv)
{
    const std::string self = selfPath();
    const std::string directory = self.substr(0, self.rfind('/') + 1);
    std::string program = directory + name;
    if (access(program.c_str(), X_OK) != 0)
        program = directory + "../lib/signet/" + name;
    // The CLI prints `signet …` command lines (password commands) with the front's path.
    setenv("SIGNET_FRONT", self.c_str(), 1);
    if (std::strcmp(name, "signet-gui") == 0)
        argv[0] = program.data();
    execv(program.c_str(), argv);
    std::fprintf(stderr, "signet: cannot start %s: %s — reinstall Signet\n", program.c_str(),
                 std::strerror(errno));
    return signet::cli::ExitFailed;
}

#ifdef SIGNET_WITH_GUI
// A subcommand, a word (an unknown command is the CLI's usage error) or --help/--version: the CLI.
// Nothing, or Qt's own GUI options (-platform, -style …): the GUI.
bool wantsCli(int argc, char **argv)
{
    if (argc < 2)
        return false;
    const char *first = argv[1];
    for (const char *flag : {"-h", "--help", "-v", "--version"}) {
        if (std::strcmp(first, flag) == 0)
            return true;
    }
    return first[0] != '-';
}
#endif

} // namespace

int main(int argc, char **argv)
{
    // Never leave secrets in a core dump (nor let another process of the user read our memory).
    signet::disableCoreDumps();

    if (argc >= 2 && std::strcmp(argv[1], "token") == 0) {
        if (const auto exitCode = signet::cli::leanToken(argc, argv))
            return *exitCode;
    }
#ifdef SIGNET_WITH_GUI
    if (!wantsCli(argc, argv))
        return startSibling("signet-gui", argv);
#endif
    return startSibling("signet-cli", argv);
}
