// SPDX-License-Identifier: GPL-3.0-or-later
// PostgresFamily: libpq options, the connection's TLS facts, PQcancel and single-row reads.
#include "db/PostgresFamily.h"

#include "db/DbConnector.h"
#include "db/ServerErrorPosition.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlResult>

#include <libpq-fe.h>

namespace signet::db {

namespace {

// QPSQL hands out libpq's handles as QVariants of pointer types; Qt names them after the structs
// behind libpq's typedefs ("pg_conn*", "pg_result*").
template<typename T> T *libpqHandle(const QVariant &handle, const char *structName, const char *typedefName)
{
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), structName) != 0 && qstrcmp(handle.typeName(), typedefName) != 0))
        return nullptr;
    return *static_cast<T *const *>(handle.constData());
}

PGconn *connectionHandle(const QSqlDatabase &db)
{
    return db.driver() ? libpqHandle<PGconn>(db.driver()->handle(), "pg_conn*", "PGconn*") : nullptr;
}

Error classifyConnectError(const QString &text)
{
    Error error =
        makeError(QStringLiteral("db.connect"), text.trimmed(),
                  QStringLiteral("Check the endpoint, the port and that the database is reachable."));
    if (text.contains(QLatin1String("SSL")) || text.contains(QLatin1String("certificate"))) {
        error.code = QStringLiteral("db.tls");
        error.hint =
            QStringLiteral("The token was not sent: the server must offer TLS with a certificate for the "
                           "endpoint name signed by the CA bundle.");
    } else if (text.contains(QLatin1String("authentication failed")) || text.contains(QLatin1String("PAM"))) {
        error.code = QStringLiteral("db.auth");
        error.hint =
            QStringLiteral("Check the user is in rds_iam and the identity may rds-db:connect as it.");
    }
    return error;
}

Result<QString> resolveAddress(const QString &host)
{
    if (QHostAddress address; address.setAddress(host))
        return address.toString();
    const QHostInfo info = QHostInfo::fromName(host);
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
        return makeError(QStringLiteral("db.connect"),
                         QStringLiteral("cannot resolve %1: %2").arg(host, info.errorString()),
                         QStringLiteral("Check the \"connect via\" host."));
    return info.addresses().first().toString();
}

// "ERROR:  message\nLINE 1: …" → "message".
QString primaryMessage(const QString &text)
{
    QString line = text.section(u'\n', 0, 0).trimmed();
    if (line.startsWith(QLatin1String("ERROR:")))
        line = line.mid(6).trimmed();
    return line;
}

class CancelRequest final : public ServerCancel
{
public:
    explicit CancelRequest(PGcancel *cancel)
        : m_cancel(cancel)
    {}
    ~CancelRequest() override { PQfreeCancel(m_cancel); }
    Q_DISABLE_COPY_MOVE(CancelRequest)

    void cancel() override
    {
        const QMutexLocker lock(&m_mutex);
        char message[256] = {};
        PQcancel(m_cancel, message, int(sizeof message));
    }

private:
    QMutex m_mutex;
    PGcancel *m_cancel;
};

} // namespace

