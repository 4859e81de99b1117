// SPDX-License-Identifier: GPL-3.0-or-later
// DbWorker: the DbSession half that lives on the session's thread and owns the QtSql connection.
// Engine-neutral: connect, describe, cancel, errors and row reading go through the target's DbFamily.
#pragma once

#include "db/DbFamily.h"
#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "db/DbTypes.h"
#include "db/QueryCanceller.h"
#include "db/ResultChunk.h"

#include <QObject>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>

class QElapsedTimer;
class QSqlQuery;

namespace signet::db {

class DbWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DbWorker)

public:
    DbWorker(DbTarget target, DbTokenSigner signer, std::shared_ptr<QueryCanceller> canceller);
    ~DbWorker() override;

    // Slots, invoked queued from DbSession.
    void open();
    void run(quint64 generation, const QString &sql);
    void close();

signals:
    void connected(const signet::db::ServerInfo &info);
    void reconnected(const QString &reason, const signet::db::ServerInfo &info);
    void disconnected();
    void connectFailed(const signet::Error &error);
    void columnsReceived(quint64 generation, const QStringList &columns);
    void progressed(quint64 generation, const signet::db::ResultChunk &chunk);
    void failed(quint64 generation, const signet::db::QueryError &error);
    void finished(quint64 generation, const signet::db::QuerySummary &summary);

private:
    enum class Outcome
    {
        Done,
        Failed,
        ConnectionLost,
    };
    Result<ServerInfo> connectFresh();
    Outcome execute(quint64 generation, const QString &sql, QueryError *error);
    void streamRows(quint64 generation, QSqlQuery &query, QuerySummary &summary,
                    const QElapsedTimer &sinceExec);
    Result<ServerInfo> describeServer();
    void dropConnection();

    const DbTarget m_target;
    // What differs between MySQL and PostgreSQL; the worker itself has no engine branch.
    const DbFamily &m_family;
    const DbTokenSigner m_signer;
    std::shared_ptr<QueryCanceller> m_canceller;
    QString m_connectionName;
    QDateTime m_tokenSignedAt;
    bool m_open = false;
};

} // namespace signet::db
