// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileColour: a stable hue per folder name, readable in light and dark.
#include "common/ProfileColour.h"

#include "common/Theme.h"
#include "profiles/ConnectionProfile.h"

#include <QPainter>
#include <QPixmap>

namespace signet::ui::profile_colour {

QColor of(const profiles::ConnectionProfile &profile)
{
    if (profile.production)
        return theme::error();
    if (profile.folder.isEmpty())
        return {};
    // qHash is seeded per process: a colour must stay the same from one run to the next.
    quint32 hash = 2166136261u;
    for (const QChar c : profile.folder.toLower()) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    // Hues away from red (0–20, 340–360), which means production.
    const int hue = 30 + int(hash % 300);
    return QColor::fromHsl(hue, 150, theme::isDark() ? 150 : 100);
}

QIcon dot(const QColor &colour)
{
    if (!colour.isValid())
        return {};
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(2, 2, 12, 12));
    return QIcon(pixmap);
}

} // namespace signet::ui::profile_colour
