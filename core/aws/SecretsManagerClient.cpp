// SPDX-License-Identifier: GPL-3.0-or-later
// SecretsManagerClient: the GetSecretValue JSON call and the RDS master-secret shape.
#include "aws/SecretsManagerClient.h"

#include <QJsonDocument>

namespace signet::aws {

SecretsManagerClient::SecretsManagerClient(const ServiceEndpoints &endpoints, QString region,
                                           Credentials credentials, const Clock &clock,
                                           QNetworkAccessManager *manager)
    : m_api(std::make_shared<AwsServiceClient>(AwsService::secretsManager(), endpoints.secretsManager(region),
                                               region, std::move(credentials), clock, manager))
{}

Result<SecretValue> SecretsManagerClient::parseSecretValue(const QJsonObject &answer)
{
    const QJsonValue text = answer.value(QStringLiteral("SecretString"));
    if (!text.isString())
        return makeError(QStringLiteral("secretsmanager.no-secret-string"),
                         answer.contains(QStringLiteral("SecretBinary"))
                             ? QStringLiteral("the secret holds binary data, not text")
                             : QStringLiteral("AWS Secrets Manager GetSecretValue answered without a secret"),
                         QStringLiteral("Use a secret stored as text (RDS master-user secrets are)."));
    SecretValue out;
    out.arn = answer.value(QStringLiteral("ARN")).toString();
    out.name = answer.value(QStringLiteral("Name")).toString();
    out.versionId = answer.value(QStringLiteral("VersionId")).toString();
    out.secretString = SecretString::fromUtf8(text.toString());
    return out;
}

Result<SecretLogin> SecretsManagerClient::loginFromSecret(const SecretValue &secret)
{
    const QJsonObject object = QJsonDocument::fromJson(secret.secretString.reveal()).object();
    const QString username = object.value(QStringLiteral("username")).toString();
    const QJsonValue password = object.value(QStringLiteral("password"));
    if (username.isEmpty() || !password.isString())
        return makeError(QStringLiteral("secretsmanager.not-a-login"),
                         QStringLiteral("the secret %1 is not a JSON object with a username and a password")
                             .arg(secret.name.isEmpty() ? secret.arn : secret.name),
                         QStringLiteral("Use the database's RDS-managed master-user secret."));
    return SecretLogin{username, SecretString::fromUtf8(password.toString())};
}

QFuture<Result<SecretValue>> SecretsManagerClient::getSecretValue(const QString &secretId,
                                                                  const QString &versionStage) const
{
    QJsonObject request{{QStringLiteral("SecretId"), secretId}};
    if (!versionStage.isEmpty())
        request.insert(QStringLiteral("VersionStage"), versionStage);
    return cancellableFuture<SecretValue>([&](ResultCallback<SecretValue> done, CancelCheck cancelled) {
        m_api->json(
            QStringLiteral("GetSecretValue"), request,
            [done = std::move(done)](Result<QJsonObject> answer) {
                if (!answer) {
                    done(answer.error());
                    return;
                }
                done(parseSecretValue(*answer));
            },
            std::move(cancelled));
    });
}

} // namespace signet::aws
