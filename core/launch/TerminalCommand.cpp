// SPDX-License-Identifier: GPL-3.0-or-later
// TerminalCommand: terminal emulator lookup and the wrapped command.
#include "launch/TerminalCommand.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace signet::launch {

namespace {

// How each known terminal takes the command to run after its own options.
QStringList execArgumentsFor(const QString &program)
{
    const QString name = QFileInfo(program).fileName();
    if (name == u"gnome-terminal" || name == u"kgx" || name == u"ptyxis")
        return {QStringLiteral("--")};
    if (name == u"xfce4-terminal" || name == u"mate-terminal")
        return {QStringLiteral("-x")};
    if (name == u"kitty" || name == u"foot" || name == u"wezterm")
        return {};                 // they run what follows their options
    return {QStringLiteral("-e")}; // xterm, konsole, x-terminal-emulator, alacritty, urxvt …
}

} // namespace

bool isTerminalClient(Client client)
{
    return client == Client::MySql || client == Client::MariaDb || client == Client::Psql;
}

std::optional<Terminal> findTerminal(const QProcessEnvironment &environment,
                                     const std::function<QString(const QString &)> &findExecutable)
{
    const auto find = findExecutable ? findExecutable : [](const QString &name) {
        return QStandardPaths::findExecutable(name);
    };
    QStringList candidates;
    if (const QString chosen = environment.value(QStringLiteral("TERMINAL")).trimmed(); !chosen.isEmpty())
        candidates << chosen;
    candidates << QStringLiteral("x-terminal-emulator") << QStringLiteral("gnome-terminal")
               << QStringLiteral("konsole") << QStringLiteral("xfce4-terminal") << QStringLiteral("kgx")
               << QStringLiteral("mate-terminal") << QStringLiteral("alacritty") << QStringLiteral("kitty")
               << QStringLiteral("foot") << QStringLiteral("xterm");
    for (const QString &candidate : candidates) {
        const bool absolute = QFileInfo(candidate).isAbsolute();
        const QString path =
            absolute ? (QFileInfo(candidate).isExecutable() ? candidate : QString()) : find(candidate);
        if (!path.isEmpty())
            return Terminal{path, execArgumentsFor(candidate)};
    }
    return std::nullopt;
}

ClientCommand inTerminal(const ClientCommand &client, const Terminal &terminal)
{
    ClientCommand wrapped = client;
    wrapped.program = terminal.program;
    wrapped.arguments = terminal.execArguments;
    wrapped.arguments << client.program << client.arguments;
    return wrapped;
}

} // namespace signet::launch
