// SPDX-License-Identifier: GPL-3.0-or-later
// `signet discover [--region R …|--all-regions] [--aws-profile P] [--json] [--import [--folder F]
// [--select NAME …] [--db-user U]]`: a table per region, errors inline, and the import into profiles.
#include "cli/DiscoverCommand.h"

#include "aws/CredentialChain.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/ProfileSession.h"
#include "cli/TerminalMfaPrompt.h"
#include "discovery/Discovery.h"
#include "discovery/ProfileImport.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

namespace signet::cli {

namespace {

using discovery::DiscoveredEndpoint;
using discovery::ImportChange;

const QString kCommand = QStringLiteral("discover");
// Every region gets this long, retries included.
constexpr int kDiscoveryTimeoutMs = 180'000;

QString engineText(const DiscoveredEndpoint &e)
{
    const QString name =
        e.engine ? engineKey(*e.engine) : e.rdsEngine.toLower() + QStringLiteral(" (unsupported)");
    return e.engineVersion.isEmpty() ? name : name + u' ' + e.engineVersion;
}

QJsonObject errorJson(const Error &error)
{
    return {{QStringLiteral("code"), error.code},
            {QStringLiteral("message"), error.message},
            {QStringLiteral("hint"), error.hintFor(FrontEnd::Cli)}};
}

QJsonObject endpointJson(const DiscoveredEndpoint &e)
{
    QJsonObject object{{QStringLiteral("name"), e.name},
                       {QStringLiteral("kind"), discovery::endpointKindKey(e.kind)},
                       {QStringLiteral("engine"), e.engine ? engineKey(*e.engine) : QString()},
                       {QStringLiteral("rds_engine"), e.rdsEngine},
                       {QStringLiteral("engine_version"), e.engineVersion},
                       {QStringLiteral("host"), e.host},
                       {QStringLiteral("port"), e.port},
                       {QStringLiteral("region"), e.region},
                       {QStringLiteral("account"), e.account},
                       {QStringLiteral("resource_id"), e.resourceId},
                       {QStringLiteral("policy_resource_id"), e.policyResourceId},
                       {QStringLiteral("iam_auth"), e.iamAuthEnabled},
                       {QStringLiteral("status"), e.status}};
    if (!e.parent.isEmpty())
        object.insert(QStringLiteral("parent"), e.parent);
    if (!e.members.isEmpty())
        object.insert(QStringLiteral("members"), QJsonArray::fromStringList(e.members));
    return object;
}

QString regionTable(const discovery::RegionDiscovery &region)
{
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("ENGINE"),
                             QStringLiteral("ENDPOINT"), QStringLiteral("IAM"),
                             QStringLiteral("RESOURCE ID")}};
    for (const DiscoveredEndpoint &e : region.endpoints)
        rows.append({e.isClusterPart() ? QStringLiteral("  ") + e.name : e.name,
                     discovery::endpointKindLabel(e.kind), engineText(e),
                     QStringLiteral("%1:%2").arg(e.host).arg(e.port),
                     e.iamAuthEnabled ? QStringLiteral("yes") : QStringLiteral("no"), e.resourceId});
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths[i] + 2) : row.at(i);
        text += QStringLiteral("  ") + line + u'\n';
    }
    return text;
}

} // namespace

