// DbConnector: per-engine connection set-up; the only place the token is handed to a driver.
#include "db/DbConnector.h"

#include "db/MariaDbDriver.h"
#include "db/TlsPeerProbe.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QSqlError>

namespace signet::db {

namespace {

constexpr int ConnectTimeoutSeconds = 15;

QString quoteOption(const QString &value)
{
    QString quoted = value;
    quoted.replace(u'\\', QStringLiteral("\\\\"));
    return u'\'' + quoted + u'\'';
}

Error classifyPostgres(const QString &text)
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

} // namespace

Result<MariaDbConnectOptions> mariaDbConnectOptions(const DbTarget &target)
{
    MariaDbConnectOptions options;
    options.host = target.connectHost();
    options.port = target.connectPort();
    options.user = target.user;
    options.database = target.database;
    options.caFile = target.caFile;
    options.connectTimeoutSeconds = ConnectTimeoutSeconds;
    // Through a tunnel (the library would match the via address) and for verify-ca (no name check),
    // Signet verifies the certificate itself and pins the library to exactly that certificate.
    const bool viaOtherHost =
        target.hasVia() && target.connectHost().compare(target.host, Qt::CaseInsensitive) != 0;
    if (viaOtherHost || !target.verifyHostName) {
        const auto pin = probeMySqlPeerCertificate(target.connectHost(), target.connectPort(),
                                                   target.verifyHostName ? target.host : QString(),
                                                   target.caFile, ConnectTimeoutSeconds * 1000);
        if (!pin)
            return pin.error();
        options.pinnedSha1 = *pin;
    }
    return options;
}

QString postgresConnectOptions(const DbTarget &target, const QString &hostAddress)
{
    QStringList options{
        target.verifyHostName ? QStringLiteral("sslmode=verify-full") : QStringLiteral("sslmode=verify-ca"),
        QStringLiteral("sslrootcert=") + quoteOption(target.caFile), QStringLiteral("gssencmode=disable"),
        QStringLiteral("connect_timeout=%1").arg(ConnectTimeoutSeconds),
        QStringLiteral("application_name=signet")};
    if (!hostAddress.isEmpty())
        options << QStringLiteral("hostaddr=") + hostAddress;
    return options.join(u';');
}

Result<QSqlDatabase> openDatabase(const DbTarget &target, const token::AuthToken &token,
                                  const QString &connectionName)
{
    const Status valid = target.validate();
    if (!valid)
        return valid.error();
    if (target.isMySqlFamily()) {
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
        db.setPassword(token.text());
        const bool opened = db.open();
        db.setPassword(QString());
        if (!opened)
            return driver->openError();
        return db;
    }

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
    db.setHostName(target.host);
    db.setPort(target.connectPort());
    db.setUserName(target.user);
    db.setDatabaseName(target.database.isEmpty() ? QStringLiteral("postgres") : target.database);
    db.setConnectOptions(postgresConnectOptions(target, hostAddress));
    db.setPassword(token.text());
    const bool opened = db.open();
    db.setPassword(QString());
    if (!opened)
        return classifyPostgres(db.lastError().databaseText());
    return db;
}

} // namespace signet::db
