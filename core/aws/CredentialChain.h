// CredentialChain: finds the AWS credentials to sign with, in the AWS CLI's order.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"

#include <QProcessEnvironment>
#include <QString>

namespace signet::aws {

// Resolves credentials the way botocore does for the providers that need no network: the
// environment, then static keys of the profile in the shared credentials file, then in the config
// file. A profile that needs another provider (assume-role, SSO, credential_process, web identity)
// is reported as such instead of being skipped silently, so the user never signs as someone else.
class CredentialChain final
{
public:
    explicit CredentialChain(QProcessEnvironment env = QProcessEnvironment::systemEnvironment());

    // `explicitProfile` is a profile the user named (e.g. --aws-profile); as in botocore, naming
    // one skips the environment's keys. Empty means AWS_DEFAULT_PROFILE, AWS_PROFILE or "default".
    Result<Credentials> resolve(const QString &explicitProfile = {}) const;

    // The profile that would be used, and the files read (after ~ and $VAR expansion).
    QString profileName(const QString &explicitProfile = {}) const;
    QString configFilePath() const;
    QString credentialsFilePath() const;
    // The region the environment or profile sets (AWS_REGION, AWS_DEFAULT_REGION, `region =`).
    QString defaultRegion(const QString &explicitProfile = {}) const;

private:
    QString expandPath(const QString &path) const;

    QProcessEnvironment m_env;
};

} // namespace signet::aws
