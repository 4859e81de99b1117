// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlFamily: connect, describe, cancel and read rows with the MariaDB driver.
#include "db/MySqlFamily.h"

#include "db/DbConnector.h"
#include "db/MariaDbDriver.h"
#include "db/MariaDbResult.h"
#include "db/ServerErrorPosition.h"

#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace signet::db {

namespace {

MariaDbDriver *mariaDbDriver(const QSqlDatabase &db)
{
    return qobject_cast<MariaDbDriver *>(db.driver());
}

// KILL QUERY on a warm side connection; the side connection signs its own token.
class KillQuery final : public ServerCancel
{
public:
    KillQuery(unsigned long threadId, DbTarget target, DbTokenSigner signer)
        : m_threadId(threadId)
        , m_target(std::move(target))
        , m_signer(std::move(signer))
    {}

    void prepare() override
    {
        const QMutexLocker lock(&m_mutex);
        openSide();
    }

    void cancel() override
    {
        const QByteArray kill = QByteArrayLiteral("KILL QUERY ") + QByteArray::number(qulonglong(m_threadId));
        const QMutexLocker lock(&m_mutex);
        // The warm side connection may have been dropped meanwhile (idle timeout): then once more, fresh.
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (!openSide())
                return;
            if (m_side->execute(kill))
                return;
            m_side.reset();
        }
    }

private:
    // Caller holds m_mutex.
    bool openSide()
    {
        if (m_side && m_side->isOpen())
            return true;
        const auto options = mariaDbConnectOptions(m_target);
        const auto token = m_signer.sign(m_target);
        if (!options || !token)
            return false;
        m_side = std::make_unique<MariaDbConnection>();
        if (!m_side->open(*options, token->secretText())) {
            m_side.reset();
            return false;
        }
        return true;
    }

    const unsigned long m_threadId;
    const DbTarget m_target;
    const DbTokenSigner m_signer;
    QMutex m_mutex;
    std::unique_ptr<MariaDbConnection> m_side;
};

} // namespace

Result<QSqlDatabase> MySqlFamily::open(const DbTarget &target, const SecretString &password,
                                       const QString &connectionName) const
{
    // Also makes "SIGNET_MARIADB" available to plain QSqlDatabase::addDatabase users.
    MariaDbDriver::registerDriver();
    const auto options = mariaDbConnectOptions(target);
    if (!options)
        return options.error();
    auto *driver = new MariaDbDriver;
    driver->setTlsOptions(options->caFile, options->pinnedSha1);
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, connectionName);
    db.setHostName(options->host);
    db.setPort(options->port);
    db.setUserName(target.user);
    db.setDatabaseName(target.database);
    db.setPassword(password.revealText());
    const bool opened = db.open();
    db.setPassword(QString());
    if (!opened)
        return driver->openError();
    return db;
}

Result<ServerInfo> MySqlFamily::describe(const QSqlDatabase &db) const
{
    ServerInfo info;
    const MariaDbConnection &connection = mariaDbDriver(db)->connection();
    info.serverVersion = connection.serverVersion();
    info.tlsVersion = connection.tlsVersion();
    info.tlsCipher = connection.tlsCipher();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (query.exec(QStringLiteral("SELECT CURRENT_USER(), DATABASE()")) && query.next()) {
        info.user = query.value(0).toString();
        info.schema = query.value(1).toString();
    }
    return info;
}

std::shared_ptr<ServerCancel> MySqlFamily::serverCancel(const QSqlDatabase &db, const DbTarget &target,
                                                        const DbTokenSigner &signer) const
{
    MariaDbDriver *driver = mariaDbDriver(db);
    if (!driver || !driver->mysql())
        return nullptr;
    return std::make_shared<KillQuery>(driver->connection().threadId(), target, signer);
}

bool MySqlFamily::connectionLost(const QSqlDatabase &, const QSqlError &error) const
{
    return MariaDbConnection::isConnectionLost(error.nativeErrorCode().toUInt());
}

QueryError MySqlFamily::queryError(const QSqlError &error, const QString &statement) const
{
    const QString text = error.databaseText().trimmed();
    return QueryError{makeError(QStringLiteral("db.mysql.") + error.nativeErrorCode(), text),
                      errorOffset(statement, text), QueryFailure::Statement};
}

int MySqlFamily::errorOffset(const QString &statement, const QString &serverMessage) const
{
    return mysqlErrorOffset(statement, serverMessage);
}

RowReader MySqlFamily::rowReader(QSqlQuery &query) const
{
    const auto *fast = dynamic_cast<const MariaDbResult *>(query.result());
    if (!fast)
        return DbFamily::rowReader(query);
    const int columns = query.record().count();
    // The driver's own bytes: no QVariant per cell.
    return [&query, fast, columns](ResultChunk &chunk) {
        for (int i = 0; i < columns; ++i) {
            if (query.isNull(i))
                chunk.appendNull();
            else
                chunk.appendCell(fast->rawValue(i));
        }
    };
}

QString MySqlFamily::schemaQuery() const
{
    return QStringLiteral(
        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION");
}

QString MySqlFamily::quoteIdentifier(const QString &name) const
{
    QString quoted = name;
    quoted.replace(u'`', QStringLiteral("``"));
    return u'`' + quoted + u'`';
}

} // namespace signet::db
