// SPDX-License-Identifier: GPL-3.0-or-later
// DbTokenSigner: a fresh IAM token for a DbTarget, signed on every connect and reconnect.
#pragma once

#include "aws/CredentialChain.h"
#include "common/Clock.h"
#include "db/DbTarget.h"
#include "token/AuthToken.h"

namespace signet::db {

class DbTokenSigner final
{
public:
    explicit DbTokenSigner(aws::CredentialChain chain = aws::CredentialChain(),
                           const Clock &clock = Clock::system());

    // Resolves the credentials (the target's AWS profile or the default chain), picks the region
    // (explicit, from the endpoint name, or the profile's) and signs for the endpoint host:port,
    // never the "connect via" address.
    Result<token::AuthToken> sign(const DbTarget &target) const;

    const Clock &clock() const { return *m_clock; }
    // The credentials this signer signs with (the check's credentials step shows the same identity).
    const aws::CredentialChain &chain() const { return m_chain; }

private:
    aws::CredentialChain m_chain;
    const Clock *m_clock;
};

} // namespace signet::db
