// SPDX-License-Identifier: GPL-3.0-or-later
// HostKeys: trusting an SSH bastion's host key on the user's say-so (the GUI's "Trust and Connect").
// The key is fetched with ssh-keyscan and written to the known_hosts file OpenSSH itself reads for the
// route (ssh -G), only when its fingerprint is the one ssh reported and the user was shown.
#pragma once

#include "common/Result.h"
#include "tunnel/SshRoute.h"

#include <QFuture>
#include <QString>
#include <QStringList>

namespace signet::tunnel {

struct HostKeyOptions final
{
    QString ssh = QStringLiteral("ssh");
    QString keyscan = QStringLiteral("ssh-keyscan");
    QString keygen = QStringLiteral("ssh-keygen");
    // Empty: SIGNET_SSH_CONFIG, else OpenSSH's own (~/.ssh/config).
    QString configFile;
    int timeoutMs = 10000;
};

// "SHA256:…" found in text (an ssh error message); empty when there is none.
QString fingerprintIn(const QString &text);

// Adds the bastion's key whose fingerprint is `fingerprint` ("SHA256:…") to the route's known_hosts.
// Errors: a route through jump hosts (the key cannot be fetched from here), no key with that
// fingerprint (the bastion answered with another key: not trusted), a known_hosts that cannot be written.
Status trustHostKey(const SshRoute &route, const QString &fingerprint, HostKeyOptions options = {});
// The same on the thread pool (it runs three programs), for the GUI.
QFuture<Status> trustHostKeyInBackground(const SshRoute &route, const QString &fingerprint,
                                         HostKeyOptions options = {});

} // namespace signet::tunnel
