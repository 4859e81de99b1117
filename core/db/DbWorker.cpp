// DbWorker: connect with a fresh token, stream results in chunks, reconnect when the server drops us.
#include "db/DbWorker.h"

#include "db/DbConnector.h"
#include "db/MariaDbDriver.h"
#include "db/MariaDbResult.h"
#include "db/ServerErrorPosition.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

#include <libpq-fe.h>

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

PGconn *postgresHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    // QPSQL declares the metatype for the struct behind the typedef: "pg_conn*".
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

QString postgresPrimaryMessage(const QString &text)
{
    QString line = text.section(u'\n', 0, 0).trimmed();
    if (line.startsWith(QLatin1String("ERROR:")))
        line = line.mid(6).trimmed();
    return line;
}

} // namespace

DbWorker::DbWorker(DbTarget target, DbTokenSigner signer, std::shared_ptr<QueryCanceller> canceller)
    : m_target(std::move(target))
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
    m_canceller->setMySqlThread(0);
    m_canceller->setPostgresCancel(nullptr);
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
    if (m_target.isMySqlFamily()) {
        auto *driver = static_cast<MariaDbDriver *>(db->driver());
        m_canceller->setMySqlThread(driver->connection().threadId());
    } else if (PGconn *conn = postgresHandle(*db)) {
        m_canceller->setPostgresCancel(PQgetCancel(conn));
    }
    return info;
}

Result<ServerInfo> DbWorker::describeServer()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    ServerInfo info;
    info.tokenSignedAt = m_tokenSignedAt;
    info.route = m_target.host + u':' + QString::number(m_target.port);
    if (m_target.hasVia())
        info.route += QStringLiteral(" via %1:%2").arg(m_target.connectHost()).arg(m_target.connectPort());
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (m_target.isMySqlFamily()) {
        const MariaDbConnection &connection = static_cast<MariaDbDriver *>(db.driver())->connection();
        info.serverVersion = connection.serverVersion();
        info.tlsVersion = connection.tlsVersion();
        info.tlsCipher = connection.tlsCipher();
        if (query.exec(QStringLiteral("SELECT CURRENT_USER()")) && query.next())
            info.user = query.value(0).toString();
        return info;
    }
    // QPSQL switches bytea to the escape format for itself; the console shows what psql shows.
    query.exec(QStringLiteral("SET bytea_output = 'hex'"));
    if (!query.exec(
            QStringLiteral("SELECT current_setting('server_version'), current_user, s.ssl, s.version, "
                           "s.cipher FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()")) ||
        !query.next())
        return makeError(QStringLiteral("db.connect"), query.lastError().databaseText().trimmed());
    if (!query.value(2).toBool())
        return makeError(QStringLiteral("db.tls"), QStringLiteral("the connection is not encrypted"),
                         QStringLiteral("Refusing to use it."));
    info.serverVersion = QStringLiteral("PostgreSQL ") + query.value(0).toString();
    info.user = query.value(1).toString();
    info.tlsVersion = query.value(3).toString();
    info.tlsCipher = query.value(4).toString();
    return info;
}

bool DbWorker::connectionLost(const QSqlQuery &query) const
{
    if (m_target.isMySqlFamily())
        return MariaDbConnection::isConnectionLost(query.lastError().nativeErrorCode().toUInt());
    PGconn *conn = postgresHandle(QSqlDatabase::database(m_connectionName, false));
    if (conn && PQstatus(conn) == CONNECTION_BAD)
        return true;
    // 57P01-03: administrator / crash / cannot-connect-now shutdowns; class 08: connection exceptions.
    const QString state = query.lastError().nativeErrorCode();
    const QString text = query.lastError().databaseText();
    return state.startsWith(QLatin1String("57P")) || state.startsWith(QLatin1String("08")) ||
           text.contains(QLatin1String("terminating connection")) ||
           text.contains(QLatin1String("server closed the connection")) ||
           text.contains(QLatin1String("no connection to the server"));
}

void DbWorker::run(quint64 generation, const QString &sql)
{
    if (m_canceller->isCancelled(generation)) {
        // Queued behind a statement the user cancelled: never sent.
        emit failed(
            generation,
            QueryError{makeError(QStringLiteral("db.cancelled"), tr("The query was cancelled.")), -1});
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
                                             info.error().hint),
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
            if (connectionLost(query))
                return Outcome::ConnectionLost;
            const QSqlError sqlError = query.lastError();
            const QString text = sqlError.databaseText().trimmed();
            if (m_canceller->isCancelled(generation)) {
                *error = QueryError{
                    makeError(QStringLiteral("db.cancelled"), tr("The query was cancelled."), text), -1};
            } else if (m_target.isMySqlFamily()) {
                *error = QueryError{makeError(QStringLiteral("db.mysql.") + sqlError.nativeErrorCode(), text),
                                    serverErrorOffset(m_target.engine, sql, text)};
            } else {
                *error = QueryError{makeError(QStringLiteral("db.pg.") + sqlError.nativeErrorCode(),
                                              postgresPrimaryMessage(text)),
                                    serverErrorOffset(m_target.engine, sql, text)};
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
    QList<bool> binary;
    for (int i = 0; i < columns; ++i) {
        names << record.fieldName(i);
        binary << (record.field(i).metaType().id() == QMetaType::QByteArray);
    }
    emit columnsReceived(generation, names);

    const auto *fast = dynamic_cast<const MariaDbResult *>(query.result());
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
        // QPSQL in forward-only mode holds the current row as row 0 of a single-row PGresult: read
        // libpq's text directly instead of converting every cell through QVariant.
        const PGresult *pgRow = nullptr;
        if (!fast && !m_target.isMySqlFamily()) {
            const QVariant handle = query.result()->handle();
            if (qstrcmp(handle.typeName(), "pg_result*") == 0 || qstrcmp(handle.typeName(), "PGresult*") == 0)
                pgRow = *static_cast<PGresult *const *>(handle.constData());
            if (pgRow && PQntuples(pgRow) != 1)
                pgRow = nullptr;
        }
        if (pgRow) {
            for (int i = 0; i < columns; ++i) {
                if (PQgetisnull(pgRow, 0, i))
                    chunk.appendNull();
                else
                    chunk.appendCell(QByteArrayView(PQgetvalue(pgRow, 0, i), PQgetlength(pgRow, 0, i)));
            }
        } else if (fast) {
            for (int i = 0; i < columns; ++i) {
                if (query.isNull(i))
                    chunk.appendNull();
                else
                    chunk.appendCell(fast->rawValue(i));
            }
        } else {
            for (int i = 0; i < columns; ++i) {
                if (query.isNull(i)) {
                    chunk.appendNull();
                    continue;
                }
                const QVariant value = query.value(i);
                if (binary.at(i))
                    chunk.appendCell(QByteArray("\\x" + value.toByteArray().toHex()));
                else
                    chunk.appendCell(value.toString().toUtf8());
            }
        }
        ++summary.rows;
        if (chunk.rowCount() >= limit || ((summary.rows & 63) == 0 && sinceFlush.elapsed() >= 100))
            flush();
    }
    flush();
}

} // namespace signet::db
