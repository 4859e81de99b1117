// SPDX-License-Identifier: GPL-3.0-or-later
// TokenSigning: `signet token`'s options, JSON and endpoint signing.
#include "cli/TokenSigning.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "common/Clock.h"
#include "token/TokenRequest.h"

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
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
}

Result<int> tokenLifetime(const QString &text, Engine engine)
{
    Error error;
    const auto lifetime =
        intOption(text, QStringLiteral("--expires"), 1, token::TokenRequest::maxLifetime(engine), &error);
    if (!lifetime)
        return error;
    return *lifetime;
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
    object.insert(QStringLiteral("service"),
                  token.isDsql() ? QStringLiteral("dsql") : QStringLiteral("rds-db"));
    if (token.isDsql())
        object.insert(QStringLiteral("action"), token::DsqlToken::actionName(token.dsqlAction()));
    if (credentials.expiration)
        object.insert(QStringLiteral("credentials_expire_at"), isoUtc(*credentials.expiration));
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

int signEndpoint(const EndpointArguments &arguments, int lifetime, bool json, const QString &defaultRegion,
                 const std::function<Result<aws::Credentials>()> &credentials)
{
    const auto resolvedRegion =
        resolveSigningRegion(arguments.endpoint.host, arguments.endpoint.region, defaultRegion);
    if (!resolvedRegion) {
        printFailure(kCommand, resolvedRegion.error());
        return ExitUsage;
    }
    const auto resolved = credentials();
    if (!resolved) {
        printFailure(kCommand, resolved.error());
        return ExitFailed;
    }
    const token::TokenRequest request{arguments.engine, arguments.endpoint.host, arguments.endpoint.port,
                                      *resolvedRegion,  arguments.user,          lifetime};
    const auto token = request.sign(*resolved, Clock::system().now());
    if (!token) {
        printFailure(kCommand, token.error());
        return ExitFailed;
    }
    printOut(json ? QString::fromUtf8(tokenJson(*token, *resolved)) : token->text() + u'\n');
    return ExitOk;
}

} // namespace signet::cli
