// SPDX-License-Identifier: GPL-3.0-or-later
// SshDiagnostics: reads what OpenSSH prints on stderr and says, in the user's words, why a tunnel failed.
#pragma once

#include "common/Error.h"
#include "tunnel/SshRoute.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace signet::tunnel {

// Named error codes, so callers and tests compare constants rather than literals.
namespace SshError {
inline constexpr auto HostKeyUnknown = "tunnel.host-key-unknown";
inline constexpr auto HostKeyChanged = "tunnel.host-key-changed";
inline constexpr auto AuthRefused = "tunnel.auth-refused";
inline constexpr auto Unreachable = "tunnel.unreachable";
inline constexpr auto ForwardFailed = "tunnel.forward-failed";
inline constexpr auto LocalPortBusy = "tunnel.local-port-busy";
inline constexpr auto NotStarted = "tunnel.ssh-missing";
inline constexpr auto Timeout = "tunnel.timeout";
inline constexpr auto Failed = "tunnel.ssh-failed";
} // namespace SshError

// Fed ssh's stderr (run with -v, so the server's host key fingerprint is printed) as it arrives;
// keeps only what explains a failure, so a long-lived tunnel's chatter does not pile up.
class SshDiagnostics final
{
public:
    void feed(const QByteArray &bytes);
    // "ssh-ed25519 SHA256:…" as ssh printed it; empty before the key exchange.
    QString hostKeyFingerprint() const { return m_fingerprint; }
    // Whether a channel to the database could not be opened from the bastion.
    bool forwardOpenFailed() const { return !m_openFailed.isEmpty(); }
    // Why ssh failed or exited, for a route to the database at remote (e.g. "db.example.com:5432").
    Error explain(const SshRoute &route, const QString &remote, int exitCode = 255) const;
    // The lines that are not debug chatter, newest last.
    QStringList messages() const { return m_messages; }
    // Another program listens on the tunnel's local port.
    static Error localPortBusy(int port);

private:
    // One SSH connection of the route, in the order ssh makes them: each jump host, then the bastion
    // (with -v each says "Authenticating to HOST:PORT", then its host key, then whether it is known).
    struct Hop
    {
        QString host;
        int port = 0;
        QString fingerprint;
        bool keyVerified = false;
        bool authenticated = false;
    };
    void line(const QString &text);
    // The hop whose host key was not accepted, or the first not logged in to; -1: none known.
    int failedHop(bool hostKey) const;
    // "bastion HOST (port P)" or "jump host HOST (port P)" for the hop, as the route names it.
    QString hopName(const SshRoute &route, int hop) const;
    SshRoute hopRoute(const SshRoute &route, int hop) const;

    QList<Hop> m_hops;

    QByteArray m_pending;
    QString m_fingerprint;
    QString m_openFailed;
    QStringList m_messages;
};

} // namespace signet::tunnel
