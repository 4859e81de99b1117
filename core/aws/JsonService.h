// SPDX-License-Identifier: GPL-3.0-or-later
// JsonService: a request to a JSON-speaking AWS service (SSO portal, SSO-OIDC, ECS) and its answer.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"

#include <QJsonObject>

namespace signet::aws {

// Sends `exchange`; a 2xx JSON object is the value. Anything else is an Error whose code is
// `codePrefix` + "." + the service's error name ("sso-oidc.authorization_pending"), or
// codePrefix + ".http-<status>" / ".malformed". Messages quote the service's own description but
// never the request.
void sendJson(const AwsHttpClient &http, const HttpExchange &exchange, const QString &codePrefix,
              ResultCallback<QJsonObject> done);

// A JSON body that is an object, or a "malformed" error naming the service.
Result<QJsonObject> parseJsonObject(const QByteArray &body, const QString &service,
                                    const QString &codePrefix);
// A non-2xx answer (its status and body, which may be a JSON error document or anything else) as
// the Error sendJson reports.
Error jsonServiceError(int status, const QByteArray &body, const QString &service, const QString &codePrefix);

} // namespace signet::aws
