// SPDX-License-Identifier: GPL-3.0-or-later
// SsoOidcClient: IAM Identity Center's OIDC API (RegisterClient, StartDeviceAuthorization, CreateToken).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"
#include "aws/ServiceEndpoints.h"
#include "common/SecretString.h"

#include <QDateTime>
#include <QJsonObject>

namespace signet::aws {

struct OidcClientRegistration final
{
    QString clientId;
    SecretString clientSecret;
    QDateTime expiresAt;
};

struct DeviceAuthorization final
{
    QString deviceCode;
    QString userCode;
    QString verificationUri;
    QString verificationUriComplete;
    int expiresInSeconds = 600;
    int intervalSeconds = 5;
};

struct OidcToken final
{
    SecretString accessToken;
    SecretString refreshToken;
    int expiresInSeconds = 0;
};

class SsoOidcClient final
{
public:
    SsoOidcClient(ServiceEndpoints endpoints, QString region, int timeoutMs = 10000,
                  QNetworkAccessManager *manager = nullptr);

    void registerClient(const QString &clientName, const QStringList &scopes,
                        ResultCallback<OidcClientRegistration> done) const;
    void startDeviceAuthorization(const OidcClientRegistration &client, const QString &startUrl,
                                  ResultCallback<DeviceAuthorization> done) const;
    // grant_type device_code. While the user has not approved yet the error code is
    // "sso-oidc.AuthorizationPendingException" (or "sso-oidc.authorization_pending").
    void createTokenWithDeviceCode(const OidcClientRegistration &client, const QString &deviceCode,
                                   ResultCallback<OidcToken> done) const;
    // grant_type refresh_token.
    void refreshToken(const QString &clientId, const SecretString &clientSecret,
                      const SecretString &refreshToken, ResultCallback<OidcToken> done) const;

    // The answers' parsers (the lambdas below call them), public for tests and fuzzing: each is an
    // Error "sso-oidc.malformed" when a required field is missing.
    static Result<OidcClientRegistration> parseRegistration(const QJsonObject &object);
    static Result<DeviceAuthorization> parseDeviceAuthorization(const QJsonObject &object);
    static Result<OidcToken> parseToken(const QJsonObject &object);

private:
    void post(const QString &path, const QJsonObject &body, ResultCallback<QJsonObject> done) const;

    ServiceEndpoints m_endpoints;
    QString m_region;
    int m_timeoutMs;
    AwsHttpClient m_http;
};

} // namespace signet::aws
