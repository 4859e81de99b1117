// QueryCanceller: stops the statement a DbSession runs, from any thread, without blocking the caller.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "db/MariaDbConnection.h"

#include <QMutex>

#include <atomic>
#include <memory>

struct pg_cancel;

namespace signet::db {

// MySQL/MariaDB: KILL QUERY <thread id> on a side connection (fresh token, same TLS rules).
// PostgreSQL: libpq's cancel request (PQcancel: the backend key only, no credential).
// The blocking part runs on the global thread pool; hold it in a std::shared_ptr.
class QueryCanceller final : public std::enable_shared_from_this<QueryCanceller>
{
    Q_DISABLE_COPY_MOVE(QueryCanceller)

public:
    QueryCanceller(DbTarget target, DbTokenSigner signer);
    ~QueryCanceller();

    // The worker tells what a cancel must address after each (re)connect. For MySQL/MariaDB this
    // also opens the side connection in the background, so a cancel is one KILL QUERY away.
    void setMySqlThread(unsigned long threadId);
    // Takes ownership of a PGcancel from PQgetCancel (nullptr clears).
    void setPostgresCancel(pg_cancel *cancel);

    // Marks every generation up to `generation` cancelled (the running one and any queued behind
    // it) and starts the server-side cancel of the statement running now.
    void cancel(quint64 generation);
    bool isCancelled(quint64 generation) const { return generation <= m_cancelled.load(); }

private:
    void cancelNow();
    // Opens m_side if it is not open (caller holds m_sideMutex).
    bool openSide();

    const DbTarget m_target;
    const DbTokenSigner m_signer;
    mutable QMutex m_mutex;
    pg_cancel *m_pgCancel = nullptr;
    unsigned long m_mysqlThread = 0;
    std::atomic<quint64> m_cancelled{0};
    QMutex m_sideMutex;
    std::unique_ptr<MariaDbConnection> m_side;
};

} // namespace signet::db
