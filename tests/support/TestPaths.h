// SPDX-License-Identifier: GPL-3.0-or-later
// Where tests find the source tree's data files, whatever directory CTest runs them from.
#pragma once

#include <QString>

namespace signet::test {

// The repository root, from SIGNET_SOURCE_DIR (set by signet_add_test).
QString sourceDir();
// A file below tests/data (or any path relative to the repository root).
QString sourcePath(const QString &relative);

} // namespace signet::test
