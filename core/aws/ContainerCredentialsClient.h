// SPDX-License-Identifier: GPL-3.0-or-later
// ContainerCredentialsClient: credentials from the ECS/EKS container credentials endpoint.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"
#include "aws/Credentials.h"

#include <QProcessEnvironment>

namespace signet::aws {

// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (against http://169.254.170.2) or
// AWS_CONTAINER_CREDENTIALS_FULL_URI; the Authorization header from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on every fetch) or AWS_CONTAINER_AUTHORIZATION_TOKEN.
// A full URI over plain http must point at a loopback address or the ECS/EKS link-local hosts.
class ContainerCredentialsClient final
{
public:
    explicit ContainerCredentialsClient(QProcessEnvironment env, QNetworkAccessManager *manager = nullptr);

    // Whether the environment asks for this provider at all.
    bool configured() const;
    void fetchCredentials(ResultCallback<Credentials> done) const;

    // The URL to ask, after the allowed-hosts rule.
    Result<QUrl> endpoint() const;
    static bool isAllowedHost(const QUrl &url);

private:
    QProcessEnvironment m_env;
    AwsHttpClient m_http;
};

} // namespace signet::aws
