// SPDX-License-Identifier: GPL-3.0-or-later
// `signet launch --client C --engine E --host H --port P --user U [--region R] [--database D]
// [--ca FILE] [--via HOST:PORT] [--aws-profile A] [--print] [--show-token] [--shell S]`, or
// `signet launch PROFILE --client C [--print] [--show-token] [--shell S]` for a saved profile.
#include "cli/LaunchCommand.h"

#include "aws/CredentialChain.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/EndpointOptions.h"
#include "cli/InterruptWait.h"
#include "cli/ProfileSession.h"
#include "common/Clock.h"
#include "launch/ClientDetector.h"
#include "launch/ClientLauncher.h"
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"
#include "launch/ShellQuoting.h"
#include "profiles/ProfileRoutes.h"
#include "profiles/ProfileSigner.h"
#include "tls/CaBundleStore.h"
#include "token/AuthToken.h"
#include "token/TokenRequest.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

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
        text = isPostgresFamily(target.engine)
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
        // The `signet` front that started this CLI, so the line keeps working after an upgrade.
        signet.signetProgram = qEnvironmentVariable("SIGNET_FRONT", QCoreApplication::applicationFilePath());
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
    const EndpointOptions endpoint;
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
    parser.addOption(client);
    endpoint.addTo(parser);
    parser.addOptions({print, showToken, shell, program, as});
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
        if (const QString option = endpoint.firstSet(parser); !option.isEmpty())
            return usage(profileConflict(kCommand, positional.first(), option));
    }
    const QString form = parser.value(as);
    if (!form.isEmpty() && !QStringList{QStringLiteral("jdbc"), QStringLiteral("uri"), QStringLiteral("env"),
                                        QStringLiteral("password-command")}
                                .contains(form))
        return usage(makeError(QStringLiteral("usage.bad-form"),
                               QStringLiteral("unknown --as \"%1\"").arg(form),
                               QStringLiteral("Use jdbc, uri, env or password-command.")));
    if (form.isEmpty() && parser.value(client).trimmed().isEmpty())
        return usage(makeError(QStringLiteral("usage.missing"), QStringLiteral("--client is missing"),
                               QStringLiteral("Pass --client CLIENT.")));
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
    // Outlives the client's start: a profile's SSH tunnel (or SSM session) stays open while the client
    // uses it.
    std::unique_ptr<ProfileSession> opened;
    // A saved profile signs as everywhere else (ProfileSigner: a DSQL profile's own token lifetime).
    std::optional<profiles::ConnectionProfile> savedProfile;
    bool tunnelled = false;
    if (fromProfile) {
        opened = std::make_unique<ProfileSession>();
        ProfileSession &session = *opened;
        const auto profile = session.find(positional.first());
        if (!profile) {
            printFailure(kCommand, profile.error());
            return profileLookupExitCode(profile.error());
        }
        const auto mapped = session.service.launchTarget(*profile);
        if (!mapped)
            return failed(mapped.error());
        target = *mapped;
        // The client connects to the tunnel's local end; the token and TLS stay with the endpoint.
        // A printed command or form outlives this process, so it names the tunnel `signet tunnel` keeps.
        tunnelled = profiles::ProfileRoutes::needsTunnel(*profile);
        if (tunnelled && !parser.isSet(print) && form.isEmpty()) {
            if (const Status routed = session.routeThrough(*profile, target); !routed)
                return failed(routed.error());
        } else if (tunnelled) {
            printError(QStringLiteral("This profile goes through %1: run `signet tunnel \"%2\" --port N` "
                                      "and add --via 127.0.0.1:N to reach it from this command.")
                           .arg(profile->ssm.isSet() ? QStringLiteral("SSM port forwarding")
                                                     : QStringLiteral("an SSH bastion"),
                                profile->name));
        }
        if (const Status valid = target.validate(); !valid)
            return failed(valid.error());
        auto resolved = session.credentials(*profile);
        if (!resolved)
            return failed(resolved.error());
        credentials = std::move(resolved).value();
        savedProfile = *profile;
    } else {
        using Field = EndpointOptions::Field;
        const auto arguments = endpoint.read(parser, {Field::Engine, Field::Host, Field::Port, Field::User});
        if (!arguments)
            return usage(arguments.error());
        static_cast<Endpoint &>(target) = arguments->endpoint;
        target.engine = arguments->engine;
        target.user = arguments->user;
        target.database = arguments->database;
        // No --ca: the engine's default (the RDS global bundle; the system trust store for DSQL and
        // RDS Proxy); a stored bundle's name: its file. A path is taken as given,
        // since a printed command may be meant for another machine.
        if (!tls::CaBundleStore::isPath(arguments->ca)) {
            const auto caFile =
                tls::CaBundleStore().resolveFor(arguments->ca, arguments->engine, arguments->endpoint.host);
            if (!caFile)
                return failed(caFile.error());
            target.caFile = *caFile;
        } else {
            target.caFile = arguments->ca;
        }
        target.awsProfile = arguments->awsProfile;

        const aws::CredentialChain chain;
        const auto resolvedRegion =
            resolveSigningRegion(target.host, target.region, chain.defaultRegion(target.awsProfile));
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
    const auto token =
        savedProfile
            ? profiles::ProfileSigner::sign(*savedProfile, *credentials, Clock::system().now())
            : token::TokenRequest{target.engine, target.host, target.port, target.region, target.user}.sign(
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
        // The client owns the terminal while it runs: a Ctrl-C there reaches it (psql cancels its query
        // and goes on) and must not end Signet, which holds the client's tunnel. SIGINT sent to Signet
        // alone is passed on to the client; SIGTERM ends the client, then Signet closes the tunnel
        // (an SSM session is terminated) when the ProfileSession goes.
        qint64 clientPid = 0;
        int terms = 0;
        QObject watch;
        onInterruptSignal(&watch, [&clientPid, &terms](Interrupt interrupt) {
            if (clientPid <= 0)
                return;
#ifdef Q_OS_UNIX
            if (interrupt.signal == SIGINT && interrupt.fromProcess)
                ::kill(pid_t(clientPid), SIGINT);
            else if (interrupt.signal == SIGTERM)
                ::kill(pid_t(clientPid), ++terms > 1 ? SIGKILL : SIGTERM);
#endif
        });
        const auto exitCode =
            ClientLauncher::runAttached(*command, [&clientPid](qint64 pid) { clientPid = pid; });
        clientPid = 0;
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
    if (tunnelled) {
        printError(QStringLiteral("The tunnel for %1 stays open at %2 until Ctrl-C.")
                       .arg(clientLabel(*chosenClient), target.viaText()));
        runUntilInterrupted();
    }
    return ExitOk;
}

} // namespace signet::cli
