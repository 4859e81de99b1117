// SPDX-License-Identifier: GPL-3.0-or-later
// `signet ca list [--json]`, `ca update [--source global|REGION|URL]`, `ca show [BUNDLE] [--json]`,
// `ca verify FILE|BUNDLE`. SIGNET_CA_BASE_URL redirects the built-in sources; SIGNET_CA_DOWNLOAD_TRUST
// names a PEM file of extra CAs trusted for the download itself.
#include "cli/CaCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "tls/CaBundleDownload.h"
#include "tls/CaBundleStore.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTimer>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("ca");

QString stateText(const tls::CertificateSummary &summary, const QDateTime &now)
{
    switch (summary.expiryState(now)) {
    case tls::ExpiryState::Expired:
        return QStringLiteral("EXPIRED");
    case tls::ExpiryState::ExpiresSoon:
        return QStringLiteral("expires soon");
    case tls::ExpiryState::NotYetValid:
        return QStringLiteral("not yet valid");
    case tls::ExpiryState::Valid:
        break;
    }
    return QStringLiteral("ok");
}

int fail(const Error &error)
{
    printFailure(kCommand, error);
    return ExitFailed;
}

int list(const tls::CaBundleStore &store, bool json)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray array;
    QString text =
        QStringLiteral("%1 %2 %3 %4\n")
            .arg(QStringLiteral("BUNDLE").leftJustified(28), QStringLiteral("CERTS").leftJustified(6),
                 QStringLiteral("NEXT EXPIRY").leftJustified(12), QStringLiteral("SOURCE"));
    for (const tls::CaBundleEntry &entry : store.entries()) {
        const auto bundle = store.load(entry.id);
        QJsonObject object = entry.toJson();
        QString next = QStringLiteral("unreadable");
        QStringList warnings;
        if (bundle) {
            const tls::CertificateSummary soonest = bundle->soonestExpiry();
            next = soonest.notAfter.date().toString(Qt::ISODate);
            warnings = bundle->warnings(now);
            object.insert(QStringLiteral("next_expiry"), soonest.notAfter.toString(Qt::ISODate));
            object.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
        }
        array.append(object);
        text += QStringLiteral("%1 %2 %3 %4\n")
                    .arg(entry.id.leftJustified(28), QString::number(entry.certificateCount).leftJustified(6),
                         next.leftJustified(12), entry.source);
        for (const QString &warning : warnings)
            text += QStringLiteral("  warning: %1\n").arg(warning);
    }
    printOut(json ? QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)) : text);
    return ExitOk;
}

int show(const tls::CaBundleStore &store, const QString &name, bool json)
{
    const auto bundle = store.load(name);
    if (!bundle)
        return fail(bundle.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray array;
    QString text;
    for (const tls::CertificateSummary &summary : bundle->summaries()) {
        array.append(QJsonObject{
            {QStringLiteral("subject"), summary.subject},
            {QStringLiteral("common_name"), summary.commonName},
            {QStringLiteral("key_algorithm"), summary.keyAlgorithm},
            {QStringLiteral("not_before"), summary.notBefore.toString(Qt::ISODate)},
            {QStringLiteral("not_after"), summary.notAfter.toString(Qt::ISODate)},
            {QStringLiteral("days_left"), summary.daysLeft(now)},
            {QStringLiteral("state"), stateText(summary, now)},
            {QStringLiteral("sha256"), summary.sha256},
        });
        text += QStringLiteral("%1 %2 %3 %4 %5\n")
                    .arg(summary.commonName.leftJustified(52), summary.keyAlgorithm.leftJustified(9),
                         summary.notAfter.date().toString(Qt::ISODate))
                    .arg(summary.daysLeft(now), 7)
                    .arg(stateText(summary, now));
    }
    if (json) {
        printOut(QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("bundle"), name.isEmpty() ? QStringLiteral("global") : name},
                            {QStringLiteral("sha256"), bundle->sha256()},
                            {QStringLiteral("certificates"), array}})
                .toJson(QJsonDocument::Indented)));
    } else {
        printOut(QStringLiteral("%1 %2 %3 %4 %5\n")
                     .arg(QStringLiteral("SUBJECT CN").leftJustified(52),
                          QStringLiteral("KEY").leftJustified(9), QStringLiteral("NOT AFTER "),
                          QStringLiteral("DAYS").rightJustified(7), QStringLiteral("STATE")) +
                 text);
    }
    return ExitOk;
}

