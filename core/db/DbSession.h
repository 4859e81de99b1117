// SPDX-License-Identifier: GPL-3.0-or-later
// DbSession: one database connection on its own thread — connect, run (streamed), cancel, reconnect.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "db/DbTypes.h"
#include "db/ResultChunk.h"

#include <QObject>
#include <QStringList>

#include <memory>

class QThread;

namespace signet::db {

class DbWorker;
class QueryCanceller;

// The GUI (or CLI) side: every call returns at once; results come back as signals, in order, on
// the thread that made the session. Each run() gets a generation number that tags its signals, so
// a view can drop chunks of a query it no longer shows.
class DbSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DbSession)

public:
    explicit DbSession(DbTarget target, DbTokenSigner signer = DbTokenSigner(), QObject *parent = nullptr);
    // Cancels what runs, closes the connection and waits (bounded) for the thread.
    ~DbSession() override;

    const DbTarget &target() const { return m_target; }

    // Signs a fresh token and connects (connected or connectFailed follows).
    void open();
    // Runs one statement (connecting first if needed); returns its generation.
    quint64 run(const QString &sql);
    // Cancels the statement running now, on the server. No-op when idle.
    void cancel();
    // Whether the means to cancel are made ready at each connect (the default: a cancel then acts
    // at once) or by the first cancel (a single statement from a script: MySQL's side connection,
    // a second IAM login, only if it is needed). Call before open() or run().
    void setCancelPreparedAhead(bool ahead);
    void close();

    quint64 currentGeneration() const { return m_generation; }
    bool isRunning() const { return m_running != 0; }

signals:
    void connected(const signet::db::ServerInfo &info);
    // The server dropped the connection; a fresh token reconnected it. `reason` says what happened
    // to the statement.
    void reconnected(const QString &reason, const signet::db::ServerInfo &info);
    void disconnected();
    void connectFailed(const signet::Error &error);
    void columnsReceived(quint64 generation, const QStringList &columns);
    void progressed(quint64 generation, const signet::db::ResultChunk &chunk);
    void failed(quint64 generation, const signet::db::QueryError &error);
    void finished(quint64 generation, const signet::db::QuerySummary &summary);

private:
    const DbTarget m_target;
    std::shared_ptr<QueryCanceller> m_canceller;
    QThread *m_thread = nullptr;
    DbWorker *m_worker = nullptr;
    quint64 m_generation = 0;
    quint64 m_running = 0;
};

} // namespace signet::db
