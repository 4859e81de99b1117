// SPDX-License-Identifier: GPL-3.0-or-later
// ServerErrorPosition: where in a statement the server's error message points, for the editor marker.
#pragma once

#include "db/DbTarget.h"

#include <QString>

namespace signet::db {

// Each returns a 0-based character offset into `statement`, or -1.
// The engine's family decides (DbFamily::errorOffset).
int serverErrorOffset(Engine engine, const QString &statement, const QString &serverMessage);
// PostgreSQL: the "LINE n: …" / caret lines libpq adds.
int postgresErrorOffset(const QString &statement, const QString &serverMessage);
// MySQL/MariaDB: "near '…' at line n".
int mysqlErrorOffset(const QString &statement, const QString &serverMessage);

} // namespace signet::db
