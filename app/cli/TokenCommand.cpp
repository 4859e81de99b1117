// `signet token --host H --port P [--region R] --user U [--aws-profile NAME] [--mfa-code CODE] [--expires S]
// [--json]`,
// or `signet token PROFILE [--expires S] [--json]` for a saved profile.
// stdout carries the token and nothing else; everything diagnostic goes to stderr.
#include "cli/TokenCommand.h"

#include "aws/CredentialChain.h"
#include "aws/RdsEndpoint.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/ProfilesCommand.h"
#include "cli/TerminalMfaPrompt.h"
#include "common/Clock.h"
#include "profiles/ProfileSigner.h"
#include "token/AuthToken.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("token");

QString isoUtc(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODate);
}

QByteArray tokenJson(const token::AuthToken &token, const aws::Credentials &credentials)
{
    QJsonObject object{
        {QStringLiteral("token"), token.text()},
        {QStringLiteral("expires_at"), isoUtc(token.validUntil())},
        {QStringLiteral("signed_at"), isoUtc(token.signedAt())},
        {QStringLiteral("token_expires_at"), isoUtc(token.expiresAt())},
        {QStringLiteral("host"), token.host()},
        {QStringLiteral("port"), token.port()},
        {QStringLiteral("user"), token.dbUser()},
        {QStringLiteral("region"), token.region()},
        {QStringLiteral("access_key_id"), token.accessKeyId()},
        {QStringLiteral("has_session_token"), token.hasSessionToken()},
        {QStringLiteral("credential_source"), credentials.source},
    };
    if (credentials.expiration)
        object.insert(QStringLiteral("credentials_expire_at"), isoUtc(*credentials.expiration));
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

int signProfile(const QString &name, int lifetime, bool json)
{
    const auto profile = loadProfile(name);
    if (!profile) {
        printFailure(kCommand, profile.error());
        return ExitFailed;
    }
    const auto credentials = profileCredentials(*profile);
    if (!credentials) {
        printFailure(kCommand, credentials.error());
        return ExitFailed;
    }
    const auto token = profiles::ProfileSigner::sign(*profile, *credentials, Clock::system().now(), lifetime);
    if (!token) {
        printFailure(kCommand, token.error());
        return ExitFailed;
    }
    printOut(json ? QString::fromUtf8(tokenJson(*token, *credentials)) : token->text() + u'\n');
    return ExitOk;
}

} // namespace

int runToken(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Database endpoint host name."),
                                  QStringLiteral("HOST"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Database port (1-65535)."),
                                  QStringLiteral("PORT"));
    const QCommandLineOption region(QStringLiteral("region"),
                                    QStringLiteral("AWS region; optional when HOST is an RDS endpoint."),
                                    QStringLiteral("REGION"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Database user name."),
                                  QStringLiteral("USER"));
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("AWS profile for credentials (skips environment keys)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption expires(QStringLiteral("expires"),
                                     QStringLiteral("Token lifetime in seconds, 1-900 (default 900)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("900"));
    const QCommandLineOption mfaCode(
        QStringLiteral("mfa-code"),
        QStringLiteral("MFA code for a role with mfa_serial (asked on the terminal "
                       "otherwise)."),
        QStringLiteral("CODE"));
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print the token with its expiry and parsed fields as JSON."));
    parser.addOptions({host, port, region, user, profile, mfaCode, expires, json});
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
    const auto outcome = parseArguments(parser, args, kCommand,
                                        QStringLiteral("Sign an IAM database authentication token. The token "
                                                       "alone goes to stdout."));
    if (!outcome.proceed)
        return outcome.exitCode;

    auto usage = [](const Error &error) {
        printFailure(kCommand, error);
        return int(ExitUsage);
    };
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usage(makeError(
            QStringLiteral("usage.unexpected"),
            QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)),
            QStringLiteral("Name one saved profile, or pass --host HOST --port PORT --user USER.")));
    if (positional.size() == 1) {
        for (const auto *endpointOption : {&host, &port, &user, &region, &profile}) {
            if (parser.isSet(*endpointOption))
                return usage(makeError(
                    QStringLiteral("usage.conflict"),
                    QStringLiteral("unexpected argument \"%2\" next to --%1")
                        .arg(endpointOption->names().first(), positional.first()),
                    QStringLiteral("Name a saved profile alone (signet token PROFILE), or pass only "
                                   "--host/--port/--user.")));
        }
        Error error;
        const auto lifetime = intOption(parser.value(expires), QStringLiteral("--expires"), 1, 900, &error);
        if (!lifetime)
            return usage(error);
        return signProfile(positional.first(), *lifetime, parser.isSet(json));
    }
    for (const auto *required : {&host, &port, &user}) {
        if (parser.value(*required).trimmed().isEmpty())
            return usage(makeError(
                QStringLiteral("usage.missing"),
                QStringLiteral("--%1 is missing or empty").arg(required->names().first()),
                QStringLiteral("Pass --%1 %2.").arg(required->names().first(), required->valueName())));
    }
    Error error;
    const auto portNumber = intOption(parser.value(port), QStringLiteral("--port"), 1, 65535, &error);
    if (!portNumber)
        return usage(error);
    const auto lifetime = intOption(parser.value(expires), QStringLiteral("--expires"), 1, 900, &error);
    if (!lifetime)
        return usage(error);

    const aws::CredentialChain chain(QProcessEnvironment::systemEnvironment(),
                                     cliChainOptions(parser.value(mfaCode)));
    const QString hostName = parser.value(host).trimmed();
    QString regionName = parser.value(region);
    if (regionName.isEmpty() && aws::RdsEndpoint::regionFromHost(hostName).isEmpty())
        regionName = chain.defaultRegion(parser.value(profile));
    const auto resolvedRegion = aws::RdsEndpoint::resolveRegion(hostName, regionName);
    if (!resolvedRegion)
        return usage(resolvedRegion.error());

    const auto credentials = chain.resolve(parser.value(profile));
    if (!credentials) {
        printFailure(kCommand, credentials.error());
        return ExitFailed;
    }
    const QDateTime now = Clock::system().now();
    if (credentials->expiration && *credentials->expiration <= now) {
        printFailure(kCommand,
                     makeError(QStringLiteral("credentials.expired"),
                               QStringLiteral("the credentials from %1 expired at %2")
                                   .arg(credentials->source, isoUtc(*credentials->expiration)),
                               QStringLiteral("Refresh them (e.g. `aws sso login`) and run again.")));
        return ExitFailed;
    }

    const auto token = token::AuthToken::generate(hostName, *portNumber, *resolvedRegion, parser.value(user),
                                                  *credentials, now, *lifetime);
    if (!token) {
        printFailure(kCommand, token.error());
        return ExitFailed;
    }
    if (parser.isSet(json))
        printOut(QString::fromUtf8(tokenJson(*token, *credentials)));
    else
        printOut(token->text() + u'\n');
    return ExitOk;
}

} // namespace signet::cli
