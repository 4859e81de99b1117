// SPDX-License-Identifier: GPL-3.0-or-later
// DbWorker: connect with a fresh token, stream results in chunks, reconnect when the server drops us.
#include "db/DbWorker.h"

#include "db/DbConnector.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace signet::db {

namespace {

std::atomic<quint64> g_connectionCounter{0};

// Only statements that cannot change anything are run again after a reconnect.
bool isSafeToRetry(const QString &sql)
{
    static const QRegularExpression first(QStringLiteral("^\\s*(\\w+)"));
    const QString keyword = first.match(sql).captured(1).toUpper();
    static const QStringList readOnly{QStringLiteral("SELECT"),   QStringLiteral("SHOW"),
                                      QStringLiteral("DESCRIBE"), QStringLiteral("DESC"),
                                      QStringLiteral("VALUES"),   QStringLiteral("TABLE")};
    return readOnly.contains(keyword) && !sql.contains(QLatin1String("FOR UPDATE"), Qt::CaseInsensitive) &&
           !sql.contains(QLatin1String(" INTO "), Qt::CaseInsensitive);
}

} // namespace

DbWorker::DbWorker(DbTarget target, DbTokenSigner signer, std::shared_ptr<QueryCanceller> canceller)
    : m_target(std::move(target))
    , m_family(DbFamily::of(m_target))
    , m_signer(std::move(signer))
    , m_canceller(std::move(canceller))
    , m_connectionName(QStringLiteral("signet-session-%1").arg(++g_connectionCounter))
{}

DbWorker::~DbWorker()
{
    dropConnection();
}

void DbWorker::open()
{
    const auto info = connectFresh();
    if (!info) {
        emit connectFailed(info.error());
        return;
    }
    emit connected(*info);
}

void DbWorker::close()
{
    const bool wasOpen = m_open;
    dropConnection();
    if (wasOpen)
        emit disconnected();
}

void DbWorker::dropConnection()
{
    m_canceller->setServerCancel(nullptr);
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_open = false;
}

Result<ServerInfo> DbWorker::connectFresh()
{
    dropConnection();
    // Every connect signs anew: a token is never reused, so a reconnect never fails on an old one.
    const auto token = m_signer.sign(m_target);
    if (!token)
        return token.error();
    const auto db = openDatabase(m_target, *token, m_connectionName);
    if (!db) {
        if (QSqlDatabase::contains(m_connectionName))
            QSqlDatabase::removeDatabase(m_connectionName);
        return db.error();
    }
    m_tokenSignedAt = token->signedAt();
    m_open = true;
    auto info = describeServer();
    if (!info) {
        dropConnection();
        return info.error();
    }
    m_canceller->setServerCancel(m_family.serverCancel(*db, m_target, m_signer));
    return info;
}

Result<ServerInfo> DbWorker::describeServer()
{
    auto info = m_family.describe(QSqlDatabase::database(m_connectionName, false));
    if (!info)
        return info;
    info->tokenSignedAt = m_tokenSignedAt;
    info->route = m_target.host + u':' + QString::number(m_target.port);
    if (m_target.hasVia())
        info->route += QStringLiteral(" via %1:%2").arg(m_target.connectHost()).arg(m_target.connectPort());
    return info;
}

