// SPDX-License-Identifier: GPL-3.0-or-later
// signet-gui's own options; QApplication takes the rest.
#include "gui/GuiOptions.h"

#include "MainWindow.h"

namespace signet::gui {

GuiOptions parseGuiOptions(const QStringList &arguments)
{
    GuiOptions options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--quit-after-first-paint")
            options.quitAfterFirstPaint = true;
        else if (argument == u"--new-profile")
            options.newProfile = true;
        else if (argument == u"--console-last")
            options.consoleLast = true;
        else if (argument == u"-h" || argument == u"--help")
            options.help = true;
        else if (argument == u"-v" || argument == u"--version")
            options.version = true;
        else if (argument == u"--profile") {
            if (i + 1 >= arguments.size() || arguments.at(i + 1).isEmpty())
                options.error = QStringLiteral("--profile needs a profile name (signet-gui --profile NAME)");
            else
                options.profile = arguments.at(++i);
        } else if (argument.startsWith(u"--profile="))
            options.profile = argument.mid(10);
    }
    if (options.newProfile && options.consoleLast)
        options.error = QStringLiteral("--new-profile and --console-last cannot be combined; pass one");
    return options;
}

QString guiHelpText()
{
    return QStringLiteral(
        "Usage: signet-gui [OPTIONS]\n"
        "Signet's window: connection profiles for Amazon RDS and Aurora, live IAM tokens, query consoles\n"
        "and diagnostics. `signet` with no command starts it with the same options.\n"
        "\n"
        "Options:\n"
        "  --profile NAME             Start with that profile selected.\n"
        "  --new-profile              Start in the editor of a new profile.\n"
        "  --console-last             Open a console for the profile used last.\n"
        "  --quit-after-first-paint   Quit once the window has painted, printing the start-up time on\n"
        "                             standard error (benchmarks, smoke tests).\n"
        "  -h, --help                 Show this help.\n"
        "  -v, --version              Show the version.\n"
        "\n"
        "Qt's options (-platform NAME, -style NAME …) are accepted too.\n"
        "Exit codes: 0 success, 2 usage error.\n");
}

void applyGuiOptions(ui::MainWindow &window, const GuiOptions &options)
{
    const bool selected = !options.profile.isEmpty() && window.selectProfileNamed(options.profile);
    if (options.newProfile)
        window.newProfile();
    else if (options.consoleLast && selected)
        window.connectCurrent(); // --profile NAME --console-last: that profile's console
    else if (options.consoleLast && options.profile.isEmpty())
        window.openLastProfileConsole();
}

} // namespace signet::gui
