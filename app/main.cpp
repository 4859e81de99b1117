// Entry point: a subcommand or --help/--version runs the CLI (no GUI start-up), anything else the GUI.
#include "cli/Cli.h"
#ifdef SIGNET_WITH_GUI
#include "gui/Gui.h"
#endif

#include <sys/resource.h>

int main(int argc, char **argv)
{
    // Never leave secrets in a core dump.
    const struct rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);

    if (signet::cli::wantsCli(argc, argv))
        return signet::cli::run(argc, argv);
#ifdef SIGNET_WITH_GUI
    return signet::gui::run(argc, argv);
#else
    return signet::cli::run(argc, argv);
#endif
}
