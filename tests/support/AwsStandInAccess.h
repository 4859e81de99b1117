// SPDX-License-Identifier: GPL-3.0-or-later
// How a test reaches the local AWS stand-in (tests/support/aws_api_stand_in.py): credentials whose
// key chooses the caller and the faults, and every service's endpoint at the stand-in's URL.
#pragma once

#include "aws/Credentials.h"
#include "aws/ServiceEndpoints.h"
#include "common/SecretString.h"

#include <QProcessEnvironment>
#include <QUrl>

namespace signet::test {

// A key's secret on the stand-in is "sk-" + key; the key also chooses faults (see aws_api_stand_in.py).
inline aws::Credentials credentialsFor(const QString &key)
{
    aws::Credentials credentials;
    credentials.accessKeyId = key;
    credentials.secretAccessKey = SecretString::fromUtf8(QStringLiteral("sk-") + key);
    return credentials;
}

// AWS_ENDPOINT_URL at the stand-in: every client (RDS, IAM, STS, Secrets Manager) goes there.
inline aws::ServiceEndpoints endpointsAt(const QUrl &url)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), url.toString());
    return aws::ServiceEndpoints(env);
}

} // namespace signet::test
