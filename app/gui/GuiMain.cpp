// Entry point of signet-gui, which `signet` starts when it is given no subcommand.
#include "gui/Gui.h"

#include <sys/resource.h>

int main(int argc, char **argv)
{
    // Never leave secrets in a core dump.
    const struct rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    return signet::gui::run(argc, argv);
}
