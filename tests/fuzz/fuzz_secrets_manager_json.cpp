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
    const auto value = aws::SecretsManagerClient::parseSecretValue(answer);
    if (!value) {
        fuzz::requireExplained(value.error());
        if (secretText.size() >= 8)
            fuzz::requireNotShown(value.error(), secretText);
        return 0;
    }
    const auto login = aws::SecretsManagerClient::loginFromSecret(*value);
    if (!login) {
        fuzz::requireExplained(login.error());
        const QString password = QJsonDocument::fromJson(secretText.toUtf8())
                                     .object()
                                     .value(QStringLiteral("password"))
                                     .toString();
        if (password.size() >= 8)
            fuzz::requireNotShown(login.error(), password);
    }
    return 0;
}
