// SPDX-License-Identifier: GPL-3.0-or-later
// GuiOptions: signet-gui's command line (the desktop entry's actions use it) and what the window does
// with it once the profiles are loaded.
#pragma once

#include <QString>
#include <QStringList>

namespace signet::ui {
class MainWindow;
}

namespace signet::gui {

struct GuiOptions
{
    QString profile;                  // --profile NAME: start with that profile selected
    bool newProfile = false;          // --new-profile: start in the editor of a new profile
    bool consoleLast = false;         // --console-last: open a console for the profile used last
    bool quitAfterFirstPaint = false; // --quit-after-first-paint: start-up benchmarks and smoke tests
    bool help = false;
    bool version = false;
    QString error; // a usage error (an option without its value); empty when the line is fine
};

// Reads the options above; anything else (Qt's -platform, -style …) is left to QApplication.
GuiOptions parseGuiOptions(const QStringList &arguments);
// `signet-gui --help`.
QString guiHelpText();
// Acts on the options once the window shows the loaded profiles.
void applyGuiOptions(ui::MainWindow &window, const GuiOptions &options);

} // namespace signet::gui
