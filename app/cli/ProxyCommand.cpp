// SPDX-License-Identifier: GPL-3.0-or-later
// `signet proxy PROFILE[=PORT] [PROFILE[=PORT] …] [--address ADDR] [--unix-socket DIR]
// [--max-connections N] [--health-port PORT] [--max-sigterm-delay SECONDS] [--json-log] [--local-tls]`:
// one local listener per profile, connection strings on stdout, events on stderr, until SIGINT/SIGTERM.
#include "cli/ProxyCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/InterruptWait.h"
#include "cli/ProfileSession.h"
#include "profiles/ProfileTargets.h"
#include "proxy/ProxyHealthServer.h"
#include "proxy/ProxyLog.h"
#include "proxy/ProxyService.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTimer>

#include <memory>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("proxy");

Error usage(const QString &message, const QString &hint)
{
    return makeError(QStringLiteral("usage.proxy"), message, hint);
}

} // namespace

int runProxy(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption address(
        QStringLiteral("address"),
        QStringLiteral("Listen on ADDR (default 127.0.0.1). Another address lets "
                       "other machines use your IAM identity."),
        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption unixSocket(
        QStringLiteral("unix-socket"),
        QStringLiteral("Also listen on a Unix socket in DIR (created with mode 0700)."),
        QStringLiteral("DIR"));
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QStringLiteral("Refuse clients beyond N per profile (default 100)."), QStringLiteral("N"),
        QStringLiteral("100"));
    const QCommandLineOption healthPort(QStringLiteral("health-port"),
                                        QStringLiteral("Serve /healthz, /readyz and /metrics on this port."),
                                        QStringLiteral("PORT"));
    const QCommandLineOption sigtermDelay(
        QStringLiteral("max-sigterm-delay"),
        QStringLiteral("On SIGINT/SIGTERM wait up to SECONDS for open sessions "
                       "(default 0)."),
        QStringLiteral("SECONDS"), QStringLiteral("0"));
    const QCommandLineOption jsonLog(QStringLiteral("json-log"),
                                     QStringLiteral("Log events as JSON lines on stderr."));
    const QCommandLineOption localTls(
        QStringLiteral("local-tls"),
        QStringLiteral("Offer TLS to clients that ask for it, with a certificate for localhost that "
                       "Signet creates once; the printed connection strings verify it."));
    parser.addOptions({address, unixSocket, maxConnections, healthPort, sigtermDelay, jsonLog, localTls});
    parser.addPositionalArgument(
        QStringLiteral("PROFILE[=PORT]"),
        QStringLiteral("Saved profiles to serve; without a port, the engine's default "
                       "if free, else the next free one."));
    const auto outcome = parseArguments(
        parser, args, kCommand,
        QStringLiteral("Serve saved profiles on local ports: any PostgreSQL or MySQL client connects with no "
                       "password, Signet logs in to the database with a fresh IAM token over verified TLS."));
    if (!outcome.proceed)
        return outcome.exitCode;

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        printFailure(kCommand,
                     usage(QStringLiteral("no profile given"),
                           QStringLiteral("Name at least one saved profile: signet proxy PROFILE[=PORT].")));
        return ExitUsage;
    }
    Error error;
    const auto limit =
        intOption(parser.value(maxConnections), QStringLiteral("--max-connections"), 1, 100000, &error);
    if (!limit) {
        printFailure(kCommand, error);
        return ExitUsage;
    }
    const auto delay =
        intOption(parser.value(sigtermDelay), QStringLiteral("--max-sigterm-delay"), 0, 86400, &error);
    if (!delay) {
        printFailure(kCommand, error);
        return ExitUsage;
    }
    std::optional<int> health;
    if (parser.isSet(healthPort)) {
        health = intOption(parser.value(healthPort), QStringLiteral("--health-port"), 1, 65535, &error);
        if (!health) {
            printFailure(kCommand, error);
            return ExitUsage;
        }
    }
    const QHostAddress listenAddress(parser.value(address));
    if (listenAddress.isNull()) {
        printFailure(kCommand,
                     usage(QStringLiteral("--address \"%1\" is not an IP address").arg(parser.value(address)),
                           QStringLiteral("Give an address such as 127.0.0.1 or ::1.")));
        return ExitUsage;
    }

    proxy::StderrProxyLog log(parser.isSet(jsonLog));
    ProfileSession session;
    proxy::ProxyService proxies(log);
    // PROFILE[=PORT] words, each profile once and each chosen port once.
    QList<std::pair<QString, quint16>> served;
    for (const QString &word : positional) {
        QString name = word;
        quint16 port = 0;
        if (const qsizetype eq = word.lastIndexOf(u'='); eq > 0) {
            name = word.left(eq);
            bool ok = false;
            const uint value = word.mid(eq + 1).toUInt(&ok);
            if (!ok || value < 1 || value > 65535) {
                printFailure(
                    kCommand,
                    usage(QStringLiteral("\"%1\": the port must be a number from 1 to 65535").arg(word),
                          QStringLiteral("Write PROFILE=PORT, e.g. orders-prod=6432.")));
                return ExitUsage;
            }
            port = quint16(value);
        }
        for (const auto &[otherName, otherPort] : served) {
            if (otherName == name) {
                printFailure(kCommand, usage(QStringLiteral("\"%1\" is named twice").arg(name),
                                             QStringLiteral("Name each profile once.")));
                return ExitUsage;
            }
            if (port != 0 && otherPort == port) {
                printFailure(
                    kCommand,
                    usage(QStringLiteral("port %1 is given to both %2 and %3").arg(port).arg(otherName, name),
                          QStringLiteral("Give each profile its own port.")));
                return ExitUsage;
            }
        }
        served.append({name, port});
    }
    for (const auto &[name, port] : served) {
        int exitCode = ExitOk;
        const auto opened = session.openForDatabase(kCommand, name, &exitCode);
        if (!opened)
            return exitCode;
        proxy::ProxyServeSpec spec;
        spec.key = opened->profile.name;
        spec.name = opened->profile.name;
        spec.target = opened->target;
        spec.signer = opened->signer;
        spec.options.address = listenAddress;
        spec.options.port = port;
        spec.options.maxConnections = *limit;
        spec.options.unixSocketDir = parser.value(unixSocket);
        spec.options.localTls = parser.isSet(localTls);
        if (const auto started = proxies.start(std::move(spec)); !started) {
            Error failure = started.error();
            failure.message = opened->profile.name + QStringLiteral(": ") + failure.message;
            if (failure.code == u"proxy.port-taken" && port == 0)
                failure.hint += QStringLiteral(" Write PROFILE=PORT to choose one.");
            printFailure(kCommand, failure);
            return ExitFailed;
        }
    }

    std::unique_ptr<proxy::ProxyHealthServer> healthServer;
    if (health) {
        healthServer = std::make_unique<proxy::ProxyHealthServer>(proxies.listeners());
        if (const Status listening = healthServer->listen(listenAddress, quint16(*health)); !listening) {
            printFailure(kCommand, listening.error());
            return ExitFailed;
        }
    }

    QString text;
    for (const QString &key : proxies.keys()) {
        const proxy::ProxyListener *listener = proxies.listener(key);
        const db::DbTarget &target = *proxies.target(key);
        text += QStringLiteral("%1 (%2 %3:%4) on %5:%6%7\n")
                    .arg(proxies.name(key), engineKey(target.engine), target.host)
                    .arg(target.port)
                    .arg(listenAddress.toString())
                    .arg(listener->port())
                    .arg(listener->unixSocketPath().isEmpty()
                             ? QString()
                             : QStringLiteral(" and ") + listener->unixSocketPath());
        for (const QString &line : proxies.connectionStrings(key))
            text += QStringLiteral("  ") + line + u'\n';
    }
    if (parser.isSet(localTls))
        text += QStringLiteral("local TLS: clients verify the proxy with %1\n")
                    .arg(proxies.listeners().constFirst()->localTlsCertificatePath());
    if (healthServer)
        text += QStringLiteral("health: http://%1:%2/healthz /readyz /metrics\n")
                    .arg(listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + listenAddress.toString() + u']'
                             : listenAddress.toString())
                    .arg(healthServer->port());
    text += QStringLiteral("No password needed. Serving until Ctrl+C.\n");
    if (parser.isSet(localTls) && !listenAddress.isLoopback())
        log.write(proxy::ProxyLog::Level::Warning, QStringLiteral("*"),
                  QStringLiteral("--local-tls: the certificate names only localhost, 127.0.0.1 and ::1; "
                                 "clients that reach %1 by another name cannot verify it")
                      .arg(listenAddress.toString()));
    if (!listenAddress.isLoopback())
        log.write(
            proxy::ProxyLog::Level::Warning, QStringLiteral("*"),
            QStringLiteral(
                "listening on %1, not loopback: clients from other machines log in with your IAM identity")
                .arg(listenAddress.toString()));

#ifdef Q_OS_UNIX
    QObject notifier;
    bool stopping = false;
    QElapsedTimer stopClock;
    QTimer drain;
    drain.setInterval(200);
    auto openSessions = [&proxies] { return proxies.openConnections(); };
    auto checkDrained = [&] {
        if (openSessions() == 0 || stopClock.elapsed() >= qint64(*delay) * 1000)
            QCoreApplication::exit(ExitOk);
    };
    QObject::connect(&drain, &QTimer::timeout, &notifier, checkDrained);
    onInterrupt(&notifier, [&] {
        if (stopping) {
            QCoreApplication::exit(ExitOk); // a second signal: stop now
            return;
        }
        stopping = true;
        proxies.stopAccepting();
        log.write(proxy::ProxyLog::Level::Info, QStringLiteral("*"),
                  QStringLiteral("stopping: no new connections; %1 open, waiting up to %2 s")
                      .arg(openSessions())
                      .arg(*delay));
        stopClock.start();
        drain.start();
        checkDrained();
    });
#endif
    // After the signal handlers: whoever reads the banner may stop the proxy at once.
    printOut(text);
    const int code = QCoreApplication::exec();
    healthServer.reset();
    proxies.stopAll();
    return code;
}

} // namespace signet::cli
