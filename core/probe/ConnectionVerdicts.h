// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionVerdicts: the TCP and TLS steps' sentences for each way a connection can go wrong.
#pragma once

#include "probe/ProbeStep.h"
#include "probe/ProbeTarget.h"
#include "probe/WireTlsSession.h"

namespace signet::probe {

class ConnectionVerdicts final
{
public:
    static ProbeStep tcp(const ConnectOutcome &outcome, quint16 port, bool throughTunnel, int timeoutMs);
    static ProbeStep tls(const TlsOutcome &outcome, Engine engine, int timeoutMs);
    // A time limit as the verdicts say it: "2.5 s".
    static QString seconds(int milliseconds);
};

} // namespace signet::probe
