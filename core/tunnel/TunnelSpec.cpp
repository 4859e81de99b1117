// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelSpec: the sharing key and the remote's display text.
#include "tunnel/TunnelSpec.h"

#include "endpoint/Endpoint.h"

namespace signet::tunnel {

QString TunnelSpec::key() const
{
    return QStringLiteral("ssh|%1|%2|%3|%4|%5")
        .arg(route.destinationText(), route.identityFile, route.jumpHosts.join(u','), remoteText())
        .arg(localPort);
}

QString TunnelSpec::remoteText() const
{
    return hostPortText(remoteHost, remotePort);
}

} // namespace signet::tunnel
