// SPDX-License-Identifier: GPL-3.0-or-later
// MariaDbDriver: QSqlDriver glue around MariaDbConnection.
#include "db/MariaDbDriver.h"

#include "db/MariaDbResult.h"

#include <QSqlDatabase>
#include <QSqlError>

#include <mysql.h>

namespace signet::db {

QString MariaDbDriver::driverName()
{
    return QStringLiteral("SIGNET_MARIADB");
}

void MariaDbDriver::registerDriver()
{
    static const bool registered = [] {
        QSqlDatabase::registerSqlDriver(driverName(), new QSqlDriverCreator<MariaDbDriver>);
        return true;
    }();
    Q_UNUSED(registered)
}

MariaDbDriver::MariaDbDriver(QObject *parent)
    : QSqlDriver(parent)
{}

MariaDbDriver::~MariaDbDriver()
{
    close();
}

void MariaDbDriver::setTlsOptions(const QString &caFile, const QByteArray &pinnedSha1)
{
    m_caFile = caFile;
    m_pinnedSha1 = pinnedSha1;
}

bool MariaDbDriver::hasFeature(DriverFeature feature) const
{
    switch (feature) {
    case Transactions:
    case Unicode:
    case LastInsertId:
    case BLOB:
        return true;
    default:
        return false;
    }
}

bool MariaDbDriver::open(const QString &db, const QString &user, const QString &password, const QString &host,
                         int port, const QString &connOpts)
{
    if (isOpen())
        close();
    MariaDbConnectOptions options;
    options.host = host;
    options.port = port > 0 ? port : 3306;
    options.user = user;
    options.database = db;
    options.caFile = m_caFile;
    options.pinnedSha1 = m_pinnedSha1;
    for (const QString &option : connOpts.split(u';', Qt::SkipEmptyParts)) {
        const QString key = option.section(u'=', 0, 0).trimmed();
        const QString value = option.section(u'=', 1).trimmed();
        if (key == u"SSL_CA")
            options.caFile = value;
        else if (key == u"SIGNET_TLS_PEER_SHA1")
            options.pinnedSha1 = value.toLatin1();
        else if (key == u"MYSQL_OPT_CONNECT_TIMEOUT")
            options.connectTimeoutSeconds = value.toInt();
    }
    const Status opened = m_connection.open(options, SecretString::fromUtf8(password));
    if (!opened) {
        m_openError = opened.error();
        setLastError(
            QSqlError(m_openError.message, m_openError.hint, QSqlError::ConnectionError, m_openError.code));
        setOpenError(true);
        return false;
    }
    m_openError = {};
    setOpen(true);
    setOpenError(false);
    return true;
}

void MariaDbDriver::close()
{
    m_connection.close();
    setOpen(false);
    setOpenError(false);
}

QSqlResult *MariaDbDriver::createResult() const
{
    return new MariaDbResult(this);
}

bool MariaDbDriver::runSimple(const char *sql)
{
    const Status status = m_connection.execute(QByteArray(sql));
    if (!status)
        setLastError(QSqlError(status.error().message, {}, QSqlError::TransactionError, status.error().code));
    return status.ok();
}

bool MariaDbDriver::beginTransaction()
{
    return runSimple("START TRANSACTION");
}

bool MariaDbDriver::commitTransaction()
{
    return runSimple("COMMIT");
}

bool MariaDbDriver::rollbackTransaction()
{
    return runSimple("ROLLBACK");
}

QString MariaDbDriver::escapeIdentifier(const QString &identifier, IdentifierType) const
{
    if (identifier.startsWith(u'`') && identifier.endsWith(u'`') && identifier.size() > 1)
        return identifier;
    QString escaped = identifier;
    escaped.replace(u'`', QStringLiteral("``"));
    return u'`' + escaped + u'`';
}

QVariant MariaDbDriver::handle() const
{
    return QVariant::fromValue(static_cast<void *>(m_connection.handle()));
}

} // namespace signet::db
