// ProbeOptions: what a check depends on besides its target (environment, clock, timeouts, login).
#pragma once

#include "aws/CredentialChain.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "probe/ProbeTarget.h"

#include <QProcessEnvironment>

#include <functional>
#include <optional>

namespace signet::probe {

// The final step: a real login with a fresh token and `SELECT 1`, provided by the app (DbSession).
// It must call `done` exactly once, on the thread the probe lives in, and never block.
using LoginFunction = std::function<void(const ProbeTarget &target, std::function<void(Status)> done)>;

struct ProbeOptions final
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const Clock *clock = &Clock::system();
    QString caStoreDirectory; // empty: CaBundleStore::defaultDirectory()
    int dnsTimeoutMs = 3000;
    int tcpTimeoutMs = 4000;
    int tlsTimeoutMs = 5000;
    int credentialsTimeoutMs = 8000;
    int stsTimeoutMs = 4000;
    int loginTimeoutMs = 15000;
    LoginFunction login; // unset: the login step is reported as skipped, never as passed
    // The credentials the login signs with, for the credentials step; unset: the AWS chain of
    // `environment`. A profile with environment or keychain keys sets its own.
    std::optional<aws::CredentialChain> credentials;
};

} // namespace signet::probe
