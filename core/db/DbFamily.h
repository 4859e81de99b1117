// SPDX-License-Identifier: GPL-3.0-or-later
// DbFamily: everything that differs between the MySQL wire family and PostgreSQL, behind one interface.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "db/DbTypes.h"
#include "db/ResultChunk.h"
#include "token/AuthToken.h"

#include <QSqlDatabase>

#include <functional>
#include <memory>

class QSqlError;
class QSqlQuery;

namespace signet::db {

// Stops the statement running on one connection, from another thread. cancel() may block (network)
// and runs on the thread pool; prepare() runs there once after the connection opened (a MySQL side
// connection is opened ahead, so a cancel is one KILL QUERY away).
class ServerCancel
{
public:
    virtual ~ServerCancel() = default;
    virtual void prepare() {}
    virtual void cancel() = 0;
};

// Appends the query's current row to a chunk (columnCount cells).
using RowReader = std::function<void(ResultChunk &chunk)>;

// One strategy per wire family; DbWorker, QueryCanceller and the schema reader call only this.
// Adding an engine of an existing family needs nothing here; a new wire family is one more subclass
// and one more line in of().
class DbFamily
{
public:
    virtual ~DbFamily() = default;

    // The strategy for the target's wire family.
    static const DbFamily &of(const DbTarget &target);

    // Opens the named QtSql connection in the calling thread with the family's TLS rules (the
    // password — an IAM token, or the master password the setup assistant was given — leaves only
    // over verified TLS). Errors: "db.tls" (nothing was sent), "db.auth", "db.connect", "db.driver".
    virtual Result<QSqlDatabase> open(const DbTarget &target, const SecretString &password,
                                      const QString &connectionName) const = 0;
    // Server version, the user the server says we are, TLS version and cipher; an error when the
    // connection turns out not to be encrypted. Also sets what the console expects (bytea as hex).
    virtual Result<ServerInfo> describe(const QSqlDatabase &db) const = 0;
    // What cancels the statement running on `db` (nullptr when the driver gives no handle).
    virtual std::shared_ptr<ServerCancel> serverCancel(const QSqlDatabase &db, const DbTarget &target,
                                                       const DbTokenSigner &signer) const = 0;
    // The connection is gone (server restart, kill, network) rather than the statement failing.
    virtual bool connectionLost(const QSqlDatabase &db, const QSqlError &error) const = 0;
    // A failed statement as the user should read it: code, primary message, offset into `statement`.
    virtual QueryError queryError(const QSqlError &error, const QString &statement) const = 0;
    // 0-based character offset into `statement` that the server's message points at, or -1.
    virtual int errorOffset(const QString &statement, const QString &serverMessage) const = 0;
    // Reads the rows of an executed forward-only query cell by cell, in the fastest way the driver
    // allows; the reader is valid while `query` is.
    virtual RowReader rowReader(QSqlQuery &query) const;
    // Schema, table, column, type of every user table column, ordered by schema, table, position.
    virtual QString schemaQuery() const = 0;
    // `name` as a quoted identifier in this family's SQL (any name, reserved words and case kept).
    virtual QString quoteIdentifier(const QString &name) const = 0;
};

} // namespace signet::db
