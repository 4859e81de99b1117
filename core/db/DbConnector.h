// SPDX-License-Identifier: GPL-3.0-or-later
// DbConnector: opens a QtSql connection for a DbTarget with each engine's TLS rules.
#pragma once

#include "db/DbTarget.h"
#include "db/MariaDbConnection.h"
#include "token/AuthToken.h"

#include <QSqlDatabase>

namespace signet::db {

// MySQL/MariaDB: TCP to the connect address, TLS enforced, chain verified against the CA file and
// the certificate against the endpoint name — directly, or for "connect via" by TlsPeerProbe plus
// a certificate pin. Blocks (network); call from a worker thread.
Result<MariaDbConnectOptions> mariaDbConnectOptions(const DbTarget &target);

// PostgreSQL libpq options: sslmode=verify-full, sslrootcert quoted, host = endpoint name (what
// the certificate must name) and, for "connect via", hostaddr = the via address.
QString postgresConnectOptions(const DbTarget &target, const QString &hostAddress);

// Validates the target, then opens the named connection in the calling thread with its family's
// rules (QtSql connections belong to their thread). Errors: "db.target.*", "db.tls" (nothing was
// sent), "db.auth" (the server refused the token), "db.connect".
Result<QSqlDatabase> openDatabase(const DbTarget &target, const token::AuthToken &token,
                                  const QString &connectionName);
// The same with a password instead of a token (the setup assistant's master-user login): the same
// TLS rules, so the password too leaves only over verified TLS. The password is not kept.
Result<QSqlDatabase> openDatabaseWithPassword(const DbTarget &target, const SecretString &password,
                                              const QString &connectionName);

} // namespace signet::db
