// SPDX-License-Identifier: GPL-3.0-or-later
// DurationText: how Signet writes a stretch of time for people ("14:59", "1 day 3 h", "2 days").
#pragma once

#include <QString>

namespace signet::token {

// A countdown: "m:ss" under an hour ("14:59", "0:40"), "h:mm:ss" from an hour on, "d d h:mm:ss"
// from a day on ("6 d 23:59:59"). Negative is 0.
QString countdownText(qint64 seconds);

// A duration in words with English plurals, the two largest units only: "2 days 3 h", "1 day",
// "5 h 2 min", "1 min", "40 s". Negative is "0 s".
QString durationText(qint64 seconds);

} // namespace signet::token
