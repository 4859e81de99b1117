// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialChain: the public face of credential resolution, with caching.
#include "aws/CredentialChain.h"

#include "aws/AwsConfigFiles.h"
#include "aws/CredentialResolver.h"

namespace signet::aws {

CredentialChain::CredentialChain(QProcessEnvironment env, CredentialChainOptions options)
    : m_env(std::move(env))
    , m_options(std::move(options))
    , m_cache(CredentialCache::global())
{}

CredentialChain CredentialChain::fixed(ResolvedCredentials resolved)
{
    // No files and no instance metadata, should anything look at the environment.
    QProcessEnvironment none;
    none.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/dev/null"));
    none.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/dev/null"));
    none.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    CredentialChain chain(none);
    chain.m_fixed = std::make_shared<const ResolvedCredentials>(std::move(resolved));
    return chain;
}

QString CredentialChain::configFilePath() const
{
    return AwsConfigFiles::configPath(m_env);
}

QString CredentialChain::credentialsFilePath() const
{
    return AwsConfigFiles::credentialsPath(m_env);
}

QString CredentialChain::profileName(const QString &explicitProfile) const
{
    return AwsConfigFiles::profileName(m_env, explicitProfile);
}

QString CredentialChain::defaultRegion(const QString &explicitProfile) const
{
    if (m_fixed)
        return {};
    const auto files = AwsConfigFiles::load(m_env);
    if (!files) {
        for (const QString &name : {QStringLiteral("AWS_REGION"), QStringLiteral("AWS_DEFAULT_REGION")}) {
            if (!m_env.value(name).isEmpty())
                return m_env.value(name);
        }
        return {};
    }
    return files->region(m_env, profileName(explicitProfile));
}

void CredentialChain::resolve(const QString &explicitProfile, ResultCallback<ResolvedCredentials> done) const
{
    if (m_fixed)
        return done(*m_fixed);
    // Everything that changes the answer is part of the key; an MFA code given up front is not
    // reusable, so it bypasses nothing but is harmless to share.
    const QString key =
        QStringList{explicitProfile.isEmpty() ? QStringLiteral("env:") : QStringLiteral("explicit:"),
                    profileName(explicitProfile), configFilePath(), credentialsFilePath(),
                    m_env.value(QStringLiteral("AWS_ACCESS_KEY_ID"))}
            .join(u'\x1f');
    const QProcessEnvironment env = m_env;
    const CredentialChainOptions options = m_options;
    const Clock &clock = m_options.clock ? *m_options.clock : Clock::system();
    m_cache->get(
        key, clock.now(),
        [env, options, explicitProfile](ResultCallback<ResolvedCredentials> fetched) {
            auto resolver = std::make_shared<CredentialResolver>(env, options);
            resolver->resolve(explicitProfile, std::move(fetched));
        },
        std::move(done));
}

QFuture<Result<ResolvedCredentials>> CredentialChain::resolveAsync(const QString &explicitProfile) const
{
    return futureFromCallback<ResolvedCredentials>(
        [this, explicitProfile](ResultCallback<ResolvedCredentials> done) {
            resolve(explicitProfile, std::move(done));
        });
}

Result<ResolvedCredentials> CredentialChain::resolveDetailed(const QString &explicitProfile,
                                                             int timeoutMs) const
{
    return waitForResult(resolveAsync(explicitProfile), timeoutMs, QStringLiteral("finding AWS credentials"));
}

Result<Credentials> CredentialChain::resolve(const QString &explicitProfile) const
{
    auto resolved = resolveDetailed(explicitProfile);
    if (!resolved)
        return resolved.error();
    return std::move(resolved->credentials);
}

} // namespace signet::aws
