// Entry point: a subcommand or --help/--version runs the CLI; anything else starts the GUI, which
// lives in the sibling executable signet-gui so the CLI never loads the GUI libraries.
#include "cli/Cli.h"
#include "common/NoCoreDumps.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

#ifdef SIGNET_WITH_GUI
// Replaces this process with signet-gui from the same directory; returns only on failure.
int startGui(char **argv)
{
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string gui = "signet-gui";
    if (length > 0) {
        std::string path(self, size_t(length));
        gui = path.substr(0, path.rfind('/') + 1) + "signet-gui";
    }
    argv[0] = gui.data();
    execv(gui.c_str(), argv);
    std::fprintf(stderr,
                 "signet: cannot start the GUI %s: %s — reinstall Signet, or use a subcommand "
                 "(signet --help)\n",
                 gui.c_str(), std::strerror(errno));
    return signet::cli::ExitFailed;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    // Never leave secrets in a core dump (nor let another process of the user read our memory).
    signet::disableCoreDumps();

#ifdef SIGNET_WITH_GUI
    if (!signet::cli::wantsCli(argc, argv))
        return startGui(argv);
#endif
    return signet::cli::run(argc, argv);
}
