// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: Secrets Manager GetSecretValue answers (JSON 1.1) and the master-user secret
// inside them ({"username","password"}), as any endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER) may send
// them. Errors explain themselves and never quote the secret.
#include "FuzzSupport.h"
#include "aws/SecretsManagerClient.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = fuzz::bytes(data, size);
    const QJsonObject answer = QJsonDocument::fromJson(bytes).object();
    const QString secretText = answer.value(QStringLiteral("SecretString")).toString();
    // Errors name the secret by its Name or ARN, which are not secret: a value that also occurs
    // there may rightly be shown.
    const QString publicText = answer.value(QStringLiteral("Name")).toString() + QLatin1Char('\n') +
                               answer.value(QStringLiteral("ARN")).toString();
    const auto requireSecretNotShown = [&](const Error &error, const QString &secret) {
        if (!publicText.contains(secret))
            fuzz::requireNotShown(error, secret);
    };
    const auto value = aws::SecretsManagerClient::parseSecretValue(answer);
    if (!value) {
        fuzz::requireExplained(value.error());
        requireSecretNotShown(value.error(), secretText);
        return 0;
    }
    const auto login = aws::SecretsManagerClient::loginFromSecret(*value);
    if (!login) {
        fuzz::requireExplained(login.error());
        const QString password = QJsonDocument::fromJson(secretText.toUtf8())
                                     .object()
                                     .value(QStringLiteral("password"))
                                     .toString();
        requireSecretNotShown(login.error(), password);
    }
    return 0;
}
