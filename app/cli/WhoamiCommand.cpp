// SPDX-License-Identifier: GPL-3.0-or-later
// `signet whoami [--aws-profile NAME] [--mfa-code CODE] [--json]`: the provider and profile that won,
// the masked access key id, account, ARN and expiry (from the provider, else STS GetCallerIdentity).
#include "cli/WhoamiCommand.h"

#include "aws/CredentialChain.h"
#include "aws/StsClient.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/TerminalMfaPrompt.h"
#include "common/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("whoami");

QString remaining(const QDateTime &until, const QDateTime &now)
{
    const qint64 seconds = now.secsTo(until);
    if (seconds <= 0)
        return QStringLiteral("expired");
    if (seconds < 3600)
        return QStringLiteral("%1 min left").arg(seconds / 60);
    return QStringLiteral("%1 h %2 min left").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

int runWhoami(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("AWS profile to resolve (skips environment keys)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption mfaCode(QStringLiteral("mfa-code"),
                                     QStringLiteral("MFA code for a role with mfa_serial."),
                                     QStringLiteral("CODE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the identity as JSON."));
    parser.addOptions({profile, mfaCode, json});
    const auto outcome =
        parseArguments(parser, args, kCommand,
                       QStringLiteral("Show which AWS credentials Signet would sign with: the "
                                      "provider and profile that won, the account and ARN."));
    if (!outcome.proceed)
        return outcome.exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        printFailure(
            kCommand,
            makeError(QStringLiteral("usage.unexpected"),
                      QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()),
                      QStringLiteral("Name a profile with --aws-profile NAME.")));
        return ExitUsage;
    }

    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const aws::CredentialChain chain(env, cliChainOptions(parser.value(mfaCode)));
    auto resolved = chain.resolveDetailed(parser.value(profile));
    if (!resolved) {
        printFailure(kCommand, resolved.error());
        return ExitFailed;
    }
    int exitCode = ExitOk;
    // STS out of reach: the credentials still resolved and sign offline, so whoami succeeds and
    // says what it could not find out. An answer from STS that refuses them is a failure.
    QString identityUnknown;
    if (resolved->arn.isEmpty()) {
        const aws::StsClient sts(aws::ServiceEndpoints(env), chain.defaultRegion(parser.value(profile)));
        auto identity =
            aws::waitForResult(aws::futureFromCallback<aws::CallerIdentity>(
                                   [&sts, &resolved](aws::ResultCallback<aws::CallerIdentity> done) {
                                       sts.getCallerIdentity(resolved->credentials, std::move(done));
                                   }),
                               30000, QStringLiteral("STS GetCallerIdentity"));
        if (identity) {
            resolved->arn = identity->arn;
            resolved->accountId = identity->account;
        } else if (identity.error().code == u"aws.unreachable" || identity.error().code == u"aws.timeout") {
            identityUnknown = identity.error().message;
            printError(QStringLiteral("signet whoami: the credentials resolved, but the account and ARN are "
                                      "unknown: %1")
                           .arg(identityUnknown));
        } else {
            printFailure(kCommand, identity.error());
            exitCode = ExitFailed;
        }
    }

    const QDateTime now = Clock::system().now();
    const auto &credentials = resolved->credentials;
    if (parser.isSet(json)) {
        QJsonObject object{{QStringLiteral("provider"), resolved->provider},
                           {QStringLiteral("profile"), resolved->profile},
                           {QStringLiteral("file"), resolved->file},
                           {QStringLiteral("access_key_id"), credentials.maskedAccessKeyId()},
                           {QStringLiteral("temporary"), credentials.isTemporary()},
                           {QStringLiteral("account"), resolved->accountId},
                           {QStringLiteral("arn"), resolved->arn}};
        if (credentials.expiration)
            object.insert(QStringLiteral("expires_at"),
                          credentials.expiration->toUTC().toString(Qt::ISODate));
        if (!identityUnknown.isEmpty())
            object.insert(QStringLiteral("identity_unknown"), identityUnknown);
        printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
        return exitCode;
    }
    QString text;
    auto line = [&text](const QString &label, const QString &value) {
        if (!value.isEmpty())
            text += label.leftJustified(12) + value + u'\n';
    };
    line(QStringLiteral("provider:"), resolved->provider);
    if (!resolved->profile.isEmpty())
        line(QStringLiteral("profile:"),
             resolved->file.isEmpty() ? resolved->profile
                                      : QStringLiteral("%1 (%2)").arg(resolved->profile, resolved->file));
    line(QStringLiteral("access key:"),
         credentials.maskedAccessKeyId() +
             (credentials.isTemporary() ? QStringLiteral(" (temporary)") : QString()));
    line(QStringLiteral("account:"), resolved->accountId);
    line(QStringLiteral("arn:"), resolved->arn);
    if (!identityUnknown.isEmpty())
        line(QStringLiteral("identity:"), QStringLiteral("unknown (STS could not be reached)"));
    if (credentials.expiration)
        line(QStringLiteral("expires:"),
             QStringLiteral("%1 (%2)").arg(credentials.expiration->toUTC().toString(Qt::ISODate),
                                           remaining(*credentials.expiration, now)));
    printOut(text);
    return exitCode;
}

} // namespace signet::cli