void DbWorker::run(quint64 generation, const QString &sql)
{
    if (m_canceller->isCancelled(generation)) {
        // Queued behind a statement the user cancelled: never sent.
        emit failed(generation,
                    QueryError{makeError(QStringLiteral("db.cancelled"), tr("The query was cancelled.")), -1,
                               QueryFailure::Cancelled});
        return;
    }
    if (!m_open) {
        const auto info = connectFresh();
        if (!info) {
            emit failed(generation, QueryError{info.error(), -1});
            return;
        }
        emit connected(*info);
    }
    QueryError error;
    Outcome outcome = execute(generation, sql, &error);
    if (outcome == Outcome::ConnectionLost) {
        const auto info = connectFresh();
        if (!info) {
            emit failed(generation,
                        QueryError{makeError(QStringLiteral("db.connection-lost"),
                                             QStringLiteral("the server closed the connection and "
                                                            "reconnecting failed: %1")
                                                 .arg(info.error().message),
                                             info.error().hint, info.error().fix),
                                   -1});
            emit disconnected();
            return;
        }
        if (!isSafeToRetry(sql)) {
            emit reconnected(
                tr("The server closed the connection; reconnected with a fresh token. The statement "
                   "was not run again (it may change data): run it again if it should."),
                *info);
            emit failed(generation,
                        QueryError{makeError(QStringLiteral("db.connection-lost"),
                                             QStringLiteral("the server closed the connection before "
                                                            "the statement completed"),
                                             QStringLiteral("Reconnected with a fresh token; run the "
                                                            "statement again.")),
                                   -1});
            return;
        }
        emit reconnected(tr("The server closed the connection; reconnected with a fresh token and ran the "
                            "statement again."),
                         *info);
        outcome = execute(generation, sql, &error);
        if (outcome == Outcome::ConnectionLost) {
            dropConnection();
            error = QueryError{makeError(QStringLiteral("db.connection-lost"),
                                         QStringLiteral("the server closed the connection again"),
                                         QStringLiteral("Check the server, then connect again.")),
                               -1};
            outcome = Outcome::Failed;
            emit disconnected();
        }
    }
    if (outcome == Outcome::Failed)
        emit failed(generation, error);
}

DbWorker::Outcome DbWorker::execute(quint64 generation, const QString &sql, QueryError *error)
{
    QElapsedTimer timer;
    timer.start();
    QuerySummary summary;
    {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.setForwardOnly(true);
        query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        bool ok = query.exec(sql);
        if (ok) {
            summary.isSelect = query.isSelect();
            if (summary.isSelect)
                streamRows(generation, query, summary, timer);
            else
                summary.affectedRows = query.numRowsAffected();
            ok = !query.lastError().isValid();
        }
        if (!ok) {
            const QSqlError sqlError = query.lastError();
            if (m_family.connectionLost(QSqlDatabase::database(m_connectionName, false), sqlError))
                return Outcome::ConnectionLost;
            if (m_canceller->isCancelled(generation)) {
                *error = QueryError{makeError(QStringLiteral("db.cancelled"), tr("The query was cancelled."),
                                              sqlError.databaseText().simplified()),
                                    -1, QueryFailure::Cancelled};
            } else {
                *error = m_family.queryError(sqlError, sql);
            }
            return Outcome::Failed;
        }
    }
    summary.elapsedMs = timer.elapsed();
    emit finished(generation, summary);
    return Outcome::Done;
}

void DbWorker::streamRows(quint64 generation, QSqlQuery &query, QuerySummary &summary,
                          const QElapsedTimer &sinceExec)
{
    const QSqlRecord record = query.record();
    const int columns = record.count();
    QStringList names;
    for (int i = 0; i < columns; ++i)
        names << record.fieldName(i);
    emit columnsReceived(generation, names);

    const RowReader readRow = m_family.rowReader(query);
    QElapsedTimer sinceFlush;
    sinceFlush.start();
    int limit = 200;
    ResultChunk chunk(columns);
    auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (summary.firstRowMs < 0)
            summary.firstRowMs = sinceExec.elapsed();
        emit progressed(generation, chunk);
        chunk = ResultChunk(columns);
        chunk.reserve(limit, qsizetype(limit) * columns * 8);
        limit = qMin(limit * 2, 25600);
        sinceFlush.restart();
    };
    while (query.next()) {
        readRow(chunk);
        ++summary.rows;
        if (chunk.rowCount() >= limit || ((summary.rows & 63) == 0 && sinceFlush.elapsed() >= 100))
            flush();
    }
    flush();
}

} // namespace signet::db
