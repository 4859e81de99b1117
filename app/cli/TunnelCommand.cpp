// SPDX-License-Identifier: GPL-3.0-or-later
// `signet tunnel PROFILE [--port N]`: opens the profile's SSH tunnel or SSM session, prints its local
// address on stdout, restarts it if ssh (or the Session Manager plugin) dies, and closes it on
// SIGINT/SIGTERM.
#include "cli/TunnelCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/InterruptWait.h"
#include "cli/ProfileSession.h"
#include "profiles/ProfileTargets.h"
#include "tunnel/LocalPort.h"

#include <QCoreApplication>

#include <cstdio>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("tunnel");

} // namespace

int runTunnel(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("The local port to listen on (default: a free one)."),
                                  QStringLiteral("N"));
    parser.addOption(port);
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) with an SSH bastion or an SSM target."));
    const auto outcome = parseArguments(
        parser, args, kCommand,
        QStringLiteral("Keep a profile's SSH tunnel (or SSM port forwarding) open in the foreground and "
                       "print its local address. "
                       "Clients connect there but sign tokens for, and verify TLS against, the real "
                       "endpoint. Ctrl-C closes it."));
    if (!outcome.proceed)
        return outcome.exitCode;
    auto usage = [](const Error &error) {
        printFailure(kCommand, error);
        return int(ExitUsage);
    };
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usage(makeError(QStringLiteral("usage.missing"), QStringLiteral("name one saved profile"),
                               QStringLiteral("Run signet tunnel PROFILE.")));
    int localPort = 0;
    if (parser.isSet(port)) {
        Error error;
        const auto value = intOption(parser.value(port), QStringLiteral("--port"), 1, 65535, &error);
        if (!value)
            return usage(error);
        localPort = *value;
        if (!tunnel::isLocalPortFree(localPort))
            return usage(makeError(QStringLiteral("tunnel.port-busy"),
                                   QStringLiteral("local port %1 is already in use").arg(localPort),
                                   QStringLiteral("Choose another --port, or leave it out for a free one.")));
    }
    ProfileSession session;
    const auto profile = session.find(positional.first());
    if (!profile) {
        printFailure(kCommand, profile.error());
        return profileLookupExitCode(profile.error());
    }
    const auto spec = profiles::ProfileTargets::tunnelSpec(*profile);
    if (!spec)
        return usage(makeError(
            QStringLiteral("tunnel.no-route"),
            QStringLiteral("profile \"%1\" has no SSH bastion or SSM target").arg(profile->name),
            QStringLiteral(
                "Add one with signet profiles edit \"%1\" --ssh USER@HOST[:PORT] or --ssm-target i-….")
                .arg(profile->name)));
    Endpoint endpoint = *profile;
    qint64 elapsed = 0;
    if (const Status routed = session.routeThrough(*profile, endpoint, localPort, &elapsed); !routed) {
        printFailure(kCommand, routed.error());
        return ExitFailed;
    }
    printOut(hostPortText(endpoint.viaHost, endpoint.viaPort) + u'\n');
    std::fflush(stdout);
    const QString title = spec->isSsm() ? QStringLiteral("SSM session to %1").arg(spec->ssm.displayText())
                                        : QStringLiteral("SSH tunnel to %1").arg(profile->ssh.displayText());
    printError(QStringLiteral("%1 up in %2 ms: %3 forwards to %4. Sign tokens for and verify TLS against %5; "
                              "Ctrl-C closes the tunnel.")
                   .arg(title)
                   .arg(elapsed)
                   .arg(hostPortText(endpoint.viaHost, endpoint.viaPort),
                        hostPortText(profile->host, profile->port), profile->host));
    int exitCode = ExitOk;
    QObject::connect(&session.tunnels, &tunnel::TunnelManager::tunnelDied, &session.tunnels,
                     [](const QString &, const Error &error) {
                         printError(QStringLiteral("signet tunnel: %1; restarting").arg(error.message));
                     });
    QObject::connect(&session.tunnels, &tunnel::TunnelManager::tunnelRestarted, &session.tunnels,
                     [](const QString &, int) { printError(QStringLiteral("signet tunnel: restarted")); });
    QObject::connect(&session.tunnels, &tunnel::TunnelManager::tunnelFailed, &session.tunnels,
                     [&exitCode](const QString &, const Error &error) {
                         printFailure(kCommand, error);
                         exitCode = ExitFailed;
                         QCoreApplication::exit(ExitFailed);
                     });
    runUntilInterrupted();
    session.tunnels.closeAll();
    return exitCode;
}

} // namespace signet::cli
