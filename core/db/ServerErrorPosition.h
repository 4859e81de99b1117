// ServerErrorPosition: where in a statement the server's error message points, for the editor marker.
#pragma once

#include "db/DbTarget.h"

#include <QString>

namespace signet::db {

// PostgreSQL: the "LINE n: …" / caret lines libpq adds. MySQL/MariaDB: "near '…' at line n".
// Returns a 0-based character offset into `statement`, or -1.
int serverErrorOffset(Engine engine, const QString &statement, const QString &serverMessage);

} // namespace signet::db
