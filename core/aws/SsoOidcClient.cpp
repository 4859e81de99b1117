// SPDX-License-Identifier: GPL-3.0-or-later
// SsoOidcClient: JSON posts to oidc.REGION.amazonaws.com.
#include "aws/SsoOidcClient.h"

#include "aws/JsonService.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace signet::aws {

namespace {

const QString kOidc = QStringLiteral("IAM Identity Center OIDC");

Result<OidcToken> tokenFrom(const Result<QJsonObject> &object)
{
    if (!object)
        return object.error();
    return SsoOidcClient::parseToken(*object);
}

} // namespace

SsoOidcClient::SsoOidcClient(ServiceEndpoints endpoints, QString region, int timeoutMs,
                             QNetworkAccessManager *manager)
    : m_endpoints(std::move(endpoints))
    , m_region(std::move(region))
    , m_timeoutMs(timeoutMs)
    , m_http(manager)
{}

Result<OidcClientRegistration> SsoOidcClient::parseRegistration(const QJsonObject &object)
{
    OidcClientRegistration client;
    client.clientId = object.value(QStringLiteral("clientId")).toString();
    client.clientSecret = SecretString::fromUtf8(object.value(QStringLiteral("clientSecret")).toString());
    const qint64 expires = object.value(QStringLiteral("clientSecretExpiresAt")).toVariant().toLongLong();
    if (expires > 0)
        client.expiresAt = QDateTime::fromSecsSinceEpoch(expires, Qt::UTC);
    if (client.clientId.isEmpty() || client.clientSecret.isEmpty())
        return makeError(QStringLiteral("sso-oidc.malformed"),
                         QStringLiteral("%1 RegisterClient answered without a client id").arg(kOidc));
    return client;
}

Result<DeviceAuthorization> SsoOidcClient::parseDeviceAuthorization(const QJsonObject &object)
{
    DeviceAuthorization out;
    out.deviceCode = object.value(QStringLiteral("deviceCode")).toString();
    out.userCode = object.value(QStringLiteral("userCode")).toString();
    out.verificationUri = object.value(QStringLiteral("verificationUri")).toString();
    out.verificationUriComplete = object.value(QStringLiteral("verificationUriComplete")).toString();
    out.expiresInSeconds = object.value(QStringLiteral("expiresIn")).toInt(600);
    out.intervalSeconds = qMax(1, object.value(QStringLiteral("interval")).toInt(5));
    if (out.deviceCode.isEmpty() || out.verificationUri.isEmpty())
        return makeError(
            QStringLiteral("sso-oidc.malformed"),
            QStringLiteral("%1 StartDeviceAuthorization answered without a device code").arg(kOidc));
    return out;
}

Result<OidcToken> SsoOidcClient::parseToken(const QJsonObject &object)
{
    OidcToken token;
    token.accessToken = SecretString::fromUtf8(object.value(QStringLiteral("accessToken")).toString());
    token.refreshToken = SecretString::fromUtf8(object.value(QStringLiteral("refreshToken")).toString());
    token.expiresInSeconds = object.value(QStringLiteral("expiresIn")).toInt();
    if (token.accessToken.isEmpty() || token.expiresInSeconds <= 0)
        return makeError(QStringLiteral("sso-oidc.malformed"),
                         QStringLiteral("%1 CreateToken answered without an access token").arg(kOidc),
                         QStringLiteral("Check AWS_ENDPOINT_URL_SSO_OIDC, or try again later."));
    return token;
}

void SsoOidcClient::post(const QString &path, const QJsonObject &body, ResultCallback<QJsonObject> done) const
{
    HttpExchange exchange;
    exchange.method = QByteArrayLiteral("POST");
    exchange.url = m_endpoints.ssoOidc(m_region);
    QString base = exchange.url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    exchange.url.setPath(base + path);
    exchange.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    exchange.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    exchange.timeoutMs = m_timeoutMs;
    exchange.service = kOidc;
    sendJson(m_http, exchange, QStringLiteral("sso-oidc"), std::move(done));
}

void SsoOidcClient::registerClient(const QString &clientName, const QStringList &scopes,
                                   ResultCallback<OidcClientRegistration> done) const
{
    QJsonObject body{{QStringLiteral("clientName"), clientName},
                     {QStringLiteral("clientType"), QStringLiteral("public")}};
    if (!scopes.isEmpty())
        body.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(scopes));
    post(QStringLiteral("/client/register"), body, [done = std::move(done)](Result<QJsonObject> object) {
        if (!object) {
            done(object.error());
            return;
        }
        done(parseRegistration(*object));
    });
}

void SsoOidcClient::startDeviceAuthorization(const OidcClientRegistration &client, const QString &startUrl,
                                             ResultCallback<DeviceAuthorization> done) const
{
    const QJsonObject body{{QStringLiteral("clientId"), client.clientId},
                           {QStringLiteral("clientSecret"), client.clientSecret.revealText()},
                           {QStringLiteral("startUrl"), startUrl}};
    post(QStringLiteral("/device_authorization"), body, [done = std::move(done)](Result<QJsonObject> object) {
        if (!object) {
            done(object.error());
            return;
        }
        done(parseDeviceAuthorization(*object));
    });
}

void SsoOidcClient::createTokenWithDeviceCode(const OidcClientRegistration &client, const QString &deviceCode,
                                              ResultCallback<OidcToken> done) const
{
    const QJsonObject body{
        {QStringLiteral("clientId"), client.clientId},
        {QStringLiteral("clientSecret"), client.clientSecret.revealText()},
        {QStringLiteral("grantType"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
        {QStringLiteral("deviceCode"), deviceCode}};
    post(QStringLiteral("/token"), body,
         [done = std::move(done)](Result<QJsonObject> object) { done(tokenFrom(object)); });
}

void SsoOidcClient::refreshToken(const QString &clientId, const SecretString &clientSecret,
                                 const SecretString &refreshToken, ResultCallback<OidcToken> done) const
{
    const QJsonObject body{{QStringLiteral("clientId"), clientId},
                           {QStringLiteral("clientSecret"), clientSecret.revealText()},
                           {QStringLiteral("grantType"), QStringLiteral("refresh_token")},
                           {QStringLiteral("refreshToken"), refreshToken.revealText()}};
    post(QStringLiteral("/token"), body,
         [done = std::move(done)](Result<QJsonObject> object) { done(tokenFrom(object)); });
}

} // namespace signet::aws
