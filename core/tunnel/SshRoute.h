// SPDX-License-Identifier: GPL-3.0-or-later
// SshRoute: how to reach a database through an SSH bastion (user, host, port, identity, jump hosts).
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace signet::tunnel {

// Empty fields are left to OpenSSH (~/.ssh/config, the agent, port 22), so a Host alias works.
// Holds no secret: the identity is a file name, passphrases stay with the agent.
struct SshRoute final
{
    QString user;
    QString host;
    int port = 0; // 0: OpenSSH's choice (ssh config or 22)
    QString identityFile;
    QStringList jumpHosts; // ssh -J, in order

    bool isSet() const { return !host.isEmpty(); }
    // "user@host:port" with only the parts that are set.
    QString destinationText() const;
    // "user@host:port (via jump1,jump2)" for listings.
    QString displayText() const;
    // Parses "[user@]host[:port]" ("user@[::1]:22" for IPv6).
    static Result<SshRoute> parseDestination(const QString &text);
    // Problems worded for the user, field "ssh".
    QString problem() const;

    QJsonObject toJson() const;
    static SshRoute fromJson(const QJsonObject &object);

    bool operator==(const SshRoute &) const = default;
};

} // namespace signet::tunnel
