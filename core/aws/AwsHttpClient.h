// SPDX-License-Identifier: GPL-3.0-or-later
// AwsHttpClient: one HTTP exchange with an AWS (or metadata) endpoint, bounded by a timeout.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <utility>

class QNetworkAccessManager;

namespace signet::aws {

struct HttpExchange final
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int timeoutMs = 10000;
    // Names the service in errors: "STS", "the EC2 instance metadata service".
    QString service = QStringLiteral("AWS");
};

struct HttpReply final
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};

// Sends requests on a QNetworkAccessManager of the calling thread and calls back exactly once, on
// that thread. A reply with any HTTP status is a value; only "no reply at all" (refused, DNS,
// TLS, timeout) is an error, whose message names the host and never the request's headers.
class AwsHttpClient final
{
public:
    using Callback = std::function<void(Result<HttpReply>)>;

    // `manager` may be null: each request then uses a manager of its own on the calling thread.
    explicit AwsHttpClient(QNetworkAccessManager *manager = nullptr);

    void send(const HttpExchange &exchange, Callback done) const;

    static Error unreachable(const QString &service, const QUrl &url, const QString &detail);

private:
    QNetworkAccessManager *m_manager;
};

} // namespace signet::aws
