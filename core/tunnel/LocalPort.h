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

} // namespace signet::tunnel
