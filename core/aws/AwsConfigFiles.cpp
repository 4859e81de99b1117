// SPDX-License-Identifier: GPL-3.0-or-later
// AwsConfigFiles: profile lookup across the two shared files.
#include "aws/AwsConfigFiles.h"

#include <QDir>
#include <QRegularExpression>

namespace signet::aws {

QString AwsConfigFiles::expandPath(const QString &path, const QProcessEnvironment &env)
{
    QString expanded = path;
    if (expanded == u"~" || expanded.startsWith(QStringLiteral("~/"))) {
        const QString home = env.value(QStringLiteral("HOME"), QDir::homePath());
        expanded = home + expanded.mid(1);
    }
    static const QRegularExpression var(QStringLiteral(R"(\$(\w+)|\$\{(\w+)\})"));
    QString out;
    qsizetype last = 0;
    for (auto it = var.globalMatch(expanded); it.hasNext();) {
        const auto m = it.next();
        const QString name = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        out += QStringView(expanded).mid(last, m.capturedStart() - last);
        // os.path.expandvars leaves unknown variables as they are.
        out += env.contains(name) ? env.value(name) : m.captured(0);
        last = m.capturedEnd();
    }
    out += QStringView(expanded).mid(last);
    return out;
}

QString AwsConfigFiles::configPath(const QProcessEnvironment &env)
{
    return expandPath(env.value(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("~/.aws/config")), env);
}

QString AwsConfigFiles::credentialsPath(const QProcessEnvironment &env)
{
    return expandPath(
        env.value(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("~/.aws/credentials")), env);
}

QString AwsConfigFiles::profileName(const QProcessEnvironment &env, const QString &explicitProfile)
{
    if (!explicitProfile.isEmpty())
        return explicitProfile;
    for (const QString &name : {QStringLiteral("AWS_DEFAULT_PROFILE"), QStringLiteral("AWS_PROFILE")}) {
        const QString value = env.value(name);
        if (!value.isEmpty())
            return value;
    }
    return QStringLiteral("default");
}

Result<AwsConfigFiles> AwsConfigFiles::load(const QProcessEnvironment &env)
{
    auto config = SharedConfigFile::load(configPath(env));
    if (!config)
        return config.error();
    auto credentials = SharedConfigFile::load(credentialsPath(env));
    if (!credentials)
        return credentials.error();
    AwsConfigFiles files;
    files.m_config = std::move(*config);
    files.m_credentials = std::move(*credentials);
    return files;
}

AwsConfigFiles::Values AwsConfigFiles::credentialsFileProfile(const QString &name) const
{
    const auto *section = m_credentials.section(name);
    return section ? section->values : Values();
}

AwsConfigFiles::Values AwsConfigFiles::configFileProfile(const QString &name) const
{
    const auto *section = m_config.configProfile(name);
    return section ? section->values : Values();
}

bool AwsConfigFiles::hasProfile(const QString &name) const
{
    return m_config.configProfile(name) != nullptr || m_credentials.section(name) != nullptr;
}

QString AwsConfigFiles::region(const QProcessEnvironment &env, const QString &profile) const
{
    for (const QString &name : {QStringLiteral("AWS_REGION"), QStringLiteral("AWS_DEFAULT_REGION")}) {
        const QString value = env.value(name);
        if (!value.isEmpty())
            return value;
    }
    return this->profile(profile).value(QStringLiteral("region"));
}

AwsConfigFiles::Values AwsConfigFiles::profile(const QString &name) const
{
    Values merged = configFileProfile(name);
    const Values overlay = credentialsFileProfile(name);
    for (auto it = overlay.cbegin(); it != overlay.cend(); ++it)
        merged.insert(it.key(), it.value());
    return merged;
}

bool AwsConfigFiles::hasSsoSession(const QString &name) const
{
    return m_config.ssoSession(name) != nullptr;
}

AwsConfigFiles::Values AwsConfigFiles::ssoSession(const QString &name) const
{
    const auto *section = m_config.ssoSession(name);
    return section ? section->values : Values();
}

QStringList AwsConfigFiles::profileNames() const
{
    QStringList names = m_config.configProfileNames();
    for (const auto &section : m_credentials.sections()) {
        if (!names.contains(section.name))
            names.append(section.name);
    }
    names.sort();
    return names;
}

} // namespace signet::aws
