// SPDX-License-Identifier: GPL-3.0-or-later
// QueryCanceller: stops the statement a DbSession runs, from any thread, without blocking the caller.
#pragma once

#include "db/DbFamily.h"

#include <QMutex>

#include <atomic>
#include <memory>

namespace signet::db {

// Holds the family's ServerCancel of the current connection (KILL QUERY on a side connection for
// MySQL/MariaDB, PQcancel for PostgreSQL) and which generations were cancelled. The blocking part
// runs on the global thread pool; hold it in a std::shared_ptr.
class QueryCanceller final
{
    Q_DISABLE_COPY_MOVE(QueryCanceller)

public:
    QueryCanceller() = default;

    // The worker hands over what a cancel must address after each (re)connect (nullptr clears);
    // its prepare() runs in the background at once, unless preparing ahead is off.
    void setServerCancel(std::shared_ptr<ServerCancel> cancel);
    // On (the default, for the console): prepare() as soon as a connection is made, so a cancel is
    // quick (MySQL's warm side connection for KILL QUERY). Off (a one-shot `signet exec`): the first
    // cancel prepares, so a statement that is never cancelled costs no second IAM login.
    void setPrepareAhead(bool ahead) { m_prepareAhead.store(ahead); }

    // Marks every generation up to `generation` cancelled (the running one and any queued behind
    // it) and starts the server-side cancel of the statement running now.
    void cancel(quint64 generation);
    bool isCancelled(quint64 generation) const { return generation <= m_cancelled.load(); }

private:
    std::shared_ptr<ServerCancel> current() const;

    mutable QMutex m_mutex;
    std::shared_ptr<ServerCancel> m_cancel;
    std::atomic<quint64> m_cancelled{0};
    std::atomic<bool> m_prepareAhead{true};
};

} // namespace signet::db
