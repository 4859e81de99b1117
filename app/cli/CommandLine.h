// SPDX-License-Identifier: GPL-3.0-or-later
// Shared plumbing for CLI subcommands: option parsing with one-line errors, output helpers.
#pragma once

#include "common/Error.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace signet::cli {

// Writes text to stdout / one line to stderr, UTF-8, flushed.
void printOut(const QString &text);
void printError(const QString &line);
// "signet <command>: <message> — <hint>" on stderr.
void printFailure(const QString &command, const Error &error);

// Parses `args` (argv[0] first, the subcommand word already removed) for `command`.
// When `proceed` is false the caller exits with `exitCode` (help was shown, or a usage error).
struct ParseOutcome
{
    bool proceed = false;
    int exitCode = 0;
};
ParseOutcome parseArguments(QCommandLineParser &parser, const QStringList &args, const QString &command,
                            const QString &description);

// An integer option, checked against [min, max]; the error names the option and the range.
std::optional<int> intOption(const QString &text, const QString &option, int min, int max, Error *error);

} // namespace signet::cli
