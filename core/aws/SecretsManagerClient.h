// SPDX-License-Identifier: GPL-3.0-or-later
// SecretsManagerClient: GetSecretValue, for the RDS-managed master-user secret the setup assistant may use.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsServiceClient.h"
#include "aws/ServiceEndpoints.h"
#include "common/SecretString.h"

#include <QFuture>

#include <memory>

namespace signet::aws {

struct SecretValue final
{
    QString arn;
    QString name;
    QString versionId;
    // SecretString of the answer; never printed or logged.
    SecretString secretString;
};

// A user name and password from a secret shaped as RDS stores master users ({"username", "password"}).
struct SecretLogin final
{
    QString username;
    SecretString password;
};

// Secrets Manager (JSON 1.1). Futures and lifetime as RdsClient.
class SecretsManagerClient final
{
public:
    SecretsManagerClient(const ServiceEndpoints &endpoints, QString region, Credentials credentials,
                         const Clock &clock = Clock::system(), QNetworkAccessManager *manager = nullptr);

    QUrl endpoint() const { return m_api->endpoint(); }
    void setTimeoutMs(int timeoutMs) { m_api->setTimeoutMs(timeoutMs); }
    void setRetryPolicy(RetryPolicy policy) { m_api->setRetryPolicy(std::move(policy)); }

    // `secretId`: a name or ARN; `versionStage` empty means AWSCURRENT.
    QFuture<Result<SecretValue>> getSecretValue(const QString &secretId,
                                                const QString &versionStage = {}) const;

    // Parsers, public for tests. Errors never quote the secret.
    static Result<SecretValue> parseSecretValue(const QJsonObject &answer);
    static Result<SecretLogin> loginFromSecret(const SecretValue &secret);

private:
    std::shared_ptr<AwsServiceClient> m_api;
};

} // namespace signet::aws
