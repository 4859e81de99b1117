// SPDX-License-Identifier: GPL-3.0-or-later
// AwsHttpClient: QNetworkAccessManager with a hard deadline per request.
#include "aws/AwsHttpClient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace signet::aws {

AwsHttpClient::AwsHttpClient(QNetworkAccessManager *manager)
    : m_manager(manager)
{}

Error AwsHttpClient::unreachable(const QString &service, const QUrl &url, const QString &detail)
{
    // Only scheme, host and port: a query string may carry a credential.
    const QString where =
        url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment | QUrl::RemovePath)
            .toString();
    return makeError(QStringLiteral("aws.unreachable"),
                     QStringLiteral("could not reach %1 at %2: %3").arg(service, where, detail),
                     QStringLiteral("Check the network connection and any AWS_ENDPOINT_URL* override."));
}

void AwsHttpClient::send(const HttpExchange &exchange, Callback done) const
{
    // Without an injected manager each exchange gets its own, deleted with its reply: credential
    // requests are few, and nothing outlives the call on any thread.
    QNetworkAccessManager *manager = m_manager ? m_manager : new QNetworkAccessManager;
    const bool ownsManager = !m_manager;
    QNetworkRequest request(exchange.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(exchange.timeoutMs);
    for (const auto &[name, value] : exchange.headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = manager->sendCustomRequest(request, exchange.method, exchange.body);
    if (ownsManager)
        QObject::connect(reply, &QObject::destroyed, manager, &QObject::deleteLater);

    auto timedOut = std::make_shared<bool>(false);
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(exchange.timeoutMs);

    const QUrl url = exchange.url;
    QObject::connect(
        reply, &QNetworkReply::finished, reply,
        [reply, timedOut, url, service = exchange.service, timeoutMs = exchange.timeoutMs,
         done = std::move(done)] {
            reply->deleteLater();
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (*timedOut || (!status.isValid() && reply->error() == QNetworkReply::OperationCanceledError)) {
                done(unreachable(service, url,
                                 QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000.0)));
                return;
            }
            if (!status.isValid()) {
                done(unreachable(service, url, reply->errorString()));
                return;
            }
            HttpReply out;
            out.status = status.toInt();
            out.body = reply->readAll();
            out.contentType = reply->rawHeader("Content-Type");
            done(std::move(out));
        });
}

} // namespace signet::aws
