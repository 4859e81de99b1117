// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: what a credential_process command prints: its JSON on stdout, and its stderr,
// which Signet shows redacted when the command fails.
#include "FuzzSupport.h"
#include "aws/CredentialProcess.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    const auto credentials = aws::CredentialProcess::parseOutput(json, QStringLiteral("fuzz"));
    if (credentials) {
        fuzz::require(credentials->isComplete());
    } else {
        fuzz::requireExplained(credentials.error());
        fuzz::requireNotShown(credentials.error(),
                              object.value(QStringLiteral("SecretAccessKey")).toString());
        fuzz::requireNotShown(credentials.error(), object.value(QStringLiteral("SessionToken")).toString());
    }
    const QString redacted = aws::CredentialProcess::redactSecrets(QString::fromUtf8(json));
    fuzz::require(redacted.size() <= 401);
    return 0;
}
