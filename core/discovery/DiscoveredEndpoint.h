// SPDX-License-Identifier: GPL-3.0-or-later
// DiscoveredEndpoint: one place a database can be connected to, as discovery found it in RDS.
#pragma once

#include "aws/RdsResources.h"
#include "endpoint/Engine.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace signet::discovery {

enum class EndpointKind
{
    Instance,
    ClusterWriter,
    ClusterReader,
    ClusterCustom,
    Proxy,
    ProxyEndpoint,
};

// "instance", "cluster-writer", "cluster-reader", "custom", "proxy", "proxy-endpoint".
QString endpointKindKey(EndpointKind kind);
// "instance", "writer", "reader", "custom", "proxy", "proxy endpoint": for tables and trees.
QString endpointKindLabel(EndpointKind kind);

struct DiscoveredEndpoint final
{
    EndpointKind kind = EndpointKind::Instance;
    // The instance, cluster, custom endpoint, proxy or proxy endpoint identifier; a cluster's reader
    // endpoint is "<cluster>-reader". Unique within a region.
    QString name;
    // The cluster an instance or custom endpoint belongs to, the proxy of a proxy endpoint.
    QString parent;
    // Empty when the engine is not one Signet connects to (Oracle, SQL Server …).
    std::optional<Engine> engine;
    // As RDS names it ("aurora-postgresql", "MYSQL" for a proxy's family).
    QString rdsEngine;
    QString engineVersion;
    QString host;
    int port = 0;
    QString region;
    QString account;
    // The resource of this endpoint's owner: db-…, cluster-… or prx-…; with the host it identifies
    // the endpoint across runs (an imported profile keeps it).
    QString resourceId;
    // What an rds-db:connect policy names: the cluster's resource ID for an Aurora member instance,
    // else resourceId.
    QString policyResourceId;
    bool iamAuthEnabled = false;
    QString status;
    // The master user, when RDS reports one.
    QString masterUsername;
    // A cluster's member instances (writer first).
    QStringList members;

    // A cluster's member instance or custom endpoint: listed (indented) under the cluster's endpoints.
    bool isClusterPart() const { return !parent.isEmpty() && kind != EndpointKind::ProxyEndpoint; }
    bool isConnectable() const { return engine.has_value() && !host.isEmpty() && port > 0; }
    bool operator==(const DiscoveredEndpoint &) const = default;
};

// One region's RDS answers joined into endpoints: clusters (writer, reader, custom endpoints, then
// member instances), stand-alone instances, then proxies each followed by its other endpoints.
QList<DiscoveredEndpoint> joinRegion(const QString &region, const QList<aws::RdsDbInstance> &instances,
                                     const QList<aws::RdsDbCluster> &clusters,
                                     const QList<aws::RdsClusterEndpoint> &clusterEndpoints,
                                     const QList<aws::RdsDbProxy> &proxies,
                                     const QList<aws::RdsDbProxyEndpoint> &proxyEndpoints);

} // namespace signet::discovery
