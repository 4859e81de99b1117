// SPDX-License-Identifier: GPL-3.0-or-later
// Discovery: one RdsClient per region, five Describe* calls each, joined when all answered.
#include "discovery/Discovery.h"

#include "aws/StsClient.h"

#include <QFuture>

#include <algorithm>
#include <array>
#include <type_traits>

namespace signet::discovery {

namespace {

enum Call
{
    Instances,
    Clusters,
    ClusterEndpoints,
    Proxies,
    ProxyEndpoints,
    CallCount
};

} // namespace

struct Discovery::RegionRun final
{
    std::unique_ptr<aws::RdsClient> client;
    QList<aws::RdsDbInstance> instances;
    QList<aws::RdsDbCluster> clusters;
    QList<aws::RdsClusterEndpoint> clusterEndpoints;
    QList<aws::RdsDbProxy> proxies;
    QList<aws::RdsDbProxyEndpoint> proxyEndpoints;
    std::array<int, CallCount> items{};
    int pending = CallCount;
    std::vector<std::function<void()>> cancellers;
};

Discovery::Discovery(aws::ServiceEndpoints endpoints, aws::Credentials credentials, QStringList regions,
                     QObject *parent)
    : QObject(parent)
    , m_endpoints(std::move(endpoints))
    , m_credentials(std::move(credentials))
    , m_regions(std::move(regions))
{
    m_regions.removeDuplicates();
    for (const QString &region : std::as_const(m_regions))
        m_results.append(RegionDiscovery{region, {}, std::nullopt, 0, false});
}

Discovery::~Discovery()
{
    *m_alive = false;
    for (auto &run : m_runs)
        for (auto &cancel : run->cancellers)
            cancel();
}

QStringList Discovery::commercialRegions()
{
    return {
        QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),      QStringLiteral("us-west-1"),
        QStringLiteral("us-west-2"),      QStringLiteral("af-south-1"),     QStringLiteral("ap-east-1"),
        QStringLiteral("ap-south-1"),     QStringLiteral("ap-south-2"),     QStringLiteral("ap-southeast-1"),
        QStringLiteral("ap-southeast-2"), QStringLiteral("ap-southeast-3"), QStringLiteral("ap-southeast-4"),
        QStringLiteral("ap-northeast-1"), QStringLiteral("ap-northeast-2"), QStringLiteral("ap-northeast-3"),
        QStringLiteral("ca-central-1"),   QStringLiteral("ca-west-1"),      QStringLiteral("eu-central-1"),
        QStringLiteral("eu-central-2"),   QStringLiteral("eu-west-1"),      QStringLiteral("eu-west-2"),
        QStringLiteral("eu-west-3"),      QStringLiteral("eu-south-1"),     QStringLiteral("eu-south-2"),
        QStringLiteral("eu-north-1"),     QStringLiteral("il-central-1"),   QStringLiteral("me-south-1"),
        QStringLiteral("me-central-1"),   QStringLiteral("sa-east-1")};
}

QList<DiscoveredEndpoint> Discovery::endpoints() const
{
    QList<DiscoveredEndpoint> all;
    for (const RegionDiscovery &result : m_results)
        all += result.endpoints;
    return all;
}

int Discovery::answeredRegions() const
{
    return int(std::count_if(m_results.cbegin(), m_results.cend(),
                             [](const RegionDiscovery &r) { return r.done && !r.error; }));
}

void Discovery::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_account.isEmpty() && !m_regions.isEmpty()) {
        m_accountPending = true;
        auto sts = std::make_shared<aws::StsClient>(m_endpoints, m_regions.first());
        std::weak_ptr<bool> alive = m_alive;
        sts->getCallerIdentity(m_credentials, [this, alive, sts](Result<aws::CallerIdentity> identity) {
            if (alive.expired() || m_cancelled)
                return;
            m_accountPending = false;
            if (identity) {
                m_account = identity->account;
                for (RegionDiscovery &result : m_results)
                    for (DiscoveredEndpoint &endpoint : result.endpoints)
                        endpoint.account = m_account;
                Q_EMIT accountResolved(m_account);
            }
            maybeFinish();
        });
    }
    for (int i = 0; i < m_regions.size(); ++i)
        startRegion(i);
    maybeFinish();
}

