// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: STS query-API answers (AssumeRole[WithWebIdentity], GetCallerIdentity) and STS
// error documents, as any endpoint (AWS_ENDPOINT_URL_STS, a proxy, a captive portal) may send them.
#include "FuzzSupport.h"
#include "aws/StsClient.h"

#include <QRegularExpression>

using namespace signet;

namespace {

// What the input holds in <SecretAccessKey> and <SessionToken>, to check errors never quote it.
QString element(const QString &xml, const QRegularExpression &pattern)
{
    return pattern.match(xml).captured(1);
}

const QRegularExpression kSecret(QStringLiteral("<SecretAccessKey>([^<]*)</SecretAccessKey>"));
const QRegularExpression kSession(QStringLiteral("<SessionToken>([^<]*)</SessionToken>"));

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml = fuzz::bytes(data, size);
    const QString text = QString::fromUtf8(xml);
    const QString secret = element(text, kSecret);
    const QString session = element(text, kSession);
    const auto credentials = aws::StsClient::parseCredentials(xml, QStringLiteral("AssumeRole"));
    if (credentials) {
        fuzz::require(credentials->credentials.isComplete());
        (void)aws::StsClient::accountFromArn(credentials->arn);
    } else {
        fuzz::requireExplained(credentials.error());
        fuzz::requireNotShown(credentials.error(), secret);
        fuzz::requireNotShown(credentials.error(), session);
    }
    const auto identity = aws::StsClient::parseCallerIdentity(xml);
    if (!identity)
        fuzz::requireExplained(identity.error());
    // One status per input (each parse of the error document costs as much as the rest together).
    const int statuses[] = {400, 403, 500};
    const Error error = aws::StsClient::parseError(statuses[size % 3], xml, QStringLiteral("AssumeRole"));
    fuzz::requireExplained(error);
    fuzz::requireNotShown(error, secret);
    fuzz::requireNotShown(error, session);
    return 0;
}
