// SPDX-License-Identifier: GPL-3.0-or-later
// PostgresFamily: PostgreSQL and Aurora PostgreSQL through Qt's QPSQL driver on libpq.
#pragma once

#include "db/DbFamily.h"

namespace signet::db {

class PostgresFamily final : public DbFamily
{
public:
    Result<QSqlDatabase> open(const DbTarget &target, const SecretString &password,
                              const QString &connectionName) const override;
    Result<ServerInfo> describe(const QSqlDatabase &db) const override;
    // libpq's cancel request (PQcancel: the backend key only, no credential).
    std::shared_ptr<ServerCancel> serverCancel(const QSqlDatabase &db, const DbTarget &target,
                                               const DbTokenSigner &signer) const override;
    bool connectionLost(const QSqlDatabase &db, const QSqlError &error) const override;
    QueryError queryError(const QSqlError &error, const QString &statement) const override;
    // The "LINE n: …" and caret lines libpq adds.
    int errorOffset(const QString &statement, const QString &serverMessage) const override;
    RowReader rowReader(QSqlQuery &query) const override;
    QString schemaQuery() const override;
    // `name` in double quotes.
    QString quoteIdentifier(const QString &name) const override;
};

} // namespace signet::db
