// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileColour: the colour that marks a profile wherever it shows (tree, its page, its consoles):
// red for production, else a hue of its folder, so consoles of different places look different.
#pragma once

#include <QColor>
#include <QIcon>

namespace signet::profiles {
struct ConnectionProfile;
}

namespace signet::ui::profile_colour {

// Invalid (no colour) for a profile outside any folder that is not production.
QColor of(const profiles::ConnectionProfile &profile);
// A small filled dot in that colour (an empty icon when there is none), for tabs.
QIcon dot(const QColor &colour);

} // namespace signet::ui::profile_colour
