// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionStrings: JDBC URLs, libpq conninfo/URI, environment variables and the password-command
// line for a LaunchTarget.
#pragma once

#include "common/Result.h"
#include "launch/Client.h"
#include "launch/ClientCommand.h"
#include "launch/LaunchTarget.h"

#include <QString>

#include <optional>

namespace signet::launch {

// The CA path every TLS setting needs; an error with a hint when the target has none.
Result<QString> requireCaFile(const LaunchTarget &target);

// The JDBC driver class for the target's engine (MySQL Connector/J, MariaDB Connector/J, pgjdbc).
QString jdbcDriverClass(Engine engine);

// A JDBC URL with TLS verification filled in (no password in it):
//  mysql:    jdbc:mysql://H:P/DB?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:…p12
//            &trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit
//  mariadb:  jdbc:mariadb://H:P/DB?useSsl=true&sslMode=verify-full&serverSslCert=CA
//            (useSsl for Connector/J 2.x, sslMode for 3.x; both verify chain and host name;
//            DB and CA as they are, see mariadbUrlValue)
//  postgres: jdbc:postgresql://H:P/DB?sslmode=verify-full&sslrootcert=CA
// With "connect via" the host name cannot match the certificate: VERIFY_CA / verify-ca.
// MySQL needs a PKCS12 trust store (Connector/J takes no PEM); it is created in
// options.trustStoreDirectory.
Result<QString> jdbcUrl(const LaunchTarget &target, const BuildOptions &options);

// A value as MariaDB Connector/J (2.x and 3.x) reads its URL: it splits the query on "&" and each
// part at its first "=", takes the database as the text between "/" and "?", and decodes nothing,
// so the value goes in as it is (a percent-encoded path would name another file). Nothing when
// the value cannot be written there ("&" in a query value; "/", "?" or "&" in the database).
enum class MariaDbUrlPart
{
    QueryValue,
    Database
};
std::optional<QString> mariadbUrlValue(const QString &value,
                                       MariaDbUrlPart part = MariaDbUrlPart::QueryValue);

// libpq keyword/value conninfo: host= port= dbname= user= sslmode=verify-full sslrootcert=
// (+ hostaddr= when connecting via an address), each value quoted by libpq's rules.
Result<QString> libpqConninfo(const LaunchTarget &target);
// The same as a postgresql:// URI.
Result<QString> libpqUri(const LaunchTarget &target);

// The variables a client reads (PG* or MYSQL_*), the token marked secret.
Result<QList<EnvironmentEntry>> environmentFor(const LaunchTarget &target, const QString &token);

// The program + arguments that print a fresh token on stdout, for tools that run a "password
// command" (pgAdmin's Password exec command, TablePlus).
ClientCommand passwordCommand(const LaunchTarget &target, const BuildOptions &options);

// libpq's quoting of one conninfo value: bare when safe, else '…' with \ and ' escaped.
QString quoteConninfoValue(const QString &value);

} // namespace signet::launch
