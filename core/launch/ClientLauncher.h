// SPDX-License-Identifier: GPL-3.0-or-later
// ClientLauncher: starts a ClientCommand detached (program + args, never a shell), through an
// injectable start function.
#pragma once

#include "common/Result.h"
#include "launch/ClientCommand.h"

#include <QProcessEnvironment>

#include <functional>

namespace signet::launch {

class ClientLauncher final
{
public:
    // Returns the started process id, or an error string from the OS.
    using StartFunction = std::function<Result<qint64>(const QString &program, const QStringList &arguments,
                                                       const QProcessEnvironment &environment)>;

    ClientLauncher();
    explicit ClientLauncher(StartFunction start)
        : m_start(std::move(start))
    {}

    // Starts the client; a failure names the path tried. The command's private files must stay
    // alive until the client has read them: the caller keeps the command (or a copy) for that.
    Result<qint64> startDetached(const ClientCommand &command) const;
    // Runs the client attached to this terminal (stdin/stdout/stderr inherited) and returns its
    // exit code; for mysql, mariadb and psql from the CLI. The client stays in this process group, so
    // a terminal's Ctrl-C reaches it as if the user had started it. The event loop runs meanwhile (a
    // tunnel under the client keeps being watched and restarted); `started` gets the client's
    // process id (to pass it a signal).
    static Result<int> runAttached(const ClientCommand &command,
                                   const std::function<void(qint64 pid)> &started = {});

private:
    StartFunction m_start;
};

} // namespace signet::launch
