// SPDX-License-Identifier: GPL-3.0-or-later
// AwsConfigFiles: the shared config and credentials files together, as botocore's session sees them.
#pragma once

#include "aws/SharedConfigFile.h"
#include "common/Result.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>

namespace signet::aws {

class AwsConfigFiles final
{
public:
    using Values = QMap<QString, QString>;

    // AWS_CONFIG_FILE (default ~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE (default
    // ~/.aws/credentials), with ~ and $VAR expanded. A missing file is empty; a malformed one is an
    // error naming the file and line.
    static Result<AwsConfigFiles> load(const QProcessEnvironment &env);

    static QString configPath(const QProcessEnvironment &env);
    static QString credentialsPath(const QProcessEnvironment &env);
    // os.path.expanduser + os.path.expandvars against `env`.
    static QString expandPath(const QString &path, const QProcessEnvironment &env);
    // AWS_DEFAULT_PROFILE, then AWS_PROFILE (botocore's order), then "default"; `explicitProfile` wins.
    static QString profileName(const QProcessEnvironment &env, const QString &explicitProfile = {});

    const SharedConfigFile &config() const { return m_config; }
    const SharedConfigFile &credentials() const { return m_credentials; }

    // botocore's full_config: the config file's profile, with the credentials file's [NAME]
    // section laid over it (the credentials file wins key by key).
    bool hasProfile(const QString &name) const;
    Values profile(const QString &name) const;
    // The region for `profile`: AWS_REGION, AWS_DEFAULT_REGION, else the profile's `region`.
    QString region(const QProcessEnvironment &env, const QString &profile) const;
    // Static keys only from one file: `[NAME]` in credentials, `[profile NAME]` in config.
    Values credentialsFileProfile(const QString &name) const;
    Values configFileProfile(const QString &name) const;
    bool hasSsoSession(const QString &name) const;
    Values ssoSession(const QString &name) const;
    // Every profile name either file defines, sorted.
    QStringList profileNames() const;

private:
    SharedConfigFile m_config;
    SharedConfigFile m_credentials;
};

} // namespace signet::aws