int verify(const tls::CaBundleStore &store, const QString &name)
{
    const auto bundle = store.load(name);
    if (!bundle)
        return fail(bundle.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QStringList warnings = bundle->warnings(now);
    for (const QString &warning : warnings)
        printError(QStringLiteral("signet ca: warning: %1").arg(warning));
    const auto summaries = bundle->summaries();
    const bool allExpired =
        std::all_of(summaries.cbegin(), summaries.cend(), [&](const tls::CertificateSummary &s) {
            return s.expiryState(now) == tls::ExpiryState::Expired;
        });
    if (allExpired)
        return fail(makeError(QStringLiteral("ca.all-expired"),
                              QStringLiteral("every certificate in %1 has expired").arg(name),
                              QStringLiteral("Download a current bundle with `signet ca update`.")));
    printOut(QStringLiteral("%1: valid PEM, %2 certificates, sha256 %3, next expiry %4\n")
                 .arg(name)
                 .arg(bundle->size())
                 .arg(bundle->sha256(), bundle->soonestExpiry().notAfter.date().toString(Qt::ISODate)));
    return ExitOk;
}

int update(const tls::CaBundleStore &store, const QString &sourceSpec)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const auto source = tls::CaBundleSource::fromSpec(sourceSpec, env);
    if (!source) {
        printFailure(kCommand, source.error());
        return ExitUsage;
    }
    tls::CaBundleDownload download(store, *source);
    const QString trustFile = env.value(QStringLiteral("SIGNET_CA_DOWNLOAD_TRUST"));
    if (!trustFile.isEmpty()) {
        const auto trust = tls::CaBundle::fromFile(trustFile);
        if (!trust)
            return fail(trust.error());
        download.setExtraTrustedCertificates(trust->certificates());
    }
    QEventLoop loop;
    int exitCode = ExitFailed;
    qint64 lastReported = -1;
    QObject::connect(
        &download, &tls::CaBundleDownload::progressed, &loop, [&](qint64 received, qint64 total) {
            if (received - lastReported < 32 * 1024 && received != total)
                return;
            lastReported = received;
            printError(total > 0
                           ? QStringLiteral("signet ca: %1 of %2 KB").arg(received / 1024).arg(total / 1024)
                           : QStringLiteral("signet ca: %1 KB").arg(received / 1024));
        });
    QObject::connect(&download, &tls::CaBundleDownload::finished, &loop,
                     [&](const tls::CaBundleUpdate &result) {
                         if (result.notModified)
                             printOut(QStringLiteral("%1 is up to date (%2, not modified)\n")
                                          .arg(result.entry.id, source->url.toString()));
                         else
                             printOut(QStringLiteral("%1 %2: %3 certificates, sha256 %4\n")
                                          .arg(result.entry.id, result.changed ? QStringLiteral("updated")
                                                                               : QStringLiteral("unchanged"))
                                          .arg(result.entry.certificateCount)
                                          .arg(result.entry.sha256));
                         exitCode = ExitOk;
                         loop.quit();
                     });
    QObject::connect(&download, &tls::CaBundleDownload::failed, &loop, [&](const Error &error) {
        printFailure(kCommand, error);
        loop.quit();
    });
    printError(QStringLiteral("signet ca: downloading %1").arg(source->url.toString()));
    download.start();
    loop.exec();
    return exitCode;
}

} // namespace

int runCa(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption sourceOption(
        QStringLiteral("source"),
        QStringLiteral("update: global (default), us-gov-global, a region, or a URL."),
        QStringLiteral("SOURCE"), QStringLiteral("global"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list/show: print JSON."));
    parser.addOptions({sourceOption, json});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("list | update | show [BUNDLE] | verify FILE|BUNDLE"));
    const auto outcome = parseArguments(parser, args, kCommand,
                                        QStringLiteral("Manage the RDS CA bundles (stored in %1).")
                                            .arg(tls::CaBundleStore::defaultDirectory()));
    if (!outcome.proceed)
        return outcome.exitCode;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const tls::CaBundleStore store;
    auto usage = [](const QString &message, const QString &hint) {
        printFailure(kCommand, makeError(QStringLiteral("usage.bad"), message, hint));
        return int(ExitUsage);
    };
    if (action == u"list" && positional.size() == 1)
        return list(store, parser.isSet(json));
    if (action == u"update" && positional.size() == 1)
        return update(store, parser.value(sourceOption));
    if (action == u"show" && positional.size() <= 2)
        return show(store, positional.value(1), parser.isSet(json));
    if (action == u"verify" && positional.size() == 2)
        return verify(store, positional.at(1));
    if (action == u"verify")
        return usage(QStringLiteral("verify needs one FILE or BUNDLE"),
                     QStringLiteral("Run `signet ca verify FILE`."));
    return usage(action.isEmpty() ? QStringLiteral("no action given")
                                  : QStringLiteral("unknown action \"%1\"").arg(action),
                 QStringLiteral("Use list, update, show or verify."));
}

} // namespace signet::cli
