// SPDX-License-Identifier: GPL-3.0-or-later
// RetryPolicy: the AWS SDKs' "standard" retry mode (which failures to retry, backoff with jitter, a quota).
#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace signet::aws {

// What one failed attempt looked like, enough to decide whether to try again.
struct AttemptFailure final
{
    // 0 when no HTTP answer came (refused, DNS, TLS, timeout).
    int httpStatus = 0;
    // The service's error code ("Throttling"), or empty.
    QString awsCode;
    // No answer within the timeout (costs the quota more, as in the SDKs).
    bool timedOut = false;
};

// As the SDKs' standard mode: at most `maxAttempts` attempts; throttling codes, transient codes,
// HTTP 500/502/503/504 and transport failures are retried after min(cap, base × 2^(n-1)) × a random
// factor in [0, 1) ("full jitter"); a retry quota (500 tokens, 5 per retry, 10 per timeout, paid
// back on success) stops retry storms when a service is down. Sleep and randomness are injected
// so tests neither wait nor flake.
class RetryPolicy final
{
public:
    using Sleep = std::function<void(int delayMs, std::function<void()> wake)>;
    using Random = std::function<double()>;

    RetryPolicy();

    int maxAttempts = 3;
    int baseDelayMs = 100;
    int maxBackoffMs = 20000;
    // Calls `wake` after `delayMs` on the calling thread; default: a single-shot QTimer.
    Sleep sleep;
    // A uniform number in [0, 1); default: QRandomGenerator::global().
    Random random;

    // The standard mode with the defaults above and a fresh quota.
    static RetryPolicy standard();
    // One attempt, no retries.
    static RetryPolicy none();

    static bool isThrottling(const QString &awsCode);
    static bool isTransient(const AttemptFailure &failure);
    static bool isRetryable(const AttemptFailure &failure);

    // The delay before retry number `retry` (1 = the first retry).
    int backoffMs(int retry) const;
    // Waits `delayMs` (through `sleep`, else a timer), then calls `wake`.
    void wait(int delayMs, std::function<void()> wake) const;

    // The retry quota; shared by copies of a policy, so one client's calls draw on one bucket.
    bool acquireRetry(const AttemptFailure &failure) const;
    // After a success: pays back what this call's retries cost, or 1 token when it had none.
    void releaseAfterSuccess(int retryCost) const;
    static int retryCost(const AttemptFailure &failure) { return failure.timedOut ? 10 : 5; }
    int quotaLeft() const;

private:
    struct Quota;
    std::shared_ptr<Quota> m_quota;
};

} // namespace signet::aws
