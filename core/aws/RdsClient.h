// SPDX-License-Identifier: GPL-3.0-or-later
// RdsClient: the RDS API calls discovery and the setup assistant make (Describe* paginated, Modify* IAM
// auth).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsServiceClient.h"
#include "aws/RdsResources.h"
#include "aws/ServiceEndpoints.h"

#include <QFuture>

#include <functional>
#include <memory>

namespace signet::aws {

// What a Describe* call lists and how it reports its pages.
struct RdsListOptions final
{
    // Only this one: DBInstanceIdentifier, DBClusterIdentifier, DBClusterEndpointIdentifier,
    // DBProxyName or DBProxyEndpointName, by call. Empty: all of them.
    QString identifier;
    // DescribeDBClusterEndpoints: only this cluster's. DescribeDBProxyEndpoints: only this proxy's.
    QString parent;
    // Items per page, 20-100 (RDS's limits).
    int maxRecords = 100;
    // After each page, on the calling thread: pages so far, items so far.
    std::function<void(int pages, int items)> progressed;
};

// One region's RDS API, signed with one identity. Each call returns a future that finishes on the
// calling thread's event loop with every page collected, or the first error (after the retries of
// the standard mode); cancelling the future stops the work before the next page or retry. One
// client per region lets discovery query regions concurrently, each with its own progress and
// errors. The client may be destroyed while calls are in flight.
class RdsClient final
{
public:
    RdsClient(const ServiceEndpoints &endpoints, QString region, Credentials credentials,
              const Clock &clock = Clock::system(), QNetworkAccessManager *manager = nullptr);

    const QString &region() const { return m_region; }
    QUrl endpoint() const { return m_api->endpoint(); }
    void setTimeoutMs(int timeoutMs) { m_api->setTimeoutMs(timeoutMs); }
    void setRetryPolicy(RetryPolicy policy) { m_api->setRetryPolicy(std::move(policy)); }

    QFuture<Result<QList<RdsDbInstance>>> describeDbInstances(const RdsListOptions &options = {}) const;
    QFuture<Result<QList<RdsDbCluster>>> describeDbClusters(const RdsListOptions &options = {}) const;
    QFuture<Result<QList<RdsClusterEndpoint>>>
    describeDbClusterEndpoints(const RdsListOptions &options = {}) const;
    QFuture<Result<QList<RdsDbProxy>>> describeDbProxies(const RdsListOptions &options = {}) const;
    QFuture<Result<QList<RdsDbProxyEndpoint>>>
    describeDbProxyEndpoints(const RdsListOptions &options = {}) const;

    // ModifyDBInstance / ModifyDBCluster with EnableIAMDatabaseAuthentication=`enable` and
    // ApplyImmediately=true; the value is the database as RDS answered (the change usually shows
    // as pending first: poll describe* until iamAuthEnabled says so).
    QFuture<Result<RdsDbInstance>> modifyDbInstanceIamAuth(const QString &identifier, bool enable) const;
    QFuture<Result<RdsDbCluster>> modifyDbClusterIamAuth(const QString &identifier, bool enable) const;

    // The request parameters of those calls, for previews ("the API request").
    static AwsServiceClient::Parameters modifyIamAuthParameters(const QString &identifierName,
                                                                const QString &identifier, bool enable);

private:
    QString m_region;
    std::shared_ptr<AwsServiceClient> m_api;
};

} // namespace signet::aws
