// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialTestHome: a throw-away HOME with AWS config files and a clean environment for one test.
#pragma once

#include "aws/CredentialChain.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QUrl>

namespace signet::test {

class CredentialTestHome final
{
public:
    CredentialTestHome()
    {
        m_env.insert(QStringLiteral("HOME"), m_dir.path());
        m_env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin"));
        m_env.insert(QStringLiteral("AWS_CONFIG_FILE"), path(QStringLiteral("config")));
        m_env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), path(QStringLiteral("credentials")));
        m_env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QProcessEnvironment &env() { return m_env; }

    void write(const QString &name, const QByteArray &text) const
    {
        QDir().mkpath(QFileInfo(path(name)).absolutePath());
        QFile file(path(name));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(text);
    }
    void config(const QByteArray &text) const { write(QStringLiteral("config"), text); }
    void credentials(const QByteArray &text) const { write(QStringLiteral("credentials"), text); }

    // Aims STS, SSO and SSO-OIDC at a local server.
    void useServer(const QUrl &url)
    {
        const QString base = url.toString();
        for (const char *name : {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC"})
            m_env.insert(QString::fromLatin1(name), base);
    }

    // A chain with a cache of its own, so test cases do not see each other's credentials.
    aws::CredentialChain chain(aws::CredentialChainOptions options = {}) const
    {
        aws::CredentialChain out(m_env, std::move(options));
        out.setCache(std::make_shared<aws::CredentialCache>());
        return out;
    }

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
};

} // namespace signet::test
