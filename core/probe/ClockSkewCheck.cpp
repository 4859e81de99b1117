// SPDX-License-Identifier: GPL-3.0-or-later
// ClockSkewCheck: an unsigned GetCallerIdentity; any answer (even 403) carries the server's Date.
#include "probe/ClockSkewCheck.h"

#include "aws/RdsEndpoint.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace signet::probe {

ClockSkewCheck::ClockSkewCheck(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_network(new QNetworkAccessManager(this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this]() {
        finish(ClockSkewResult{false,
                               0,
                               {},
                               m_endpoint.toString(),
                               QStringLiteral("%1 did not answer in time").arg(m_endpoint.host())});
    });
}

ClockSkewCheck::~ClockSkewCheck()
{
    m_done = true;
    if (m_reply)
        m_reply->abort();
}

QUrl ClockSkewCheck::stsEndpoint(const QProcessEnvironment &env, const QString &region)
{
    for (const char *name : {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}) {
        const QString value = env.value(QString::fromLatin1(name)).trimmed();
        if (!value.isEmpty())
            return QUrl(value);
    }
    if (region.isEmpty())
        return QUrl(QStringLiteral("https://sts.amazonaws.com"));
    const bool china = aws::RdsEndpoint::partitionOf(region) == u"aws-cn";
    return QUrl(QStringLiteral("https://sts.%1.amazonaws.com%2")
                    .arg(region, china ? QStringLiteral(".cn") : QString()));
}

void ClockSkewCheck::start(const QUrl &endpoint, int timeoutMs)
{
    m_endpoint = endpoint;
    QUrl url = endpoint;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("Action"), QStringLiteral("GetCallerIdentity"));
    query.addQueryItem(QStringLiteral("Version"), QStringLiteral("2011-06-15"));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    m_timer.start(timeoutMs);
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this]() {
        const QByteArray date = m_reply->rawHeader("Date");
        if (date.isEmpty())
            return;
        const QDateTime local = m_clock.now();
        const QDateTime server = QDateTime::fromString(QString::fromLatin1(date), Qt::RFC2822Date).toUTC();
        if (!server.isValid()) {
            finish(ClockSkewResult{
                false,
                0,
                {},
                m_endpoint.toString(),
                QStringLiteral("the Date header \"%1\" is not a date").arg(QString::fromLatin1(date))});
            return;
        }
        finish(ClockSkewResult{true, server.secsTo(local), server, m_endpoint.toString(), {}});
    });
    connect(m_reply, &QNetworkReply::finished, this, [this]() {
        finish(ClockSkewResult{false,
                               0,
                               {},
                               m_endpoint.toString(),
                               m_reply->error() != QNetworkReply::NoError
                                   ? m_reply->errorString()
                                   : QStringLiteral("the answer had no Date header")});
    });
}

void ClockSkewCheck::cancel()
{
    m_done = true;
    m_timer.stop();
    if (m_reply)
        m_reply->abort();
}

void ClockSkewCheck::finish(ClockSkewResult result)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (m_reply) {
        // Deleting a running reply aborts it; abort() from inside its own signal upsets Qt.
        m_reply->disconnect(this);
        m_reply->deleteLater();
    }
    emit finished(result);
}

} // namespace signet::probe
