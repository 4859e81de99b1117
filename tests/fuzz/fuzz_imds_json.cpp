// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the credentials JSON of EC2's instance metadata service and of the ECS/EKS
// container endpoint (ContainerCredentialsClient reads its answer with the same parser).
#include "FuzzSupport.h"
#include "aws/ImdsClient.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    const auto credentials = aws::ImdsClient::parseCredentials(json, QStringLiteral("EC2 instance metadata"));
    if (credentials) {
        fuzz::require(credentials->isComplete() && credentials->expiration.has_value());
    } else {
        fuzz::requireExplained(credentials.error());
        fuzz::requireNotShown(credentials.error(),
                              object.value(QStringLiteral("SecretAccessKey")).toString());
        fuzz::requireNotShown(credentials.error(), object.value(QStringLiteral("Token")).toString());
    }
    return 0;
}
