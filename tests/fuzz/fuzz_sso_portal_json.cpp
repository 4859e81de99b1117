// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: IAM Identity Center's GetRoleCredentials answer and the JSON error documents
// of the portal.
#include "FuzzSupport.h"
#include "aws/JsonService.h"
#include "aws/SsoPortalClient.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    const QJsonObject role =
        QJsonDocument::fromJson(json).object().value(QStringLiteral("roleCredentials")).toObject();
    const QString secret = role.value(QStringLiteral("secretAccessKey")).toString();
    const QString session = role.value(QStringLiteral("sessionToken")).toString();
    const auto credentials = aws::SsoPortalClient::parseRoleCredentials(json);
    if (credentials) {
        fuzz::require(credentials->isComplete());
    } else {
        fuzz::requireExplained(credentials.error());
        fuzz::requireNotShown(credentials.error(), secret);
        fuzz::requireNotShown(credentials.error(), session);
    }
    const Error error =
        aws::jsonServiceError(403, json, QStringLiteral("IAM Identity Center"), QStringLiteral("sso"));
    fuzz::requireExplained(error);
    return 0;
}
