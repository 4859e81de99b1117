// SPDX-License-Identifier: GPL-3.0-or-later
// LocalPort: a free loopback port for a tunnel's local end.
#pragma once

#include "common/Result.h"

namespace signet::tunnel {

// A port nobody listens on at 127.0.0.1 right now (the OS picks it). Another program may take it
// before ssh binds it; ssh then exits (ExitOnForwardFailure) and the tunnel reports it.
Result<int> chooseFreeLocalPort();
// Whether 127.0.0.1:port can be bound now.
bool isLocalPortFree(int port);

// Who listens on 127.0.0.1:port, as far as the system tells (Linux: /proc/net/tcp and /proc/PID/fd).
enum class PortListener
{
    Nobody,
    Process,
    Other,
    Unknown
};
// Whether the listener on 127.0.0.1:port is process `pid` (or one of its children): a tunnel is only
// ready once its own process listens, never because another program holds the port it chose.
PortListener localPortListener(int port, qint64 pid);

} // namespace signet::tunnel
