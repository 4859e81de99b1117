// SPDX-License-Identifier: GPL-3.0-or-later
// SsoPortalClient: GET /federation/credentials with the bearer token header.
#include "aws/SsoPortalClient.h"

#include "aws/JsonService.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace signet::aws {

namespace {

const QString kPortal = QStringLiteral("the IAM Identity Center portal");

Result<Credentials> credentialsFrom(const QJsonObject &object)
{
    const QJsonObject role = object.value(QStringLiteral("roleCredentials")).toObject();
    Credentials out;
    out.accessKeyId = role.value(QStringLiteral("accessKeyId")).toString();
    out.secretAccessKey = SecretString::fromUtf8(role.value(QStringLiteral("secretAccessKey")).toString());
    out.sessionToken = SecretString::fromUtf8(role.value(QStringLiteral("sessionToken")).toString());
    const qint64 expirationMs = role.value(QStringLiteral("expiration")).toVariant().toLongLong();
    if (out.accessKeyId.isEmpty() || out.secretAccessKey.isEmpty() || out.sessionToken.isEmpty() ||
        expirationMs <= 0)
        return makeError(QStringLiteral("sso.malformed"),
                         QStringLiteral("%1 answered without complete role credentials").arg(kPortal),
                         QStringLiteral("Check AWS_ENDPOINT_URL_SSO, or try again later."));
    out.expiration = QDateTime::fromMSecsSinceEpoch(expirationMs, Qt::UTC);
    return out;
}

} // namespace

SsoPortalClient::SsoPortalClient(ServiceEndpoints endpoints, QString region, int timeoutMs,
                                 QNetworkAccessManager *manager)
    : m_endpoints(std::move(endpoints))
    , m_region(std::move(region))
    , m_timeoutMs(timeoutMs)
    , m_http(manager)
{}

Result<Credentials> SsoPortalClient::parseRoleCredentials(const QByteArray &json)
{
    const auto object = parseJsonObject(json, kPortal, QStringLiteral("sso"));
    if (!object)
        return object.error();
    return credentialsFrom(*object);
}

void SsoPortalClient::getRoleCredentials(const QString &accountId, const QString &roleName,
                                         const SecretString &accessToken,
                                         ResultCallback<Credentials> done) const
{
    HttpExchange exchange;
    exchange.url = m_endpoints.ssoPortal(m_region);
    QString path = exchange.url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    exchange.url.setPath(path + QStringLiteral("/federation/credentials"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("role_name"), roleName);
    query.addQueryItem(QStringLiteral("account_id"), accountId);
    exchange.url.setQuery(query);
    exchange.headers.append({QByteArrayLiteral("x-amz-sso_bearer_token"), accessToken.reveal()});
    exchange.timeoutMs = m_timeoutMs;
    exchange.service = kPortal;
    sendJson(m_http, exchange, QStringLiteral("sso"), [done = std::move(done)](Result<QJsonObject> object) {
        if (!object) {
            Error error = object.error();
            if (error.code == u"sso.UnauthorizedException" || error.code == u"sso.http-401") {
                error.code = QStringLiteral("sso.token-expired");
                error.hint =
                    QStringLiteral("The IAM Identity Center sign-in has expired or was revoked; sign in "
                                   "again.");
                error.fix = Fix{Fix::Kind::SignInSso, QStringLiteral("NAME")};
            }
            done(error);
            return;
        }
        done(credentialsFrom(*object));
    });
}

} // namespace signet::aws
