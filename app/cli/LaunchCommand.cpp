// `signet launch --client C --engine E --host H --port P --user U [--region R] [--database D]
// [--ca FILE] [--via HOST:PORT] [--aws-profile A] [--print] [--show-token] [--shell S]`, or
// `signet launch PROFILE --client C [--print] [--show-token] [--shell S]` for a saved profile.
#include "cli/LaunchCommand.h"

#include "aws/CredentialChain.h"
#include "aws/RdsEndpoint.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/ProfilesCommand.h"
#include "common/Clock.h"
#include "launch/ClientDetector.h"
#include "launch/ClientLauncher.h"
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"
#include "launch/ShellQuoting.h"
#include "profiles/ProfileTargets.h"
#include "tls/CaBundleStore.h"
#include "token/AuthToken.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("launch");

int usage(const Error &error)
{
    printFailure(kCommand, error);
    return ExitUsage;
}

int failed(const Error &error)
{
    printFailure(kCommand, error);
    return ExitFailed;
}

// `--as FORM`: the connection string or exports for tools Signet does not start itself.
int printForm(const QString &form, const launch::LaunchTarget &target, const QString &token,
              const launch::BuildOptions &options, launch::Shell shell, bool showToken)
{
    using namespace signet::launch;
    Result<QString> text = QString();
    if (form == u"jdbc")
        text = jdbcUrl(target, options);
    else if (form == u"uri")
        text = target.engine == Engine::Postgres
                   ? libpqUri(target)
                   : Result<QString>(
                         makeError(QStringLiteral("launch.uri-not-postgres"),
                                   QStringLiteral("a libpq URI is for PostgreSQL only"),
                                   QStringLiteral("Use --as jdbc or --as env for MySQL and MariaDB.")));
    else if (form == u"env") {
        const auto entries = environmentFor(target, token);
        text = entries ? environmentText(*entries, shell, showToken) : Result<QString>(entries.error());
    } else {
        BuildOptions signet = options;
        signet.signetProgram = QCoreApplication::applicationFilePath();
        text = commandText(passwordCommand(target, signet), shell, false);
    }
    if (!text)
        return failed(text.error());
    printOut(*text + u'\n');
    return ExitOk;
}

bool isTerminalClient(launch::Client client)
{
    return client == launch::Client::MySql || client == launch::Client::MariaDb ||
           client == launch::Client::Psql;
}

} // namespace

