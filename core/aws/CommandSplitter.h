// SPDX-License-Identifier: GPL-3.0-or-later
// CommandSplitter: splits a credential_process line into program and arguments as Python's shlex does.
#pragma once

#include "common/Result.h"

#include <QStringList>

namespace signet::aws {

class CommandSplitter final
{
public:
    // POSIX shlex.split(text) (comments off): whitespace separates words; '...' is literal;
    // "..." keeps everything but lets a backslash escape '"' and '\'; a backslash outside quotes
    // escapes the next character. An unclosed quote or a trailing backslash is an error.
    static Result<QStringList> split(const QString &text);
};

} // namespace signet::aws
