// SPDX-License-Identifier: GPL-3.0-or-later
// MariaDbDriver: Signet's QtSql driver for MySQL/MariaDB on Connector/C, TLS-enforcing, streaming.
#pragma once

#include "db/MariaDbConnection.h"

#include <QSqlDriver>

namespace signet::db {

// Used instead of Qt's QMYSQL, which on Debian cannot verify the server host name and falls back
// to plaintext (sending the token) when the server has no TLS. Results are forward-only and
// streamed with mysql_use_result, so memory stays bounded whatever the result size.
class MariaDbDriver final : public QSqlDriver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MariaDbDriver)

public:
    // The name registered with QSqlDatabase::registerSqlDriver.
    static QString driverName();
    // Registers driverName(); connect options "SSL_CA=<file>;SIGNET_TLS_PEER_SHA1=<hex>".
    static void registerDriver();

    explicit MariaDbDriver(QObject *parent = nullptr);
    ~MariaDbDriver() override;

    // Typed alternative to connect options; host/port/user/database come from open().
    void setTlsOptions(const QString &caFile, const QByteArray &pinnedSha1 = {});

    bool hasFeature(DriverFeature feature) const override;
    bool open(const QString &db, const QString &user, const QString &password, const QString &host, int port,
              const QString &connOpts) override;
    void close() override;
    QSqlResult *createResult() const override;
    bool beginTransaction() override;
    bool commitTransaction() override;
    bool rollbackTransaction() override;
    QString escapeIdentifier(const QString &identifier, IdentifierType type) const override;
    QVariant handle() const override;

    MariaDbConnection &connection() { return m_connection; }
    st_mysql *mysql() const { return m_connection.handle(); }
    // The Error of the last failed open(), with its code ("db.tls", "db.auth", ...).
    const Error &openError() const { return m_openError; }

private:
    bool runSimple(const char *sql);

    MariaDbConnection m_connection;
    QString m_caFile;
    QByteArray m_pinnedSha1;
    Error m_openError;
};

} // namespace signet::db
