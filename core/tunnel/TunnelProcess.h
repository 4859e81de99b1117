// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelProcess: how a tunnel's forwarding process (ssh, session-manager-plugin) is started and ended.
#pragma once

class QObject;
class QProcess;

namespace signet::tunnel {

// Before start: the process gets its own session (a Ctrl-C meant for Signet does not kill the tunnel
// under a client still using it; Signet stops it itself) and ends with Signet even when Signet is
// killed (Linux).
void detachFromTerminal(QProcess *process);
// Disconnects `receiver` from it, ends it (SIGTERM, then SIGKILL after 2 s) and deletes it later.
void endProcess(QProcess *process, const QObject *receiver);

} // namespace signet::tunnel
