// SPDX-License-Identifier: GPL-3.0-or-later
// Clock: the one source of "now", injected so signing, expiry and countdown tests are deterministic.
#pragma once

#include <QDateTime>

namespace signet {

class Clock
{
public:
    virtual ~Clock() = default;
    // The current time in UTC.
    virtual QDateTime now() const = 0;

    // The wall clock.
    static const Clock &system();
};

// A clock that stands still until told to move; for tests and benchmarks.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start)
        : m_now(start.toUTC())
    {}
    QDateTime now() const override { return m_now; }
    void set(const QDateTime &when) { m_now = when.toUTC(); }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace signet
