// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the console's SQL statement splitter (quotes, comments, dollar quoting; by both
// families' rules) and the position of a server error inside a statement; both read text users
// paste and servers send.
#include "FuzzSupport.h"
#include "db/ServerErrorPosition.h"
#include "db/StatementSplitter.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const QString script = QString::fromUtf8(input);
    for (const WireFamily family : {WireFamily::MySql, WireFamily::Postgres}) {
        int previous = -1;
        for (const db::StatementSpan &span : db::splitStatements(script, family)) {
            // Each statement is non-empty, in order, and lies where it says in the script.
            fuzz::require(!span.text.trimmed().isEmpty());
            fuzz::require(span.offset > previous && span.offset + span.text.size() <= script.size());
            fuzz::require(QStringView(script).mid(span.offset, span.text.size()) == span.text);
            previous = span.offset;
        }
    }
    // Half the input as a statement, half as the server's message about it.
    const QString statement = script.left(script.size() / 2);
    const QString message = script.mid(script.size() / 2);
    for (const auto engine : {Engine::MySql, Engine::Postgres}) {
        const int offset = db::serverErrorOffset(engine, statement, message);
        fuzz::require(offset >= -1 && offset <= statement.size());
    }
    return 0;
}
