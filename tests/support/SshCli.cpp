// SPDX-License-Identifier: GPL-3.0-or-later
// SshCli: runs SIGNET_BIN with the environment of the SSH tunnel tests.
#include "SshCli.h"

#include "EmulatorEndpoint.h"

#include <QProcess>

namespace signet::test_support {

SshCli::SshCli(QString configHome, QString sshConfig)
    : m_configHome(std::move(configHome))
    , m_sshConfig(std::move(sshConfig))
{}

QProcessEnvironment SshCli::environment(const QString &sshConfig) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_configHome);
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), qEnvironmentVariable("SIGNET_EMU_ACCESS_KEY_ID"));
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                       qEnvironmentVariable("SIGNET_EMU_SECRET_ACCESS_KEY"));
    environment.remove(QStringLiteral("AWS_SESSION_TOKEN"));
    environment.remove(QStringLiteral("SSH_AUTH_SOCK"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("SIGNET_SSH_CONFIG"), sshConfig.isEmpty() ? m_sshConfig : sshConfig);
    return environment;
}

SshCli::Run SshCli::run(const QStringList &args, const QString &sshConfig) const
{
    QProcess process;
    process.setProcessEnvironment(environment(sshConfig));
    process.start(qEnvironmentVariable("SIGNET_BIN"), args);
    Run result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

SshCli::Run SshCli::proxyPsql(int port, const QString &sql)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGPASSWORD"), QString());
    environment.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("20"));
    QProcess psql;
    psql.setProcessEnvironment(environment);
    psql.start(QStringLiteral("psql"), {QStringLiteral("-X"), QStringLiteral("-A"), QStringLiteral("-t"),
                                        QStringLiteral("host=127.0.0.1 port=%1 user=%2 dbname=%3")
                                            .arg(port)
                                            .arg(qEnvironmentVariable("SIGNET_EMU_PG_USER"),
                                                 qEnvironmentVariable("SIGNET_EMU_DATABASE")),
                                        QStringLiteral("-c"), sql});
    Run result;
    if (!psql.waitForFinished(30000))
        return result;
    result.exitCode = psql.exitCode();
    result.out = psql.readAllStandardOutput();
    result.err = psql.readAllStandardError();
    return result;
}

void SshCli::addProfile(const QString &name, const QString &engine, const QStringList &routeOptions) const
{
    run({QStringLiteral("profiles"), QStringLiteral("remove"), name});
    const Run added =
        run(QStringList{QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("--name"), name} +
            test::emulatorEndpointOptions(engine) +
            QStringList{QStringLiteral("--credentials"), QStringLiteral("environment")} + routeOptions);
    if (added.exitCode != 0)
        qWarning("profiles add %s: %s", qPrintable(name), added.err.constData());
}

} // namespace signet::test_support
