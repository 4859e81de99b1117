// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlCommand: the mysql and mariadb command-line clients.
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"

namespace signet::launch {

namespace {

// An option-file value in double quotes; the client unescapes \\ and \" there.
QByteArray optionFileValue(const QString &value)
{
    QByteArray out = "\"";
    for (const char c : value.toUtf8()) {
        if (c == '\\' || c == '"')
            out += '\\';
        out += c;
    }
    return QByteArray(out + '"');
}

Result<ClientCommand> build(const LaunchTarget &target, const QString &token, const BuildOptions &options,
                            bool mariadb)
{
    const auto ca = requireCaFile(target);
    if (!ca)
        return ca.error();
    ClientCommand command;
    command.program = options.program.isEmpty()
                          ? (mariadb ? QStringLiteral("mariadb") : QStringLiteral("mysql"))
                          : options.program;
    command.secrets << token;
    if (options.delivery == TokenDelivery::PrivateFile) {
        const QByteArray content = "[client]\npassword=" + optionFileValue(token) + '\n';
        auto file =
            SecretFile::create(options.tempDirectory, QStringLiteral("signet-my-XXXXXX.cnf"), content);
        if (!file)
            return file.error();
        // The client only honours --defaults-extra-file as the very first argument.
        command.arguments << QStringLiteral("--defaults-extra-file=") + (*file)->path();
        command.files.push_back(*file);
    } else {
        command.environment << EnvironmentEntry{QStringLiteral("MYSQL_PWD"), token, true};
    }
    // TCP always: with host "localhost" the clients would otherwise take a Unix socket.
    command.arguments << QStringLiteral("--protocol=TCP") << QStringLiteral("--host=") + target.connectHost()
                      << QStringLiteral("--port=") + QString::number(target.connectPort())
                      << QStringLiteral("--user=") + target.user << QStringLiteral("--ssl-ca=") + *ca;
    if (mariadb) {
        command.arguments << QStringLiteral("--ssl");
        if (!target.chainOnly())
            command.arguments << QStringLiteral("--ssl-verify-server-cert");
    } else {
        command.arguments << (target.chainOnly() ? QStringLiteral("--ssl-mode=VERIFY_CA")
                                                 : QStringLiteral("--ssl-mode=VERIFY_IDENTITY"))
                          << QStringLiteral("--enable-cleartext-plugin");
    }
    if (!target.verifyHostName)
        command.notice = QStringLiteral("The profile is verify-ca: the certificate is checked against the CA "
                                        "but not the host name.");
    else if (target.hasVia())
        command.notice =
            QStringLiteral("Connecting via %1: the certificate is checked against the CA but not the "
                           "host name, which cannot match the tunnel's address.")
                .arg(target.connectHost());
    if (!target.database.isEmpty())
        command.arguments << QStringLiteral("--database=") + target.database;
    return command;
}

} // namespace

Result<ClientCommand> buildMySqlCommand(const LaunchTarget &target, const QString &token,
                                        const BuildOptions &options)
{
    return build(target, token, options, false);
}

Result<ClientCommand> buildMariaDbCommand(const LaunchTarget &target, const QString &token,
                                          const BuildOptions &options)
{
    return build(target, token, options, true);
}

} // namespace signet::launch
