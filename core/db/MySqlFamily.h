// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlFamily: MySQL, MariaDB and Aurora MySQL through Signet's own TLS-enforcing MariaDB driver.
#pragma once

#include "db/DbFamily.h"

namespace signet::db {

class MySqlFamily final : public DbFamily
{
public:
    Result<QSqlDatabase> open(const DbTarget &target, const SecretString &password,
                              const QString &connectionName) const override;
    Result<ServerInfo> describe(const QSqlDatabase &db) const override;
    // KILL QUERY <thread id> on a side connection (fresh token, the same TLS rules).
    std::shared_ptr<ServerCancel> serverCancel(const QSqlDatabase &db, const DbTarget &target,
                                               const DbTokenSigner &signer) const override;
    bool connectionLost(const QSqlDatabase &db, const QSqlError &error) const override;
    QueryError queryError(const QSqlError &error, const QString &statement) const override;
    // "near '…' at line n".
    int errorOffset(const QString &statement, const QString &serverMessage) const override;
    RowReader rowReader(QSqlQuery &query) const override;
    QString schemaQuery() const override;
    // `name` in backticks.
    QString quoteIdentifier(const QString &name) const override;
};

} // namespace signet::db
