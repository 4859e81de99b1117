// SPDX-License-Identifier: GPL-3.0-or-later
// ResultFormat: CSV (RFC 4180) and JSON renderings of result rows, shared by `signet exec` and the console.
#pragma once

#include "db/ResultChunk.h"

#include <QByteArray>
#include <QStringList>

namespace signet::db {

// Header line, then one line per row; NULL is an empty field; CRLF-free ("\n").
QByteArray csvHeader(const QStringList &columns);
void appendCsvRow(QByteArray &out, const ResultChunk &chunk, int row);
// One JSON object per row ({"column": "text" | null}), without separators.
void appendJsonRow(QByteArray &out, const QStringList &columns, const ResultChunk &chunk, int row);
// Tab-separated text for the clipboard: tabs/newlines inside cells become spaces, NULL is empty.
void appendTsvRow(QByteArray &out, const ResultChunk &chunk, int row, int firstColumn, int lastColumn);

} // namespace signet::db
