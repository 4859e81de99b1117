// SPDX-License-Identifier: GPL-3.0-or-later
// Theme: light or dark, following the system unless the user chose one in Preferences, and the
// few colours Signet adds (countdown, errors, expiry), picked to read well on either background.
#pragma once

#include <QColor>
#include <QString>

namespace signet::ui::theme {

enum class Choice
{
    System, // the platform's palette (KDE, a Qt platform theme, …)
    Light,
    Dark,
};

// "appearance/theme" in QSettings: "system" (default), "light" or "dark".
Choice configured();
void setConfigured(Choice choice);
QString name(Choice choice);

// Applies the choice to the running application (Fusion with a light or dark palette, or the
// platform's own style and palette for System). Call after QApplication exists.
void apply(Choice choice);

// The application palette's window is dark (a dark system theme, or Dark chosen).
bool isDark();

// Foreground colours for text on the window background.
QColor ok();
QColor warning();
QColor error();
// Row backgrounds (certificate table): a tint that keeps the palette's text readable.
QColor warningBackground();
QColor errorBackground();

} // namespace signet::ui::theme
