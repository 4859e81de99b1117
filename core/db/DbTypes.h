// SPDX-License-Identifier: GPL-3.0-or-later
// Value types DbSession reports with: server facts, query failures with position, query summaries.
#pragma once

#include "common/Error.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace signet::db {

struct ServerInfo final
{
    QString serverVersion;
    QString tlsVersion;
    QString tlsCipher;
    // The user the server says we are.
    QString user;
    // The schema unqualified names resolve to (MySQL: the database; PostgreSQL: current_schema()).
    QString schema;
    // When the token used for this connection was signed (its age is shown, never its text).
    QDateTime tokenSignedAt;
    // "localhost:5432" or "localhost:5432 via 127.0.0.1:15432".
    QString route;
};

// Why a statement did not complete.
enum class QueryFailure
{
    // The server rejected the statement itself (syntax, a missing table, a constraint): the
    // editor marks it.
    Statement,
    // The user cancelled it (or it was queued behind a cancelled one and never sent).
    Cancelled,
    // No usable connection: connecting failed or the server went away.
    Connection,
};

struct QueryError final
{
    Error error;
    // 0-based character offset into the statement the server complained about; -1 if unknown.
    int offset = -1;
    QueryFailure kind = QueryFailure::Connection;
};

struct QuerySummary final
{
    qint64 rows = 0;
    qint64 affectedRows = -1;
    qint64 elapsedMs = 0;
    // From sending the statement to the first row being handed over; -1 without rows.
    qint64 firstRowMs = -1;
    bool isSelect = false;
};

} // namespace signet::db

Q_DECLARE_METATYPE(signet::db::ServerInfo)
Q_DECLARE_METATYPE(signet::db::QueryError)
Q_DECLARE_METATYPE(signet::db::QuerySummary)
