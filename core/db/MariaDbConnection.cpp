// SPDX-License-Identifier: GPL-3.0-or-later
// MariaDbConnection: Connector/C options that make the IAM token travel only over verified TLS.
#include "db/MariaDbConnection.h"

#include <QFile>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

namespace signet::db {

MariaDbConnection::~MariaDbConnection()
{
    close();
}

Status MariaDbConnection::open(const MariaDbConnectOptions &options, const SecretString &password)
{
    close();
    if (options.caFile.isEmpty())
        return makeError(QStringLiteral("db.tls.no-ca"), QStringLiteral("no CA file is set"),
                         QStringLiteral("The token is only sent over verified TLS: give the RDS CA bundle."));
    m_mysql = mysql_init(nullptr);
    if (!m_mysql)
        return makeError(QStringLiteral("db.mysql.init"), QStringLiteral("out of memory"));

    const unsigned int tcp = MYSQL_PROTOCOL_TCP;
    const my_bool on = 1;
    const unsigned int timeout = unsigned(options.connectTimeoutSeconds);
    const QByteArray ca = QFile::encodeName(options.caFile);
    bool set = mysql_optionsv(m_mysql, MYSQL_OPT_PROTOCOL, &tcp) == 0;
    set = set && mysql_optionsv(m_mysql, MYSQL_OPT_SSL_ENFORCE, &on) == 0;
    set = set && mysql_optionsv(m_mysql, MYSQL_OPT_SSL_CA, ca.constData()) == 0;
    if (options.pinnedSha1.isEmpty())
        set = set && mysql_optionsv(m_mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on) == 0;
    else
        set = set && mysql_optionsv(m_mysql, MARIADB_OPT_TLS_PEER_FP, options.pinnedSha1.constData()) == 0;
    set = set && mysql_optionsv(m_mysql, MYSQL_ENABLE_CLEARTEXT_PLUGIN, &on) == 0;
    // RDS IAM users authenticate with mysql_clear_password; the native scramble is the server's
    // default first step. Nothing else (no "dialog", no plugins loaded from disk) may answer.
    set = set && mysql_optionsv(m_mysql, MARIADB_OPT_RESTRICTED_AUTH,
                                "mysql_clear_password,mysql_native_password") == 0;
    set = set && mysql_optionsv(m_mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout) == 0;
    set = set && mysql_optionsv(m_mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4") == 0;
    if (!set) {
        close();
        return makeError(QStringLiteral("db.mysql.options"),
                         QStringLiteral("the MariaDB client library refused a TLS option"),
                         QStringLiteral("Install MariaDB Connector/C 3.3 or later."));
    }

    const QByteArray host = options.host.toUtf8();
    const QByteArray user = options.user.toUtf8();
    const QByteArray database = options.database.toUtf8();
    const bool connected =
        mysql_real_connect(m_mysql, host.constData(), user.constData(), password.reveal().constData(),
                           database.isEmpty() ? nullptr : database.constData(), unsigned(options.port),
                           nullptr, CLIENT_MULTI_RESULTS) != nullptr;
    if (!connected) {
        Error error = lastError();
        const unsigned int number = lastErrorNumber();
        if (number == CR_SSL_CONNECTION_ERROR || error.message.contains(QLatin1String("SSL")) ||
            error.message.contains(QLatin1String("TLS")) ||
            error.message.contains(QLatin1String("erificat")) ||
            error.message.contains(QLatin1String("ingerprint"))) {
            error.code = QStringLiteral("db.tls");
            error.hint =
                QStringLiteral("The token was not sent: the server must offer TLS with a certificate "
                               "for %1 signed by the CA bundle.")
                    .arg(options.host);
        } else if (number == ER_ACCESS_DENIED_ERROR) {
            error.code = QStringLiteral("db.auth");
            error.hint = QStringLiteral("Check the user has IAM authentication and the identity may "
                                        "rds-db:connect as it.");
        }
        close();
        return error;
    }
    // Defence in depth: a session without a cipher must never be used.
    if (!mysql_get_ssl_cipher(m_mysql)) {
        close();
        return makeError(QStringLiteral("db.tls"), QStringLiteral("the connection is not encrypted"),
                         QStringLiteral("Refusing to use it."));
    }
    return Unit{};
}

void MariaDbConnection::close()
{
    if (m_mysql) {
        mysql_close(m_mysql);
        m_mysql = nullptr;
    }
}

unsigned long MariaDbConnection::threadId() const
{
    return m_mysql ? mysql_thread_id(m_mysql) : 0;
}

QString MariaDbConnection::serverVersion() const
{
    return m_mysql ? QString::fromUtf8(mysql_get_server_info(m_mysql)) : QString();
}

QString MariaDbConnection::tlsVersion() const
{
    const char *version = nullptr;
    if (m_mysql)
        mariadb_get_infov(m_mysql, MARIADB_CONNECTION_TLS_VERSION, &version);
    return version ? QString::fromLatin1(version) : QString();
}

QString MariaDbConnection::tlsCipher() const
{
    const char *cipher = m_mysql ? mysql_get_ssl_cipher(m_mysql) : nullptr;
    return cipher ? QString::fromLatin1(cipher) : QString();
}

Status MariaDbConnection::execute(const QByteArray &sql)
{
    if (!m_mysql)
        return makeError(QStringLiteral("db.closed"), QStringLiteral("the connection is closed"));
    if (mysql_real_query(m_mysql, sql.constData(), sql.size()) != 0)
        return lastError();
    do {
        if (MYSQL_RES *result = mysql_store_result(m_mysql))
            mysql_free_result(result);
    } while (mysql_next_result(m_mysql) == 0);
    return Unit{};
}

Error MariaDbConnection::lastError() const
{
    if (!m_mysql)
        return makeError(QStringLiteral("db.closed"), QStringLiteral("the connection is closed"));
    return makeError(QStringLiteral("db.mysql.%1").arg(mysql_errno(m_mysql)),
                     QString::fromUtf8(mysql_error(m_mysql)));
}

unsigned int MariaDbConnection::lastErrorNumber() const
{
    return m_mysql ? mysql_errno(m_mysql) : CR_SERVER_GONE_ERROR;
}

bool MariaDbConnection::isConnectionLost(unsigned int errorNumber)
{
    return errorNumber == CR_SERVER_GONE_ERROR || errorNumber == CR_SERVER_LOST ||
           errorNumber == ER_CONNECTION_KILLED || errorNumber == 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */
           || errorNumber == ER_SERVER_SHUTDOWN
           // On an established session, a TLS read error means the peer went away mid-record.
           || errorNumber == CR_SSL_CONNECTION_ERROR;
}

} // namespace signet::db
