// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialResolver: one run of the credential provider chain, in botocore's order.
#pragma once

#include "aws/AwsConfigFiles.h"
#include "aws/CredentialChainOptions.h"
#include "aws/ResolvedCredentials.h"

#include <QProcessEnvironment>

#include <memory>
#include <optional>

namespace signet::aws {

// environment → assume-role → web identity → SSO → shared credentials file → credential_process →
// config file → container → IMDS. A provider that does not apply passes to the next; one that
// applies and fails ends the run with its error, as in botocore. Create with std::make_shared;
// it keeps itself alive until `done` has been called.
class CredentialResolver final : public std::enable_shared_from_this<CredentialResolver>
{
public:
    using Maybe = std::optional<ResolvedCredentials>;

    CredentialResolver(QProcessEnvironment env, CredentialChainOptions options);

    // `explicitProfile` empty: the profile comes from the environment and environment keys count.
    void resolve(const QString &explicitProfile, ResultCallback<ResolvedCredentials> done);

private:
    using Step = std::function<void(ResultCallback<Maybe>)>;
    static void runSteps(std::shared_ptr<QList<Step>> steps, qsizetype index, ResultCallback<Maybe> done);

    Result<Maybe> fromEnvironment() const;
    Result<Maybe> fromStaticKeys(const AwsConfigFiles::Values &values, const QString &provider,
                                 const QString &profile, const QString &file) const;
    QList<Step> profileSteps(const QString &profile, bool useEnv);
    void assumeRole(const QString &profile, ResultCallback<ResolvedCredentials> done);
    void sourceCredentials(const QString &profile, const AwsConfigFiles::Values &role,
                           ResultCallback<ResolvedCredentials> done);
    void sourceProfileCredentials(const QString &sourceProfile, ResultCallback<ResolvedCredentials> done);
    void askMfaCode(const QString &profile, const QString &serial, ResultCallback<QString> done);
    void webIdentity(const QString &profile, bool useEnv, ResultCallback<Maybe> done);
    void sso(const QString &profile, ResultCallback<Maybe> done);
    void credentialProcess(const QString &profile, ResultCallback<Maybe> done);
    void container(bool required, ResultCallback<Maybe> done);
    void instanceMetadata(bool required, ResultCallback<Maybe> done);

    QProcessEnvironment m_env;
    CredentialChainOptions m_options;
    AwsConfigFiles m_files;
    QString m_region;
    QStringList m_visited;
};

} // namespace signet::aws
