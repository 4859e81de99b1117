// SPDX-License-Identifier: GPL-3.0-or-later
// DbConnector: the connect options of each family and the validated entry to DbFamily::open.
#include "db/DbConnector.h"

#include "db/DbFamily.h"
#include "db/TlsPeerProbe.h"

namespace signet::db {

namespace {

constexpr int ConnectTimeoutSeconds = 15;

QString quoteOption(const QString &value)
{
    QString quoted = value;
    quoted.replace(u'\\', QStringLiteral("\\\\"));
    return u'\'' + quoted + u'\'';
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
    return openDatabaseWithPassword(target, token.secretText(), connectionName);
}

Result<QSqlDatabase> openDatabaseWithPassword(const DbTarget &target, const SecretString &password,
                                              const QString &connectionName)
{
    const Status valid = target.validate();
    if (!valid)
        return valid.error();
    return DbFamily::of(target).open(target, password, connectionName);
}

} // namespace signet::db
