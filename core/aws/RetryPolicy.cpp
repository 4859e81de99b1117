// SPDX-License-Identifier: GPL-3.0-or-later
// RetryPolicy: retry classification, full-jitter backoff and the retry quota of the standard mode.
#include "aws/RetryPolicy.h"

#include <QMutex>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

namespace signet::aws {

struct RetryPolicy::Quota
{
    static constexpr int kInitial = 500;
    QMutex mutex;
    int tokens = kInitial;
};

RetryPolicy::RetryPolicy()
    : m_quota(std::make_shared<Quota>())
{}

RetryPolicy RetryPolicy::standard()
{
    return RetryPolicy();
}

RetryPolicy RetryPolicy::none()
{
    RetryPolicy policy;
    policy.maxAttempts = 1;
    return policy;
}

bool RetryPolicy::isThrottling(const QString &awsCode)
{
    // The SDKs' list of throttling error codes (standard retry mode).
    static const QStringList codes{
        QStringLiteral("Throttling"),
        QStringLiteral("ThrottlingException"),
        QStringLiteral("ThrottledException"),
        QStringLiteral("RequestThrottledException"),
        QStringLiteral("TooManyRequestsException"),
        QStringLiteral("ProvisionedThroughputExceededException"),
        QStringLiteral("TransactionInProgressException"),
        QStringLiteral("RequestLimitExceeded"),
        QStringLiteral("BandwidthLimitExceeded"),
        QStringLiteral("LimitExceededException"),
        QStringLiteral("RequestThrottled"),
        QStringLiteral("SlowDown"),
        QStringLiteral("EC2ThrottledException"),
    };
    return codes.contains(awsCode);
}

bool RetryPolicy::isTransient(const AttemptFailure &failure)
{
    if (failure.httpStatus == 0)
        return true;
    static const QStringList codes{
        QStringLiteral("RequestTimeout"),          QStringLiteral("RequestTimeoutException"),
        QStringLiteral("PriorRequestNotComplete"), QStringLiteral("InternalFailure"),
        QStringLiteral("InternalError"),           QStringLiteral("ServiceUnavailable")};
    if (codes.contains(failure.awsCode))
        return true;
    const int status = failure.httpStatus;
    return status == 500 || status == 502 || status == 503 || status == 504;
}

bool RetryPolicy::isRetryable(const AttemptFailure &failure)
{
    return isThrottling(failure.awsCode) || isTransient(failure);
}

int RetryPolicy::backoffMs(int retry) const
{
    const int exponent = std::clamp(retry - 1, 0, 30);
    const qint64 ceiling = std::min<qint64>(qint64(baseDelayMs) << exponent, maxBackoffMs);
    const double factor = random ? random() : QRandomGenerator::global()->generateDouble();
    return int(double(ceiling) * std::clamp(factor, 0.0, 1.0));
}

void RetryPolicy::wait(int delayMs, std::function<void()> wake) const
{
    if (sleep) {
        sleep(delayMs, std::move(wake));
        return;
    }
    auto *timer = new QTimer;
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, wake = std::move(wake)] {
        timer->deleteLater();
        wake();
    });
    timer->start(delayMs);
}

bool RetryPolicy::acquireRetry(const AttemptFailure &failure) const
{
    const QMutexLocker lock(&m_quota->mutex);
    const int cost = retryCost(failure);
    if (m_quota->tokens < cost)
        return false;
    m_quota->tokens -= cost;
    return true;
}

void RetryPolicy::releaseAfterSuccess(int retryCost) const
{
    const QMutexLocker lock(&m_quota->mutex);
    m_quota->tokens = std::min(Quota::kInitial, m_quota->tokens + (retryCost > 0 ? retryCost : 1));
}

int RetryPolicy::quotaLeft() const
{
    const QMutexLocker lock(&m_quota->mutex);
    return m_quota->tokens;
}

} // namespace signet::aws
