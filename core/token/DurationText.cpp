// SPDX-License-Identifier: GPL-3.0-or-later
// Countdowns and durations in words.
#include "token/DurationText.h"

#include <QStringList>

namespace signet::token {

QString countdownText(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    const auto twoDigits = [](qint64 value) {
        return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
    };
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(twoDigits(seconds % 60));
    if (seconds >= 86400) // a DSQL token may live a week
        return QStringLiteral("%1 d %2:%3:%4")
            .arg(seconds / 86400)
            .arg((seconds % 86400) / 3600)
            .arg(twoDigits((seconds % 3600) / 60), twoDigits(seconds % 60));
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg(twoDigits((seconds % 3600) / 60), twoDigits(seconds % 60));
}

QString durationText(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    QStringList parts;
    if (days > 0)
        parts << (days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days));
    if (hours > 0)
        parts << QStringLiteral("%1 h").arg(hours);
    if (minutes > 0 && days == 0)
        parts << QStringLiteral("%1 min").arg(minutes);
    if (parts.isEmpty())
        parts << QStringLiteral("%1 s").arg(seconds);
    return parts.mid(0, 2).join(QLatin1Char(' '));
}

} // namespace signet::token
