// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelSpec: one forward to open (an SSH or an SSM route, the database it reaches, the local port wanted).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/Credentials.h"
#include "tunnel/SshRoute.h"
#include "tunnel/SsmRoute.h"

#include <QString>

#include <functional>

namespace signet::tunnel {

// How an SSM tunnel gets the AWS credentials it calls StartSession and TerminateSession with (the
// profile's, through its ProfileService); called again for each session.
using SsmCredentials = std::function<void(aws::ResultCallback<aws::Credentials>)>;

struct TunnelSpec final
{
    // The SSH route (set for an SSH tunnel).
    SshRoute route;
    // The database as the bastion (or the SSM agent) sees it: the real endpoint name, so nothing is
    // signed for a local address.
    QString remoteHost;
    int remotePort = 0;
    // 0: a free port is chosen.
    int localPort = 0;

    // The SSM route (set for an SSM tunnel), its region filled in.
    SsmRoute ssm{};
    // The AWS profile name the session-manager-plugin is given (as `aws --profile`; empty: none).
    QString ssmProfile{};
    // Who signs the SSM calls ("aws-profile:prod", "keys:<profile id>"): tunnels of different
    // identities are not shared.
    QString ssmSigner{};
    // Not part of the key.
    SsmCredentials ssmCredentials{};

    bool isSsm() const { return ssm.isSet(); }
    // Users of the same key share one tunnel (the local port wanted is part of it).
    QString key() const;
    QString remoteText() const;
    // "SSH tunnel to bastion.example.com" / "SSM session to i-0123… (eu-west-1)", for the user.
    QString title() const;
};

} // namespace signet::tunnel
