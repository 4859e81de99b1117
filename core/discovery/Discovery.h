// SPDX-License-Identifier: GPL-3.0-or-later
// Discovery: the RDS databases one AWS identity can see, queried in many regions at once.
#pragma once

#include "aws/Credentials.h"
#include "aws/RdsClient.h"
#include "aws/RetryPolicy.h"
#include "aws/ServiceEndpoints.h"
#include "common/Error.h"
#include "discovery/DiscoveredEndpoint.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace signet::discovery {

// What one region answered.
struct RegionDiscovery final
{
    QString region;
    QList<DiscoveredEndpoint> endpoints;
    // Set when the region failed; the other regions carry on.
    std::optional<Error> error;
    // Items (instances, clusters, endpoints, proxies) read so far.
    int items = 0;
    bool done = false;
};

// Each region has its own RdsClient, so regions run concurrently, each with its own retries,
// progress and error; within a region the five Describe* calls run together and the region is
// joined (DiscoveredEndpoint.h) when all of them answered. The account comes from STS
// GetCallerIdentity alongside, unless given; when STS cannot tell, it stays empty. Everything happens
// on this object's thread; cancel() stops every call before its next page or retry.
class Discovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Discovery)

public:
    Discovery(aws::ServiceEndpoints endpoints, aws::Credentials credentials, QStringList regions,
              QObject *parent = nullptr);
    ~Discovery() override;

    // The commercial regions (partition "aws") that are enabled by default or opt-in.
    static QStringList commercialRegions();

    // Before start(): the account when already known (skips STS), the retry policy, the per-request
    // timeout and the page size (20-100).
    void setAccount(const QString &account) { m_account = account; }
    void setRetryPolicy(aws::RetryPolicy policy) { m_retryPolicy = std::move(policy); }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    void setPageSize(int pageSize) { m_pageSize = pageSize; }

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }

    QStringList regions() const { return m_regions; }
    QString account() const { return m_account; }
    // In the order the regions were given.
    const QList<RegionDiscovery> &results() const { return m_results; }
    // Every region's endpoints, in region order.
    QList<DiscoveredEndpoint> endpoints() const;
    // Regions that answered (with or without databases).
    int answeredRegions() const;

Q_SIGNALS:
    void regionProgressed(const QString &region, int items);
    void regionFinished(const QString &region, int endpoints);
    void regionFailed(const QString &region, const signet::Error &error);
    void accountResolved(const QString &account);
    // Every region finished or failed (not emitted after cancel()).
    void finished();

private:
    struct RegionRun;
    void startRegion(int index);
    void callFinished(int index, std::optional<Error> error);
    void maybeFinish();

    aws::ServiceEndpoints m_endpoints;
    aws::Credentials m_credentials;
    QStringList m_regions;
    QString m_account;
    std::optional<aws::RetryPolicy> m_retryPolicy;
    int m_timeoutMs = 0;
    int m_pageSize = 100;
    QList<RegionDiscovery> m_results;
    std::vector<std::unique_ptr<RegionRun>> m_runs;
    bool m_accountPending = false;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace signet::discovery
