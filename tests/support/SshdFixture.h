// SPDX-License-Identifier: GPL-3.0-or-later
// SshdFixture: a real OpenSSH server on a loopback port with throwaway host and user keys in a
// temporary directory (no system service touched), and the client configurations a test points
// SIGNET_SSH_CONFIG at: one whose known_hosts has the server's key, one whose known_hosts is empty.
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace signet::test_support {

class SshdFixture final
{
public:
    SshdFixture() = default;
    ~SshdFixture();
    Q_DISABLE_COPY_MOVE(SshdFixture)

    // Keys, sshd_config, the server; an empty string when it runs, else why not.
    QString start();
    void stop();

    int port() const { return m_port; }
    QString user() const { return m_user; }
    // "user@127.0.0.1:port", as the profile's --ssh takes it.
    QString destination() const;
    // "SHA256:…" of the server's host key.
    QString fingerprint() const { return m_fingerprint; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    // The identity the server accepts, and one it refuses.
    QString userKey() const { return path(QStringLiteral("user_key")); }
    QString otherKey() const { return path(QStringLiteral("other_key")); }
    // ssh_config files: the server's key known / nothing known (that known_hosts file is writable).
    QString knownConfig() const { return path(QStringLiteral("ssh_config")); }
    QString unknownConfig() const { return path(QStringLiteral("ssh_config_unknown")); }
    QString unknownHostsFile() const { return path(QStringLiteral("empty_known_hosts")); }
    // The known_hosts file that holds this server's key.
    QString knownHostsFile() const { return path(QStringLiteral("known_hosts")); }
    // Lets another fixture's user key log in here too (a jump host and its bastion, one identity).
    bool authorize(const QString &publicKeyFile);
    // An ssh_config for routes through several fixtures: these known_hosts files, nothing of ~/.ssh,
    // and `identity` for every host (ssh passes -F, not -i, to the ssh it runs for a jump host).
    static bool writeClientConfig(const QString &file, const QStringList &knownHostsFiles,
                                  const QString &identity);
    QString serverLog();

private:
    QTemporaryDir m_dir;
    QProcess m_sshd;
    QByteArray m_log;
    int m_port = 0;
    QString m_user;
    QString m_fingerprint;
};

} // namespace signet::test_support
