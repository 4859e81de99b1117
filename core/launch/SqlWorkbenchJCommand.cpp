// SPDX-License-Identifier: GPL-3.0-or-later
// SqlWorkbenchJCommand: SQL Workbench/J with a JDBC URL, through an -arguments file.
#include "launch/ClientDetector.h"
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"

namespace signet::launch {

Result<ClientCommand> buildSqlWorkbenchJCommand(const LaunchTarget &target, const QString &token,
                                                const BuildOptions &options)
{
    const auto url = jdbcUrl(target, options);
    if (!url)
        return url.error();
    QStringList parameters{QStringLiteral("-url=") + *url, QStringLiteral("-username=") + target.user,
                           QStringLiteral("-password=") + token,
                           QStringLiteral("-driver=") + jdbcDriverClass(target.engine)};
    // Without a jar SQL Workbench/J relies on its own driver list; the distribution's jar makes a
    // first run work too.
    const QString driverJar = options.jdbcDriverJar.isEmpty() ? ClientDetector::jdbcDriverJar(target.engine)
                                                              : options.jdbcDriverJar;
    if (!driverJar.isEmpty())
        parameters << QStringLiteral("-driverJar=") + driverJar;

    ClientCommand command;
    command.secrets << token;
    const QString program = options.program.isEmpty() ? QStringLiteral("sqlworkbench.sh") : options.program;
    if (program.endsWith(QStringLiteral(".jar"), Qt::CaseInsensitive)) {
        command.program = QStringLiteral("java");
        command.arguments << QStringLiteral("-jar") << program;
    } else {
        command.program = program;
    }
    if (options.delivery == TokenDelivery::PrivateFile) {
        // One parameter per line; keeps the token out of the process list.
        const QByteArray content = parameters.join(u'\n').toUtf8() + '\n';
        auto file =
            SecretFile::create(options.tempDirectory, QStringLiteral("signet-wb-XXXXXX.txt"), content);
        if (!file)
            return file.error();
        command.arguments << QStringLiteral("-arguments=") + (*file)->path();
        command.files.push_back(*file);
    } else {
        command.arguments << parameters;
    }
    return command;
}

} // namespace signet::launch
