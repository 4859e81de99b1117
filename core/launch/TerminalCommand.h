// SPDX-License-Identifier: GPL-3.0-or-later
// TerminalCommand: the command-line clients (mysql, mariadb, psql) started from the GUI run inside
// the user's terminal emulator: $TERMINAL, else Debian's x-terminal-emulator, else a known one.
#pragma once

#include "launch/Client.h"
#include "launch/ClientCommand.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace signet::launch {

struct Terminal final
{
    QString program;
    // What goes between the terminal and the command it runs: "-e" for most, "--" for
    // gnome-terminal, "-x" for xfce4-terminal.
    QStringList execArguments;
};

// mysql, mariadb and psql need a terminal; the GUI clients do not.
bool isTerminalClient(Client client);

// `findExecutable` maps a program name to its path (empty when not installed); by default
// QStandardPaths::findExecutable. nullopt when no terminal emulator is found.
std::optional<Terminal>
findTerminal(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
             const std::function<QString(const QString &)> &findExecutable = {});

// `client` run by `terminal`: same environment, private files and secrets; the client's program and
// arguments become the terminal's command (never one shell string).
ClientCommand inTerminal(const ClientCommand &client, const Terminal &terminal);

} // namespace signet::launch
