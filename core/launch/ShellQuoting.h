// SPDX-License-Identifier: GPL-3.0-or-later
// ShellQuoting: a ClientCommand as text to paste into bash/zsh, PowerShell or cmd.exe.
#pragma once

#include "common/Result.h"
#include "launch/ClientCommand.h"

#include <QString>

#include <optional>

namespace signet::launch {

enum class Shell
{
    Bash, // also zsh and any POSIX sh
    PowerShell,
    Cmd,
};

QString shellName(Shell shell);
std::optional<Shell> shellFromName(const QString &name);
// The shell of the platform Signet runs on (PowerShell on Windows, bash elsewhere).
Shell nativeShell();

// One word, quoted so the shell hands it to the program unchanged.
// bash: single quotes ('\'' for a quote); words made only of safe characters stay bare.
QString quoteBash(const QString &word);
// PowerShell: single quotes with ' (and its typographic look-alikes, which PowerShell also
// treats as quotes) doubled; nothing expands inside.
QString quotePowerShell(const QString &word);
// cmd.exe: the MSVC runtime's argv quoting, then every cmd metacharacter (including " and %)
// escaped with ^ so cmd neither splits, expands nor redirects. cmd cannot carry a line break
// inside an argument: such a word is an error.
Result<QString> quoteCmd(const QString &word);

// The whole command line: environment assignments, then the program and its arguments. Secrets
// are redacted unless `revealSecrets`. Fails only for cmd with a line break in a word.
Result<QString> commandText(const ClientCommand &command, Shell shell, bool revealSecrets);

// "export NAME=value" lines (or $env: / set lines) for the given variables.
Result<QString> environmentText(const QList<EnvironmentEntry> &entries, Shell shell, bool revealSecrets);

} // namespace signet::launch
