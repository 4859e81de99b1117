// SPDX-License-Identifier: GPL-3.0-or-later
// ClockSkewCheck: compares the local clock with the Date header of an STS response.
#pragma once

#include "common/Clock.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace signet::probe {

struct ClockSkewResult final
{
    bool measured = false;
    qint64 skewSeconds = 0; // local minus server: positive when the local clock is ahead
    QDateTime serverTime;
    QString endpoint;
    QString detail; // why it could not be measured
};

class ClockSkewCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClockSkewCheck)

public:
    explicit ClockSkewCheck(const Clock &clock, QObject *parent = nullptr);
    ~ClockSkewCheck() override;

    // AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then https://sts.REGION.amazonaws.com(.cn).
    static QUrl stsEndpoint(const QProcessEnvironment &env, const QString &region);
    // Tokens are refused when the clocks differ by more than this.
    static constexpr qint64 kMaxSkewSeconds = 300;

    void start(const QUrl &endpoint, int timeoutMs);
    void cancel();

signals:
    void finished(const signet::probe::ClockSkewResult &result);

private:
    void finish(ClockSkewResult result);

    const Clock &m_clock;
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    QUrl m_endpoint;
    bool m_done = false;
};

} // namespace signet::probe