Result<QSqlDatabase> PostgresFamily::open(const DbTarget &target, const SecretString &password,
                                          const QString &connectionName) const
{
    QString hostAddress;
    if (target.hasVia()) {
        const auto resolved = resolveAddress(target.connectHost());
        if (!resolved)
            return resolved.error();
        hostAddress = *resolved;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    if (!db.isValid())
        return makeError(QStringLiteral("db.driver"),
                         QStringLiteral("the PostgreSQL driver (QPSQL) is not installed"),
                         QStringLiteral("Install libqt6sql6-psql."));
    // The endpoint name is what the certificate must name; hostaddr carries a "connect via" address.
    db.setHostName(target.host);
    db.setPort(target.connectPort());
    db.setUserName(target.user);
    db.setDatabaseName(target.database.isEmpty() ? QStringLiteral("postgres") : target.database);
    db.setConnectOptions(postgresConnectOptions(target, hostAddress));
    db.setPassword(password.revealText());
    const bool opened = db.open();
    db.setPassword(QString());
    if (!opened)
        return classifyConnectError(db.lastError().databaseText());
    return db;
}

Result<ServerInfo> PostgresFamily::describe(const QSqlDatabase &db) const
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // QPSQL switches bytea to the escape format for itself; the console shows what psql shows.
    query.exec(QStringLiteral("SET bytea_output = 'hex'"));
    if (!query.exec(QStringLiteral(
            "SELECT current_setting('server_version'), current_user, s.ssl, s.version, s.cipher, "
            "current_schema() FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()")) ||
        !query.next())
        return makeError(QStringLiteral("db.connect"), query.lastError().databaseText().trimmed());
    if (!query.value(2).toBool())
        return makeError(QStringLiteral("db.tls"), QStringLiteral("the connection is not encrypted"),
                         QStringLiteral("Refusing to use it."));
    ServerInfo info;
    info.serverVersion = QStringLiteral("PostgreSQL ") + query.value(0).toString();
    info.user = query.value(1).toString();
    info.tlsVersion = query.value(3).toString();
    info.tlsCipher = query.value(4).toString();
    info.schema = query.value(5).toString();
    return info;
}

std::shared_ptr<ServerCancel> PostgresFamily::serverCancel(const QSqlDatabase &db, const DbTarget &,
                                                           const DbTokenSigner &) const
{
    PGconn *conn = connectionHandle(db);
    PGcancel *cancel = conn ? PQgetCancel(conn) : nullptr;
    if (!cancel)
        return nullptr;
    return std::make_shared<CancelRequest>(cancel);
}

bool PostgresFamily::connectionLost(const QSqlDatabase &db, const QSqlError &error) const
{
    PGconn *conn = connectionHandle(db);
    if (conn && PQstatus(conn) == CONNECTION_BAD)
        return true;
    // 57P01-03: administrator / crash / cannot-connect-now shutdowns; class 08: connection exceptions.
    const QString state = error.nativeErrorCode();
    const QString text = error.databaseText();
    return state.startsWith(QLatin1String("57P")) || state.startsWith(QLatin1String("08")) ||
           text.contains(QLatin1String("terminating connection")) ||
           text.contains(QLatin1String("server closed the connection")) ||
           text.contains(QLatin1String("no connection to the server"));
}

QueryError PostgresFamily::queryError(const QSqlError &error, const QString &statement) const
{
    const QString text = error.databaseText().trimmed();
    return QueryError{makeError(QStringLiteral("db.pg.") + error.nativeErrorCode(), primaryMessage(text)),
                      errorOffset(statement, text), QueryFailure::Statement};
}

int PostgresFamily::errorOffset(const QString &statement, const QString &serverMessage) const
{
    return postgresErrorOffset(statement, serverMessage);
}

RowReader PostgresFamily::rowReader(QSqlQuery &query) const
{
    // QPSQL in forward-only mode holds the current row as row 0 of a single-row PGresult: read
    // libpq's text directly instead of converting every cell through QVariant.
    const RowReader portable = DbFamily::rowReader(query);
    const int columns = query.record().count();
    return [&query, portable, columns](ResultChunk &chunk) {
        const PGresult *row =
            libpqHandle<const PGresult>(query.result()->handle(), "pg_result*", "PGresult*");
        if (!row || PQntuples(row) != 1)
            return portable(chunk);
        for (int i = 0; i < columns; ++i) {
            if (PQgetisnull(row, 0, i))
                chunk.appendNull();
            else
                chunk.appendCell(QByteArrayView(PQgetvalue(row, 0, i), PQgetlength(row, 0, i)));
        }
    };
}

QString PostgresFamily::schemaQuery() const
{
    return QStringLiteral(
        "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY table_schema, table_name, ordinal_position");
}

QString PostgresFamily::quoteIdentifier(const QString &name) const
{
    QString quoted = name;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

} // namespace signet::db