void Discovery::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    for (auto &run : m_runs)
        for (auto &cancel : run->cancellers)
            cancel();
}

void Discovery::startRegion(int index)
{
    auto run = std::make_unique<RegionRun>();
    run->client = std::make_unique<aws::RdsClient>(m_endpoints, m_regions.at(index), m_credentials);
    if (m_retryPolicy)
        run->client->setRetryPolicy(*m_retryPolicy);
    if (m_timeoutMs > 0)
        run->client->setTimeoutMs(m_timeoutMs);
    RegionRun *r = run.get();
    m_runs.push_back(std::move(run));

    auto options = [this, index, r](Call call) {
        aws::RdsListOptions o;
        o.maxRecords = m_pageSize;
        std::weak_ptr<bool> alive = m_alive;
        o.progressed = [this, alive, index, r, call](int, int items) {
            // A page can land after this Discovery was cancelled or destroyed.
            if (alive.expired() || m_cancelled)
                return;
            r->items[size_t(call)] = items;
            int total = 0;
            for (int n : r->items)
                total += n;
            m_results[index].items = total;
            Q_EMIT regionProgressed(m_regions.at(index), total);
        };
        return o;
    };
    auto track = [this, index, r](auto future, auto store) {
        r->cancellers.push_back([future]() mutable {
            if (!future.isFinished())
                future.cancel();
        });
        using R = std::decay_t<decltype(future.result())>;
        future.then(this, [this, index, r, store](R result) {
            if (!result) {
                callFinished(index, result.error());
                return;
            }
            store(*r, std::move(*result));
            callFinished(index, std::nullopt);
        });
    };
    const aws::RdsClient &client = *r->client;
    track(client.describeDbInstances(options(Instances)),
          [](RegionRun &into, QList<aws::RdsDbInstance> v) { into.instances = std::move(v); });
    track(client.describeDbClusters(options(Clusters)),
          [](RegionRun &into, QList<aws::RdsDbCluster> v) { into.clusters = std::move(v); });
    track(client.describeDbClusterEndpoints(options(ClusterEndpoints)),
          [](RegionRun &into, QList<aws::RdsClusterEndpoint> v) { into.clusterEndpoints = std::move(v); });
    track(client.describeDbProxies(options(Proxies)),
          [](RegionRun &into, QList<aws::RdsDbProxy> v) { into.proxies = std::move(v); });
    track(client.describeDbProxyEndpoints(options(ProxyEndpoints)),
          [](RegionRun &into, QList<aws::RdsDbProxyEndpoint> v) { into.proxyEndpoints = std::move(v); });
}

void Discovery::callFinished(int index, std::optional<Error> error)
{
    if (m_cancelled)
        return;
    RegionRun &run = *m_runs.at(size_t(index));
    RegionDiscovery &result = m_results[index];
    if (result.done)
        return; // the region already failed
    if (error) {
        result.done = true;
        result.error = std::move(error);
        for (auto &cancel : run.cancellers)
            cancel();
        Q_EMIT regionFailed(result.region, *result.error);
        maybeFinish();
        return;
    }
    if (--run.pending > 0)
        return;
    result.done = true;
    result.endpoints = joinRegion(result.region, run.instances, run.clusters, run.clusterEndpoints,
                                  run.proxies, run.proxyEndpoints);
    for (DiscoveredEndpoint &endpoint : result.endpoints)
        endpoint.account = m_account;
    Q_EMIT regionFinished(result.region, int(result.endpoints.size()));
    maybeFinish();
}

void Discovery::maybeFinish()
{
    if (m_finished || m_cancelled || m_accountPending)
        return;
    for (const RegionDiscovery &result : std::as_const(m_results))
        if (!result.done)
            return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace signet::discovery
