// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: IAM Identity Center OIDC answers (RegisterClient, StartDeviceAuthorization,
// CreateToken) and its OAuth-style error documents.
#include "FuzzSupport.h"
#include "aws/JsonService.h"
#include "aws/SsoOidcClient.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    const QString service = QStringLiteral("IAM Identity Center OIDC");
    const auto object = aws::parseJsonObject(json, service, QStringLiteral("sso-oidc"));
    if (object) {
        const QString clientSecret = object->value(QStringLiteral("clientSecret")).toString();
        const QString accessToken = object->value(QStringLiteral("accessToken")).toString();
        const QString refreshToken = object->value(QStringLiteral("refreshToken")).toString();
        const auto registration = aws::SsoOidcClient::parseRegistration(*object);
        if (!registration) {
            fuzz::requireExplained(registration.error());
            fuzz::requireNotShown(registration.error(), clientSecret);
        }
        const auto device = aws::SsoOidcClient::parseDeviceAuthorization(*object);
        if (device)
            fuzz::require(device->intervalSeconds >= 1);
        else
            fuzz::requireExplained(device.error());
        const auto token = aws::SsoOidcClient::parseToken(*object);
        if (token) {
            fuzz::require(!token->accessToken.isEmpty() && token->expiresInSeconds > 0);
        } else {
            fuzz::requireExplained(token.error());
            fuzz::requireNotShown(token.error(), accessToken);
            fuzz::requireNotShown(token.error(), refreshToken);
        }
    } else {
        fuzz::requireExplained(object.error());
    }
    for (const int status : {400, 401, 500})
        fuzz::requireExplained(aws::jsonServiceError(status, json, service, QStringLiteral("sso-oidc")));
    return 0;
}
