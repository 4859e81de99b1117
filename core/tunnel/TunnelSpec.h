// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelSpec: one forward to open (the route, the database it reaches, the local port wanted).
#pragma once

#include "tunnel/SshRoute.h"

#include <QString>

namespace signet::tunnel {

struct TunnelSpec final
{
    SshRoute route;
    // The database as the bastion sees it: the real endpoint name, so nothing is signed for a local address.
    QString remoteHost;
    int remotePort = 0;
    // 0: a free port is chosen.
    int localPort = 0;

    // Users of the same key share one tunnel (the local port wanted is part of it).
    QString key() const;
    QString remoteText() const;

    bool operator==(const TunnelSpec &) const = default;
};

} // namespace signet::tunnel
