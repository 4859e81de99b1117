// SPDX-License-Identifier: GPL-3.0-or-later
// ImdsClient: role credentials from the EC2 instance metadata service (IMDSv2, v1 fallback).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"
#include "aws/Credentials.h"

#include <QProcessEnvironment>

namespace signet::aws {

// As botocore: PUT /latest/api/token with a 6-hour TTL; a 403/404/405 or no answer to the PUT
// falls back to IMDSv1 (no token); then the role name and its credentials. Each request has the
// metadata timeout (AWS_METADATA_SERVICE_TIMEOUT, default 1 s). AWS_EC2_METADATA_DISABLED=true
// turns the provider off. Errors with code "imds.unavailable" mean "not on EC2" rather than a fault.
class ImdsClient final
{
public:
    explicit ImdsClient(QProcessEnvironment env, QNetworkAccessManager *manager = nullptr);

    bool disabled() const;
    void fetchCredentials(ResultCallback<Credentials> done) const;

    // The credentials document ({"Code":"Success","AccessKeyId":...}), for tests.
    static Result<Credentials> parseCredentials(const QByteArray &json, const QString &service);

private:
    void fetchRole(const QByteArray &token, ResultCallback<Credentials> done) const;
    HttpExchange exchange(const QByteArray &method, const QString &path, const QByteArray &token) const;

    QProcessEnvironment m_env;
    int m_timeoutMs;
    AwsHttpClient m_http;
};

} // namespace signet::aws
