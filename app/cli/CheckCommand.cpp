// `signet check --engine mysql|postgres --host H --port P [--via HOST:PORT] [--ca FILE|BUNDLE]
// [--region R] [--user U] [--database D] [--aws-profile NAME] [--json]`, or `signet check PROFILE
// [--json]` for a saved profile: exit 0 only when every step, the real login included, passes.
#include "cli/CheckCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/ProfilesCommand.h"
#include "db/DbLoginStep.h"
#include "probe/Probe.h"
#include "profiles/ProfileTargets.h"

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
    if (!step.hint.isEmpty())
        text += QStringLiteral("       hint: %1\n").arg(step.hint);
    for (const QString &line : step.details)
        text += QStringLiteral("       - %1\n").arg(line);
    return probe::ProbeReport::redact(text);
}

int checkProfile(const QString &name, bool json)
{
    const auto profile = loadProfile(name);
    if (!profile) {
        printFailure(kCommand, profile.error());
        return profileLookupExitCode(profile.error());
    }
    const auto target = profiles::ProfileTargets::toProbeTarget(*profile);
    if (!target) {
        printFailure(kCommand, target.error());
        return ExitFailed;
    }
    const auto signer = profileTokenSigner(*profile);
    if (!signer) {
        printFailure(kCommand, signer.error());
        return ExitFailed;
    }
    return runCheckTarget(*target, json, *signer);
}

} // namespace

int runCheckTarget(const probe::ProbeTarget &target, bool json, const db::DbTokenSigner &signer)
{
    probe::ProbeOptions options;
    options.login = db::DbLoginStep::make(signer, {}, options.loginTimeoutMs - 1000);
    options.credentials = signer.chain();
    probe::Probe probe(target, options);
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
    const QCommandLineOption engine(QStringLiteral("engine"), QStringLiteral("mysql or postgres."),
                                    QStringLiteral("ENGINE"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Database endpoint host name."),
                                  QStringLiteral("HOST"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Database port (1-65535)."),
                                  QStringLiteral("PORT"));
    const QCommandLineOption via(
        QStringLiteral("via"),
        QStringLiteral("Connect through a tunnel or port-forward at HOST:PORT; TLS still checks "
                       "the endpoint name."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption ca(
        QStringLiteral("ca"),
        QStringLiteral("CA bundle: a stored bundle name or a PEM file (default: global)."),
        QStringLiteral("FILE"));
    const QCommandLineOption region(QStringLiteral("region"),
                                    QStringLiteral("AWS region tokens are signed for."),
                                    QStringLiteral("REGION"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Database user name."),
                                  QStringLiteral("USER"));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("Database the login step connects to."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("AWS profile for credentials."), QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the report as JSON."));
    parser.addOptions({engine, host, port, via, ca, region, user, database, profile, json});
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
        for (const auto *endpointOption :
             {&engine, &host, &port, &via, &ca, &region, &user, &database, &profile}) {
            if (parser.isSet(*endpointOption))
                return usage(profileConflict(kCommand, positional.first(), endpointOption->names().first()));
        }
        return checkProfile(positional.first(), parser.isSet(json));
    }
    for (const auto *required : {&engine, &host, &port}) {
        if (parser.value(*required).trimmed().isEmpty())
            return usage(makeError(
                QStringLiteral("usage.missing"),
                QStringLiteral("--%1 is missing or empty").arg(required->names().first()),
                QStringLiteral("Pass --%1 %2.").arg(required->names().first(), required->valueName())));
    }
    probe::ProbeTarget target;
    const auto engineValue = probe::ProbeTarget::parseEngine(parser.value(engine));
    if (!engineValue)
        return usage(engineValue.error());
    target.engine = *engineValue;
    Error error;
    const auto portNumber = intOption(parser.value(port), QStringLiteral("--port"), 1, 65535, &error);
    if (!portNumber)
        return usage(error);
    target.host = parser.value(host).trimmed();
    target.port = quint16(*portNumber);
    if (parser.isSet(via)) {
        const QString text = parser.value(via).trimmed();
        const qsizetype colon = text.lastIndexOf(u':');
        if (colon <= 0)
            return usage(makeError(
                QStringLiteral("usage.bad-via"), QStringLiteral("--via \"%1\" is not HOST:PORT").arg(text),
                QStringLiteral("Pass --via 127.0.0.1:15432, the local end of the tunnel.")));
        const auto viaPort = intOption(text.mid(colon + 1), QStringLiteral("--via port"), 1, 65535, &error);
        if (!viaPort)
            return usage(error);
        target.viaHost = text.left(colon);
        if (target.viaHost.startsWith(u'[') && target.viaHost.endsWith(u']'))
            target.viaHost = target.viaHost.mid(1, target.viaHost.size() - 2);
        target.viaPort = quint16(*viaPort);
    }
    target.caBundle = parser.value(ca).trimmed();
    target.region = parser.value(region).trimmed();
    target.user = parser.value(user).trimmed();
    target.database = parser.value(database).trimmed();
    target.awsProfile = parser.value(profile).trimmed();
    return runCheckTarget(target, parser.isSet(json));
}

} // namespace signet::cli
