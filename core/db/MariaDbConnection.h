// SPDX-License-Identifier: GPL-3.0-or-later
// MariaDbConnection: one MariaDB Connector/C connection that sends the token only over verified TLS.
#pragma once

#include "common/Result.h"
#include "common/SecretString.h"

#include <QByteArray>
#include <QString>

struct st_mysql;

namespace signet::db {

struct MariaDbConnectOptions final
{
    // Where the TCP connection goes (always TCP, so "localhost" is never the Unix socket).
    QString host;
    int port = 3306;
    QString user;
    QString database;
    // PEM bundle anchoring the server certificate. Required.
    QString caFile;
    // Hex SHA-1 of a leaf certificate already verified against caFile and the endpoint name
    // (TlsPeerProbe), for "connect via": the library then checks the peer presents exactly that
    // certificate instead of matching the via address against it.
    QByteArray pinnedSha1;
    int connectTimeoutSeconds = 15;
};

class MariaDbConnection final
{
    Q_DISABLE_COPY_MOVE(MariaDbConnection)

public:
    MariaDbConnection() = default;
    ~MariaDbConnection();

    // TLS is enforced (MYSQL_OPT_SSL_ENFORCE: no byte of the login packet leaves before the
    // handshake succeeded), the chain is verified against caFile, the host name (or the pin) is
    // verified, and only then is the password sent with mysql_clear_password.
    Status open(const MariaDbConnectOptions &options, const SecretString &password);
    void close();
    bool isOpen() const { return m_mysql != nullptr; }

    st_mysql *handle() const { return m_mysql; }
    unsigned long threadId() const;
    QString serverVersion() const;
    QString tlsVersion() const;
    QString tlsCipher() const;

    // Runs a statement and discards any result (KILL QUERY, SET ...).
    Status execute(const QByteArray &sql);

    // The last error: server message and number; code "db.mysql.<errno>".
    Error lastError() const;
    unsigned int lastErrorNumber() const;
    // The connection is gone (server closed it, killed, restarted, network).
    static bool isConnectionLost(unsigned int errorNumber);

private:
    st_mysql *m_mysql = nullptr;
};

} // namespace signet::db
