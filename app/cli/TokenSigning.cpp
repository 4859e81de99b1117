// TokenSigning: `signet token`'s options, JSON and endpoint signing.
#include "cli/TokenSigning.h"

#include "aws/RdsEndpoint.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "common/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("token");

QString isoUtc(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODate);
}

} // namespace

void TokenCommandLine::addTo(QCommandLineParser &parser) const
{
    endpoint.addTo(parser);
    parser.addOptions({mfaCode, expires, json});
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"), QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
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

int signEndpoint(const EndpointArguments &arguments, int lifetime, bool json, const QString &defaultRegion,
                 const std::function<Result<aws::Credentials>()> &credentials)
{
    const QString hostName = arguments.endpoint.host;
    QString regionName = arguments.endpoint.region;
    if (regionName.isEmpty() && aws::RdsEndpoint::regionFromHost(hostName).isEmpty())
        regionName = defaultRegion;
    const auto resolvedRegion = aws::RdsEndpoint::resolveRegion(hostName, regionName);
    if (!resolvedRegion) {
        printFailure(kCommand, resolvedRegion.error());
        return ExitUsage;
    }
    const auto resolved = credentials();
    if (!resolved) {
        printFailure(kCommand, resolved.error());
        return ExitFailed;
    }
    const QDateTime now = Clock::system().now();
    if (resolved->expiration && *resolved->expiration <= now) {
        printFailure(kCommand,
                     makeError(QStringLiteral("credentials.expired"),
                               QStringLiteral("the credentials from %1 expired at %2")
                                   .arg(resolved->source, isoUtc(*resolved->expiration)),
                               QStringLiteral("Refresh them (e.g. `aws sso login`) and run again.")));
        return ExitFailed;
    }
    const auto token = token::AuthToken::generate(hostName, arguments.endpoint.port, *resolvedRegion,
                                                  arguments.user, *resolved, now, lifetime);
    if (!token) {
        printFailure(kCommand, token.error());
        return ExitFailed;
    }
    printOut(json ? QString::fromUtf8(tokenJson(*token, *resolved)) : token->text() + u'\n');
    return ExitOk;
}

} // namespace signet::cli
