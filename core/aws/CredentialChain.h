// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialChain: finds the AWS credentials to sign with, in the AWS CLI's order.
#pragma once

#include "aws/CredentialCache.h"
#include "aws/CredentialChainOptions.h"
#include "aws/Credentials.h"
#include "aws/ResolvedCredentials.h"
#include "common/Result.h"

#include <QFuture>
#include <QProcessEnvironment>
#include <QString>

namespace signet::aws {

// The whole botocore chain: environment → assume-role → web identity → SSO → shared credentials
// file → credential_process → config file → container → IMDS (see CredentialResolver). Temporary
// credentials are cached (CredentialCache::global() unless set) until 5 minutes before expiry.
class CredentialChain final
{
public:
    explicit CredentialChain(QProcessEnvironment env = QProcessEnvironment::systemEnvironment(),
                             CredentialChainOptions options = {});

    // A chain that answers with these credentials only (a profile's static keys from the keychain):
    // no environment, no config files, no network. The secret stays in its SecretString.
    static CredentialChain fixed(ResolvedCredentials resolved);
    bool isFixed() const { return m_fixed != nullptr; }

    void setOptions(CredentialChainOptions options) { m_options = std::move(options); }
    const CredentialChainOptions &options() const { return m_options; }
    void setCache(std::shared_ptr<CredentialCache> cache) { m_cache = std::move(cache); }

    // `explicitProfile` is a profile the user named (e.g. --aws-profile); as in botocore, naming
    // one skips the environment's keys. Empty means AWS_DEFAULT_PROFILE, AWS_PROFILE or "default".
    // Finishes on the calling thread's event loop; never blocks.
    QFuture<Result<ResolvedCredentials>> resolveAsync(const QString &explicitProfile = {}) const;
    void resolve(const QString &explicitProfile, ResultCallback<ResolvedCredentials> done) const;

    // For the CLI only: runs a local event loop until the chain finishes or `timeoutMs` passes.
    Result<ResolvedCredentials> resolveDetailed(const QString &explicitProfile = {},
                                                int timeoutMs = 180000) const;
    Result<Credentials> resolve(const QString &explicitProfile = {}) const;

    // The profile that would be used, and the files read (after ~ and $VAR expansion).
    QString profileName(const QString &explicitProfile = {}) const;
    QString configFilePath() const;
    QString credentialsFilePath() const;
    // The region the environment or profile sets (AWS_REGION, AWS_DEFAULT_REGION, `region =`).
    QString defaultRegion(const QString &explicitProfile = {}) const;

private:
    QProcessEnvironment m_env;
    CredentialChainOptions m_options;
    std::shared_ptr<CredentialCache> m_cache;
    std::shared_ptr<const ResolvedCredentials> m_fixed;
};

} // namespace signet::aws
