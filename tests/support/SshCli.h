// SPDX-License-Identifier: GPL-3.0-or-later
// SshCli: the `signet` command line as the SSH tunnel tests run it: the emulator's keys in the
// environment, a private profile file, and SIGNET_SSH_CONFIG pointing at a fixture's client config.
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

namespace signet::test_support {

class SshCli final
{
public:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    // Profiles are kept under `configHome`; `sshConfig` is the default client config.
    SshCli(QString configHome, QString sshConfig);

    QProcessEnvironment environment(const QString &sshConfig = {}) const;
    Run run(const QStringList &args, const QString &sshConfig = {}) const;
    // `profiles add --name NAME` (an earlier one removed) for the emulator's ENGINE database with
    // environment credentials and the route options given; warns when it fails.
    void addProfile(const QString &name, const QString &engine, const QStringList &routeOptions) const;

    // psql -X -A -t with no password against a local proxy's PORT for the emulator's user and
    // database, running `sql`; its exit code and output.
    static Run proxyPsql(int port, const QString &sql);

private:
    QString m_configHome;
    QString m_sshConfig;
};

} // namespace signet::test_support
