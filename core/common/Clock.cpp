// SPDX-License-Identifier: GPL-3.0-or-later
// The system clock.
#include "common/Clock.h"

namespace signet {

namespace {
class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};
} // namespace

const Clock &Clock::system()
{
    static const SystemClock clock;
    return clock;
}

} // namespace signet