int runDiscover(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption region(
        QStringLiteral("region"),
        QStringLiteral("A region to search (repeat or separate with commas; default: the "
                       "AWS profile's region)."),
        QStringLiteral("REGION"));
    const QCommandLineOption allRegions(QStringLiteral("all-regions"),
                                        QStringLiteral("Search every commercial AWS region."));
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("AWS profile to discover with (skips environment keys)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption mfaCode(QStringLiteral("mfa-code"),
                                     QStringLiteral("MFA code for a role with mfa_serial."),
                                     QStringLiteral("CODE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the databases as JSON."));
    const QCommandLineOption import(
        QStringLiteral("import"),
        QStringLiteral("Save the databases found as profiles (again: update them)."));
    const QCommandLineOption folder(QStringLiteral("folder"),
                                    QStringLiteral("Folder of new profiles (default: AWS ACCOUNT REGION)."),
                                    QStringLiteral("FOLDER"));
    const QCommandLineOption select(
        QStringLiteral("select"),
        QStringLiteral("Import only this database (name, host or resource ID; repeat or "
                       "separate with commas)."),
        QStringLiteral("NAME"));
    const QCommandLineOption dbUser(
        QStringLiteral("db-user"),
        QStringLiteral("Database user of new profiles (default: the master user)."), QStringLiteral("USER"));
    parser.addOptions({region, allRegions, profile, mfaCode, json, import, folder, select, dbUser});
    const auto outcome = parseArguments(
        parser, args, kCommand,
        QStringLiteral("List the RDS and Aurora databases, cluster endpoints and RDS Proxies an AWS "
                       "identity can see, per region, with whether IAM authentication is on; "
                       "--import saves them as profiles."));
    if (!outcome.proceed)
        return outcome.exitCode;
    auto usage = [](const QString &message, const QString &hint) {
        printFailure(kCommand, makeError(QStringLiteral("usage.discover"), message, hint));
        return int(ExitUsage);
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()),
                     QStringLiteral("Name regions with --region REGION."));
    if (parser.isSet(region) && parser.isSet(allRegions))
        return usage(QStringLiteral("--region and --all-regions exclude each other"),
                     QStringLiteral("Give one of them."));
    if (!parser.isSet(import) && (parser.isSet(folder) || parser.isSet(select) || parser.isSet(dbUser)))
        return usage(QStringLiteral("--folder, --select and --db-user go with --import"),
                     QStringLiteral("Add --import to save profiles."));
    auto splitValues = [&parser](const QCommandLineOption &option) {
        QStringList out;
        for (const QString &value : parser.values(option))
            for (const QString &part : value.split(u',', Qt::SkipEmptyParts))
                out.append(part.trimmed());
        return out;
    };

    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const aws::CredentialChain chain(env, cliChainOptions(parser.value(mfaCode)));
    const QString awsProfile = parser.value(profile);
    QStringList regions =
        parser.isSet(allRegions) ? discovery::Discovery::commercialRegions() : splitValues(region);
    if (regions.isEmpty()) {
        const QString fallback = chain.defaultRegion(awsProfile);
        if (fallback.isEmpty())
            return usage(
                QStringLiteral("no region to search"),
                QStringLiteral("Name one with --region REGION, use --all-regions, or set a region in the "
                               "AWS profile."));
        regions.append(fallback);
    }
    auto resolved = chain.resolveDetailed(awsProfile);
    if (!resolved) {
        printFailure(kCommand, resolved.error());
        return ExitFailed;
    }

    discovery::Discovery discovery(aws::ServiceEndpoints(env), resolved->credentials, regions);
    if (!resolved->accountId.isEmpty())
        discovery.setAccount(resolved->accountId);
    {
        QEventLoop loop;
        QObject::connect(&discovery, &discovery::Discovery::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(kDiscoveryTimeoutMs, &loop, &QEventLoop::quit);
        discovery.start();
        if (!discovery.isFinished())
            loop.exec();
    }
    if (!discovery.isFinished())
        discovery.cancel();

    const Error timedOut =
        makeError(QStringLiteral("aws.timeout"),
                  QStringLiteral("the region did not answer within %1 s").arg(kDiscoveryTimeoutMs / 1000),
                  QStringLiteral("Check the network and the AWS configuration, then try again."));
    QJsonArray regionsJson;
    QString text;
    for (const discovery::RegionDiscovery &result : discovery.results()) {
        const std::optional<Error> error = result.done ? result.error : std::optional<Error>(timedOut);
        QJsonObject object{{QStringLiteral("region"), result.region}};
        if (error) {
            object.insert(QStringLiteral("error"), errorJson(*error));
            text += QStringLiteral("%1: failed: %2\n").arg(result.region, error->toString(FrontEnd::Cli));
        } else {
            QJsonArray endpoints;
            for (const DiscoveredEndpoint &e : result.endpoints)
                endpoints.append(endpointJson(e));
            object.insert(QStringLiteral("endpoints"), endpoints);
            if (result.endpoints.isEmpty())
                text += QStringLiteral("%1: no databases\n").arg(result.region);
            else
                text += QStringLiteral("%1: %2 endpoints\n").arg(result.region).arg(result.endpoints.size()) +
                        regionTable(result);
        }
        regionsJson.append(object);
    }
    const int exitCode = discovery.answeredRegions() > 0 ? ExitOk : ExitFailed;

    QJsonObject importJson;
    int importExit = ExitOk;
    if (parser.isSet(import) && exitCode == ExitOk) {
        QList<DiscoveredEndpoint> chosen = discovery.endpoints();
        const QStringList wanted = splitValues(select);
        if (!wanted.isEmpty()) {
            QSet<QString> unmatched(wanted.cbegin(), wanted.cend());
            QList<DiscoveredEndpoint> picked;
            for (const DiscoveredEndpoint &e : std::as_const(chosen)) {
                for (const QString &w : wanted) {
                    if (w.compare(e.name, Qt::CaseInsensitive) == 0 ||
                        w.compare(e.host, Qt::CaseInsensitive) == 0 || w == e.resourceId) {
                        picked.append(e);
                        unmatched.remove(w);
                        break;
                    }
                }
            }
            if (!unmatched.isEmpty()) {
                QStringList names(unmatched.cbegin(), unmatched.cend());
                names.sort();
                return usage(
                    QStringLiteral("no database found named %1").arg(names.join(QStringLiteral(", "))),
                    QStringLiteral("Run `signet discover` without --import to see the names."));
            }
            chosen = picked;
        }
        ProfileSession session;
        session.service.setRequirePersistentSecrets(true);
        if (auto loaded = session.store.load(); !loaded) {
            printFailure(kCommand, loaded.error());
            return ExitFailed;
        }
        discovery::ImportOptions options;
        options.awsProfile = awsProfile;
        options.folder = parser.value(folder);
        options.dbUser = parser.value(dbUser);
        const QList<ImportChange> changes =
            discovery::ProfileImport::plan(chosen, session.store.profiles(), options);
        const auto summary =
            profiles::ProfileService::wait(discovery::ProfileImport::apply(session.service, changes), 60'000);
        if (!summary) {
            printFailure(kCommand, summary.error());
            importExit = ExitFailed;
        } else {
            QJsonArray profilesJson;
            for (const ImportChange &change : changes) {
                const QString action = change.action == ImportChange::Action::Add ? QStringLiteral("added")
                                       : change.action == ImportChange::Action::Update
                                           ? QStringLiteral("updated")
                                           : QStringLiteral("unchanged");
                profilesJson.append(QJsonObject{{QStringLiteral("name"), change.profile.name},
                                                {QStringLiteral("folder"), change.profile.folder},
                                                {QStringLiteral("resource_id"), change.profile.awsResourceId},
                                                {QStringLiteral("action"), action}});
            }
            importJson = QJsonObject{{QStringLiteral("added"), summary->added},
                                     {QStringLiteral("updated"), summary->updated},
                                     {QStringLiteral("unchanged"), summary->unchanged},
                                     {QStringLiteral("profiles"), profilesJson}};
            text += QStringLiteral("Imported: %1 added, %2 updated, %3 unchanged.\n")
                        .arg(summary->added)
                        .arg(summary->updated)
                        .arg(summary->unchanged);
        }
    }

    if (parser.isSet(json)) {
        QJsonObject document{{QStringLiteral("account"), discovery.account()},
                             {QStringLiteral("regions"), regionsJson}};
        if (!importJson.isEmpty())
            document.insert(QStringLiteral("import"), importJson);
        printOut(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
    } else {
        if (!discovery.account().isEmpty())
            text.prepend(QStringLiteral("Account %1\n").arg(discovery.account()));
        printOut(text);
    }
    if (exitCode != ExitOk)
        printError(QStringLiteral("signet discover: no region answered"));
    return exitCode != ExitOk ? exitCode : importExit;
}

} // namespace signet::cli
