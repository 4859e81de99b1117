// SPDX-License-Identifier: GPL-3.0-or-later
// SsoPortalClient: IAM Identity Center's portal API (GetRoleCredentials).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"
#include "aws/Credentials.h"
#include "aws/ServiceEndpoints.h"

namespace signet::aws {

class SsoPortalClient final
{
public:
    SsoPortalClient(ServiceEndpoints endpoints, QString region, int timeoutMs = 10000,
                    QNetworkAccessManager *manager = nullptr);

    // Temporary credentials for one account and role, with the sign-in's access token.
    void getRoleCredentials(const QString &accountId, const QString &roleName,
                            const SecretString &accessToken, ResultCallback<Credentials> done) const;

    // The portal's answer as Credentials (expiration is epoch milliseconds), for tests.
    static Result<Credentials> parseRoleCredentials(const QByteArray &json);

private:
    ServiceEndpoints m_endpoints;
    QString m_region;
    int m_timeoutMs;
    AwsHttpClient m_http;
};

} // namespace signet::aws
