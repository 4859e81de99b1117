// SPDX-License-Identifier: GPL-3.0-or-later
// JsonService: JSON requests with errors mapped to Error values.
#include "aws/JsonService.h"

#include <QJsonDocument>

namespace signet::aws {

Result<QJsonObject> parseJsonObject(const QByteArray &body, const QString &service, const QString &codePrefix)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return makeError(
            codePrefix + QStringLiteral(".malformed"),
            QStringLiteral("%1 answered with something that is not a JSON object").arg(service),
            QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL* overrides), or try again later."));
    return document.object();
}

Error jsonServiceError(int status, const QByteArray &body, const QString &service, const QString &codePrefix)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString name = object.value(QStringLiteral("error")).toString();
    if (name.isEmpty())
        name = object.value(QStringLiteral("__type")).toString().section(u'#', -1);
    QString description = object.value(QStringLiteral("error_description")).toString();
    if (description.isEmpty())
        description = object.value(QStringLiteral("message")).toString();
    if (description.isEmpty())
        description = object.value(QStringLiteral("Message")).toString();
    const QString code = codePrefix + u'.' + (name.isEmpty() ? QStringLiteral("http-%1").arg(status) : name);
    QString message = QStringLiteral("%1 answered HTTP %2").arg(service).arg(status);
    if (!name.isEmpty())
        message += QStringLiteral(" (%1)").arg(name);
    if (!description.isEmpty())
        message += QStringLiteral(": ") + description.left(300);
    return makeError(code, message,
                     status >= 500 ? QStringLiteral("The service had a problem; try again in a moment.")
                                   : QString());
}

void sendJson(const AwsHttpClient &http, const HttpExchange &exchange, const QString &codePrefix,
              ResultCallback<QJsonObject> done)
{
    http.send(exchange,
              [service = exchange.service, codePrefix, done = std::move(done)](Result<HttpReply> reply) {
                  if (!reply) {
                      done(reply.error());
                      return;
                  }
                  if (reply->status >= 200 && reply->status < 300) {
                      done(parseJsonObject(reply->body, service, codePrefix));
                      return;
                  }
                  done(jsonServiceError(reply->status, reply->body, service, codePrefix));
              });
}

} // namespace signet::aws
