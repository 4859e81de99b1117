// SPDX-License-Identifier: GPL-3.0-or-later
// StatementKind: does a statement change data? The question a production console asks before it
// runs one. Conservative: what it cannot show to be a read counts as a change.
#pragma once

#include "endpoint/Engine.h"

#include <QString>

namespace signet::db {

// True unless the statement only reads: SELECT / WITH … SELECT / TABLE / VALUES without INTO,
// INSERT, UPDATE, DELETE, MERGE, REPLACE or a locking clause; SHOW, EXPLAIN (not EXPLAIN ANALYZE of
// a change), DESCRIBE, HELP; and session or transaction control (SET, USE, BEGIN, COMMIT, ROLLBACK,
// …). Comments, quoted text and dollar-quoted bodies are ignored, read by the family's rules.
bool changesData(const QString &statement, WireFamily family);

} // namespace signet::db
