// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeOptions: what a check depends on besides its target (environment, clock, timeouts, login).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/CredentialChain.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "probe/ProbeTarget.h"

#include <QProcessEnvironment>

#include <functional>
#include <memory>
#include <optional>

namespace signet::probe {

// The final step: a real login with a fresh token and `SELECT 1`, provided by the app (DbSession).
// It must call `done` exactly once, on the thread the probe lives in, and never block.
using LoginFunction = std::function<void(const ProbeTarget &target, std::function<void(Status)> done)>;

// The credentials step: resolves what the login signs with, named by where it comes from (an AWS
// profile, environment keys, static keys from the keychain). An error (no secret in the keychain,
// no keychain at all) fails the credentials step after the network steps ran. `done` is called once,
// on the probe's thread.
using CredentialsFunction =
    std::function<void(const ProbeTarget &target, aws::ResultCallback<aws::ResolvedCredentials> done)>;

// The route step: opens the profile's tunnel (an SSH bastion) and answers with the local address the
// network steps then connect to, while the token and TLS stay with the endpoint. `done` is called
// once, on the probe's thread.
struct TunnelOpened final
{
    QString viaHost;
    int viaPort = 0;
    QString verdict; // "SSH tunnel to bastion.example.com: up in 180 ms"
    // Held by the probe while its run lasts (dropped when it finishes, is cancelled or destroyed):
    // whoever opened the tunnel gives it back when the last copy goes. May be null.
    std::shared_ptr<void> lease;
};
using TunnelFunction = std::function<void(std::function<void(Result<TunnelOpened>)> done)>;

// The target's AWS profile resolved through `chain`.
CredentialsFunction credentialsFrom(aws::CredentialChain chain);
// Always fails with `error` (e.g. the keychain could not give the profile's keys).
CredentialsFunction credentialsFailing(Error error);

struct ProbeOptions final
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const Clock *clock = &Clock::system();
    QString caStoreDirectory; // empty: CaBundleStore::defaultDirectory()
    int tunnelTimeoutMs = 25000;
    int dnsTimeoutMs = 3000;
    int tcpTimeoutMs = 4000;
    int tlsTimeoutMs = 5000;
    int credentialsTimeoutMs = 8000;
    int stsTimeoutMs = 4000;
    int loginTimeoutMs = 15000;
    TunnelFunction tunnel; // unset: the route step reports a direct connection or the target's via
    LoginFunction login;   // unset: the login step is reported as skipped, never as passed
    // The credentials the login signs with, for the credentials step; unset: the AWS chain of
    // `environment`. A profile with environment or keychain keys sets its own.
    CredentialsFunction credentials;
};

} // namespace signet::probe
