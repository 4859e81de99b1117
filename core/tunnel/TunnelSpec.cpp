// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelSpec: the sharing key and the display texts.
#include "tunnel/TunnelSpec.h"

#include "endpoint/Endpoint.h"

#include <QCoreApplication>

namespace signet::tunnel {

QString TunnelSpec::key() const
{
    if (isSsm())
        return QStringLiteral("ssm|%1|%2|%3|%4|%5")
            .arg(ssm.target, ssm.region, ssmSigner, remoteText())
            .arg(localPort);
    return QStringLiteral("ssh|%1|%2|%3|%4|%5")
        .arg(route.destinationText(), route.identityFile, route.jumpHosts.join(u','), remoteText())
        .arg(localPort);
}

QString TunnelSpec::remoteText() const
{
    return hostPortText(remoteHost, remotePort);
}

QString TunnelSpec::title() const
{
    if (isSsm())
        return QCoreApplication::translate("signet::tunnel::TunnelSpec", "SSM session to %1")
            .arg(ssm.displayText());
    return QCoreApplication::translate("signet::tunnel::TunnelSpec", "SSH tunnel to %1").arg(route.host);
}

} // namespace signet::tunnel
