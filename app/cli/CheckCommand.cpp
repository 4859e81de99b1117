// SPDX-License-Identifier: GPL-3.0-or-later
// `signet check --engine E --host H [--port P] [--via HOST:PORT] [--ca FILE|BUNDLE]
// [--region R] [--user U] [--database D] [--aws-profile NAME] [--json]`, or `signet check PROFILE
// [--json]` for a saved profile: exit 0 only when every step, the real login included, passes.
#include "cli/CheckCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/EndpointOptions.h"
#include "cli/ProfileSession.h"
#include "db/DbLoginStep.h"
#include "probe/Probe.h"
#include "profiles/ProfileRoutes.h"

#include <QEventLoop>
#include <QJsonDocument>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("check");

QString marker(probe::StepStatus status)
{
    switch (status) {
    case probe::StepStatus::Passed:
        return QStringLiteral("[ OK ]");
    case probe::StepStatus::Warning:
        return QStringLiteral("[WARN]");
    case probe::StepStatus::Failed:
        return QStringLiteral("[FAIL]");
    case probe::StepStatus::Skipped:
        break;
    }
    return QStringLiteral("[SKIP]");
}

QString stepText(const probe::ProbeStep &step)
{
    QString text = QStringLiteral("%1 %2 %3 ms: %4\n")
                       .arg(marker(step.status), step.title.leftJustified(18))
                       .arg(step.durationMs, 5)
                       .arg(step.verdict);
    if (const QString hint = step.hintFor(FrontEnd::Cli); !hint.isEmpty())
        text += QStringLiteral("       hint: %1\n").arg(hint);
    for (const QString &line : step.details)
        text += QStringLiteral("       - %1\n").arg(line);
    return probe::ProbeReport::redact(text);
}

int checkProfile(const QString &name, bool json)
{
    ProfileSession session;
    int exitCode = ExitOk;
    const auto profile = session.findOrReport(kCommand, name, &exitCode);
    if (!profile)
        return exitCode;
    const auto target = session.service.probeTarget(*profile);
    if (!target) {
        printFailure(kCommand, target.error());
        return ExitFailed;
    }
    // Without its keys (none in the keychain, no keychain) the check still runs the network steps
    // and fails the credentials step with the reason.
    const auto signer = session.tokenSigner(*profile);
    probe::ProbeOptions options;
    options.credentials = session.service.probeCredentials(*profile);
    if (signer)
        options.login = db::DbLoginStep::make(*signer, {}, options.loginTimeoutMs - 1000);
    // The route step opens the profile's tunnel; the network steps and the login go through it (the
    // process ends with the check, and the tunnel with it).
    options.tunnel = profiles::ProfileRoutes(session.tunnels, &session.service).probeStep(*profile);
    return runCheckTarget(*target, json, std::move(options));
}

} // namespace

int runCheckTarget(const probe::ProbeTarget &target, bool json, probe::ProbeOptions options)
{
    probe::Probe probe(target, std::move(options));
    QEventLoop loop;
    QObject::connect(&probe, &probe::Probe::stepFinished, &loop, [json](const probe::ProbeStep &step) {
        if (!json)
            printOut(stepText(step));
    });
    QObject::connect(&probe, &probe::Probe::finished, &loop, &QEventLoop::quit);
    probe.start();
    if (probe.isRunning())
        loop.exec();
    const probe::ProbeReport &report = probe.report();
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)));
    else
        printOut(report.summary() + u'\n');
    return report.allPassed() ? ExitOk : ExitFailed;
}

int runCheck(const QStringList &args)
{
    QCommandLineParser parser;
    const EndpointOptions endpoint;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the report as JSON."));
    endpoint.addTo(parser);
    parser.addOption(json);
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
    const auto outcome =
        parseArguments(parser, args, kCommand,
                       QStringLiteral("Check step by step why a database cannot be reached or "
                                      "logged in to. Exit 0 only when every step passes."));
    if (!outcome.proceed)
        return outcome.exitCode;
    auto usage = [](const Error &error) {
        printFailure(kCommand, error);
        return int(ExitUsage);
    };
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usage(makeError(QStringLiteral("usage.unexpected"),
                               QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)),
                               QStringLiteral("Name one saved profile, or pass --engine E --host HOST "
                                              "--port PORT.")));
    if (positional.size() == 1) {
        if (const QString option = endpoint.firstSet(parser); !option.isEmpty())
            return usage(profileConflict(kCommand, positional.first(), option));
        return checkProfile(positional.first(), parser.isSet(json));
    }
    using Field = EndpointOptions::Field;
    // The check reports a region that contradicts the endpoint in its region step.
    const auto arguments =
        endpoint.read(parser, {Field::Engine, Field::Host, Field::Port}, Endpoint::RegionRule::LeftToCaller);
    if (!arguments)
        return usage(arguments.error());
    probe::ProbeTarget target;
    static_cast<Endpoint &>(target) = arguments->endpoint;
    target.engine = arguments->engine;
    // Empty: the RDS global bundle.
    target.caBundle = arguments->ca;
    target.user = arguments->user;
    target.database = arguments->database;
    target.awsProfile = arguments->awsProfile;
    const db::DbTokenSigner signer;
    probe::ProbeOptions options;
    options.credentials = probe::credentialsFrom(signer.chain());
    options.login = db::DbLoginStep::make(signer, {}, options.loginTimeoutMs - 1000);
    return runCheckTarget(target, parser.isSet(json), std::move(options));
}

} // namespace signet::cli
