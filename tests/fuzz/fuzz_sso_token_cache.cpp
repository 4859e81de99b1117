// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: an IAM Identity Center token cache file (~/.aws/sso/cache/<sha1>.json), which the
// AWS CLI and other tools write too.
#include "FuzzSupport.h"
#include "aws/SsoTokenCache.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    const auto token = aws::SsoTokenCache::parse(json, QStringLiteral("fuzz.json"));
    if (token) {
        fuzz::require(!token->accessToken.isEmpty() && token->expiresAt.isValid());
        (void)token->canRefresh(QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC));
        (void)aws::SsoTokenCache::formatTime(token->expiresAt);
    } else {
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        fuzz::requireExplained(token.error());
        for (const char *field : {"accessToken", "refreshToken", "clientSecret"})
            fuzz::requireNotShown(token.error(), object.value(QLatin1String(field)).toString());
    }
    return 0;
}