int runLaunch(const QStringList &args)
{
    using namespace signet::launch;
    QCommandLineParser parser;
    const QCommandLineOption client(
        QStringLiteral("client"),
        QStringLiteral("dbeaver, workbench, sqlworkbenchj, mysql, mariadb or psql."),
        QStringLiteral("CLIENT"));
    const QCommandLineOption engine(QStringLiteral("engine"), QStringLiteral("mysql, mariadb or postgres."),
                                    QStringLiteral("ENGINE"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Database endpoint host name."),
                                  QStringLiteral("HOST"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Database port."),
                                  QStringLiteral("PORT"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Database user."),
                                  QStringLiteral("USER"));
    const QCommandLineOption region(QStringLiteral("region"),
                                    QStringLiteral("AWS region (optional for RDS hosts)."),
                                    QStringLiteral("REGION"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("Database name."),
                                      QStringLiteral("DB"));
    const QCommandLineOption ca(QStringLiteral("ca"),
                                QStringLiteral("CA bundle to verify the server: a PEM file or a stored "
                                               "bundle (default: the RDS global bundle)."),
                                QStringLiteral("FILE|BUNDLE"));
    const QCommandLineOption via(QStringLiteral("via"),
                                 QStringLiteral("Connect through a tunnel at HOST:PORT."),
                                 QStringLiteral("HOST:PORT"));
    const QCommandLineOption awsProfile(QStringLiteral("aws-profile"),
                                        QStringLiteral("AWS profile that signs."), QStringLiteral("NAME"));
    const QCommandLineOption print(QStringLiteral("print"),
                                   QStringLiteral("Print the command instead of starting the client."));
    const QCommandLineOption showToken(
        QStringLiteral("show-token"),
        QStringLiteral("With --print: include the token instead of redacting it."));
    const QCommandLineOption shell(QStringLiteral("shell"),
                                   QStringLiteral("bash, powershell or cmd (for --print)."),
                                   QStringLiteral("SHELL"), shellName(nativeShell()));
    const QCommandLineOption program(
        QStringLiteral("program"), QStringLiteral("Path of the client executable."), QStringLiteral("PATH"));
    const QCommandLineOption as(
        QStringLiteral("as"),
        QStringLiteral(
            "Print a connection string instead of a client command (no --client needed): jdbc, uri "
            "(libpq, PostgreSQL), env (shell exports with the token) or password-command (the line "
            "pgAdmin or TablePlus run for a fresh token)."),
        QStringLiteral("FORM"));
    parser.addOptions({client, engine, host, port, user, region, database, ca, via, awsProfile, print,
                       showToken, shell, program, as});
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
    const auto outcome = parseArguments(parser, args, kCommand,
                                        QStringLiteral("Sign a token and open a database client with it."));
    if (!outcome.proceed)
        return outcome.exitCode;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usage(
            makeError(QStringLiteral("usage.unexpected"),
                      QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)),
                      QStringLiteral("Name one saved profile, or pass --engine --host --port --user.")));
    const bool fromProfile = positional.size() == 1;
    if (fromProfile) {
        for (const auto *endpointOption :
             {&engine, &host, &port, &user, &region, &database, &ca, &via, &awsProfile}) {
            if (parser.isSet(*endpointOption))
                return usage(profileConflict(kCommand, positional.first(), endpointOption->names().first()));
        }
    }
    const QString form = parser.value(as);
    if (!form.isEmpty() && !QStringList{QStringLiteral("jdbc"), QStringLiteral("uri"), QStringLiteral("env"),
                                        QStringLiteral("password-command")}
                                .contains(form))
        return usage(makeError(QStringLiteral("usage.bad-form"),
                               QStringLiteral("unknown --as \"%1\"").arg(form),
                               QStringLiteral("Use jdbc, uri, env or password-command.")));
    QList<const QCommandLineOption *> required =
        fromProfile ? QList<const QCommandLineOption *>{&client}
                    : QList<const QCommandLineOption *>{&client, &engine, &host, &port, &user};
    if (!form.isEmpty())
        required.removeOne(&client);
    for (const auto *option : required) {
        if (parser.value(*option).trimmed().isEmpty())
            return usage(
                makeError(QStringLiteral("usage.missing"),
                          QStringLiteral("--%1 is missing").arg(option->names().first()),
                          QStringLiteral("Pass --%1 %2.").arg(option->names().first(), option->valueName())));
    }
    const auto chosenClient =
        form.isEmpty() ? clientFromName(parser.value(client)) : std::optional(Client::Psql);
    if (!chosenClient)
        return usage(
            makeError(QStringLiteral("usage.bad-client"),
                      QStringLiteral("unknown client \"%1\"").arg(parser.value(client)),
                      QStringLiteral("Use dbeaver, workbench, sqlworkbenchj, mysql, mariadb or psql.")));
    const auto chosenShell = shellFromName(parser.value(shell));
    if (!chosenShell)
        return usage(makeError(QStringLiteral("usage.bad-shell"),
                               QStringLiteral("unknown shell \"%1\"").arg(parser.value(shell)),
                               QStringLiteral("Use bash, powershell or cmd.")));
    LaunchTarget target;
    std::optional<aws::Credentials> credentials;
    if (fromProfile) {
        const auto profile = loadProfile(positional.first());
        if (!profile) {
            printFailure(kCommand, profile.error());
            return profileLookupExitCode(profile.error());
        }
        const auto mapped = profiles::ProfileTargets::toLaunchTarget(*profile);
        if (!mapped)
            return failed(mapped.error());
        target = *mapped;
        if (const Status valid = target.validate(); !valid)
            return failed(valid.error());
        auto resolved = profileCredentials(*profile);
        if (!resolved)
            return failed(resolved.error());
        credentials = std::move(resolved).value();
    } else {
        const auto chosenEngine = engineFromName(parser.value(engine));
        if (!chosenEngine)
            return usage(makeError(QStringLiteral("usage.bad-engine"),
                                   QStringLiteral("unknown engine \"%1\"").arg(parser.value(engine)),
                                   QStringLiteral("Use mysql, mariadb or postgres.")));
        Error error;
        const auto portNumber = intOption(parser.value(port), QStringLiteral("--port"), 1, 65535, &error);
        if (!portNumber)
            return usage(error);

        target.engine = *chosenEngine;
        target.host = parser.value(host).trimmed();
        target.port = *portNumber;
        target.user = parser.value(user);
        target.database = parser.value(database);
        // No --ca: the global bundle; a stored bundle's name: its file. A path is taken as given,
        // since a printed command may be meant for another machine.
        const QString caValue = parser.value(ca).trimmed();
        if (!tls::CaBundleStore::isPath(caValue)) {
            const auto caFile = tls::CaBundleStore().resolve(caValue);
            if (!caFile)
                return failed(caFile.error());
            target.caFile = *caFile;
        } else {
            target.caFile = caValue;
        }
        target.awsProfile = parser.value(awsProfile);
        if (parser.isSet(via)) {
            const QString value = parser.value(via);
            const qsizetype colon = value.lastIndexOf(u':');
            const auto viaPort =
                colon > 0 ? intOption(value.mid(colon + 1), QStringLiteral("--via"), 1, 65535, &error)
                          : std::optional<int>();
            if (!viaPort)
                return usage(
                    makeError(QStringLiteral("usage.bad-via"),
                              QStringLiteral("--via \"%1\" is not HOST:PORT").arg(value),
                              QStringLiteral("Pass the tunnel's local end, e.g. --via 127.0.0.1:15432.")));
            target.viaHost = value.left(colon);
            target.viaPort = *viaPort;
        }

        const aws::CredentialChain chain;
        QString regionName = parser.value(region);
        if (regionName.isEmpty() && aws::RdsEndpoint::regionFromHost(target.host).isEmpty())
            regionName = chain.defaultRegion(target.awsProfile);
        const auto resolvedRegion = aws::RdsEndpoint::resolveRegion(target.host, regionName);
        if (!resolvedRegion)
            return usage(resolvedRegion.error());
        target.region = *resolvedRegion;
        const Status valid = target.validate();
        if (!valid)
            return usage(valid.error());

        auto resolved = chain.resolve(target.awsProfile);
        if (!resolved)
            return failed(resolved.error());
        credentials = std::move(resolved).value();
    }
    const auto token = token::AuthToken::generate(target.host, target.port, target.region, target.user,
                                                  *credentials, Clock::system().now());
    if (!token)
        return failed(token.error());

    BuildOptions options;
    options.program = parser.value(program);
    options.trustStoreDirectory =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/truststores");
    if (!form.isEmpty())
        return printForm(form, target, token->text(), options, *chosenShell, parser.isSet(showToken));
    if (parser.isSet(print)) {
        // A printed command must still work after signet exits: no private files.
        options.delivery = TokenDelivery::Inline;
        const auto command = buildCommand(*chosenClient, target, token->text(), options);
        if (!command)
            return failed(command.error());
        const auto text = commandText(*command, *chosenShell, parser.isSet(showToken));
        if (!text)
            return failed(text.error());
        printOut(*text + u'\n');
        if (!command->notice.isEmpty())
            printError(command->notice);
        return ExitOk;
    }

    if (options.program.isEmpty())
        options.program = ClientDetector::system().find(
            *chosenClient, ClientDetector::configuredPaths(QSettings()).value(*chosenClient));
    if (options.program.isEmpty())
        return failed(makeError(
            QStringLiteral("launch.not-found"),
            QStringLiteral("%1 is not installed (looked on PATH and in: %2)")
                .arg(clientLabel(*chosenClient),
                     ClientDetector::system().knownLocations(*chosenClient).join(QStringLiteral(", "))),
            QStringLiteral("Install it, or pass --program PATH.")));
    const auto command = buildCommand(*chosenClient, target, token->text(), options);
    if (!command)
        return failed(command.error());
    if (!command->notice.isEmpty())
        printError(command->notice);
    if (isTerminalClient(*chosenClient)) {
        const auto exitCode = ClientLauncher::runAttached(*command);
        if (!exitCode)
            return failed(exitCode.error());
        return *exitCode == 0 ? ExitOk : ExitFailed;
    }
    if (!command->clipboardSecret.isEmpty())
        printError(QStringLiteral("The CLI cannot use the clipboard; run `signet token` for the password."));
    const auto started = ClientLauncher().startDetached(*command);
    if (!started)
        return failed(started.error());
    if (!command->files.empty()) {
        // The client reads its private file while starting; remove it once that had time to happen.
        printError(QStringLiteral("Started %1; its private argument file is removed in 20 s.")
                       .arg(clientLabel(*chosenClient)));
        QThread::sleep(20);
    }
    return ExitOk;
}

} // namespace signet::cli
