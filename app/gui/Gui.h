// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI entry: QApplication and the main window.
#pragma once

namespace signet::gui {

int run(int argc, char **argv);

} // namespace signet::gui
