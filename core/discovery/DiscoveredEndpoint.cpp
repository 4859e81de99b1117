// SPDX-License-Identifier: GPL-3.0-or-later
// DiscoveredEndpoint: kind names and the join of one region's RDS answers.
#include "discovery/DiscoveredEndpoint.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace signet::discovery {

namespace {

// RDS Proxy reports an engine family, not an engine.
std::optional<Engine> proxyEngine(const QString &family)
{
    if (family.compare(QLatin1String("MYSQL"), Qt::CaseInsensitive) == 0)
        return Engine::MySql;
    if (family.compare(QLatin1String("POSTGRESQL"), Qt::CaseInsensitive) == 0)
        return Engine::Postgres;
    return std::nullopt;
}

std::optional<Engine> rdsEngine(const QString &name)
{
    // "aurora" is Aurora MySQL 5.6, before RDS named it aurora-mysql.
    if (name == u"aurora")
        return Engine::AuroraMySql;
    return engineFromName(name);
}

template<typename T, typename Key> void sortBy(QList<T> &list, Key key)
{
    std::sort(list.begin(), list.end(), [&key](const T &a, const T &b) { return key(a) < key(b); });
}

} // namespace

QString endpointKindKey(EndpointKind kind)
{
    switch (kind) {
    case EndpointKind::Instance:
        return QStringLiteral("instance");
    case EndpointKind::ClusterWriter:
        return QStringLiteral("cluster-writer");
    case EndpointKind::ClusterReader:
        return QStringLiteral("cluster-reader");
    case EndpointKind::ClusterCustom:
        return QStringLiteral("custom");
    case EndpointKind::Proxy:
        return QStringLiteral("proxy");
    case EndpointKind::ProxyEndpoint:
        return QStringLiteral("proxy-endpoint");
    }
    return {};
}

QString endpointKindLabel(EndpointKind kind)
{
    switch (kind) {
    case EndpointKind::ClusterWriter:
        return QStringLiteral("writer");
    case EndpointKind::ClusterReader:
        return QStringLiteral("reader");
    case EndpointKind::ProxyEndpoint:
        return QStringLiteral("proxy endpoint");
    default:
        return endpointKindKey(kind);
    }
}

QList<DiscoveredEndpoint> joinRegion(const QString &region, const QList<aws::RdsDbInstance> &instancesIn,
                                     const QList<aws::RdsDbCluster> &clustersIn,
                                     const QList<aws::RdsClusterEndpoint> &clusterEndpoints,
                                     const QList<aws::RdsDbProxy> &proxiesIn,
                                     const QList<aws::RdsDbProxyEndpoint> &proxyEndpoints)
{
    QList<aws::RdsDbInstance> instances = instancesIn;
    QList<aws::RdsDbCluster> clusters = clustersIn;
    QList<aws::RdsDbProxy> proxies = proxiesIn;
    sortBy(instances, [](const aws::RdsDbInstance &i) { return i.identifier; });
    sortBy(clusters, [](const aws::RdsDbCluster &c) { return c.identifier; });
    sortBy(proxies, [](const aws::RdsDbProxy &p) { return p.name; });

    QHash<QString, const aws::RdsDbInstance *> instanceById;
    for (const aws::RdsDbInstance &instance : instances)
        instanceById.insert(instance.identifier, &instance);

    QList<DiscoveredEndpoint> out;
    auto fromInstance = [&region](const aws::RdsDbInstance &instance) {
        DiscoveredEndpoint e;
        e.kind = EndpointKind::Instance;
        e.name = instance.identifier;
        e.parent = instance.clusterIdentifier;
        e.rdsEngine = instance.engine;
        e.engine = rdsEngine(instance.engine);
        e.engineVersion = instance.engineVersion;
        e.host = instance.address;
        e.port = instance.port;
        e.region = region;
        e.resourceId = instance.resourceId;
        e.policyResourceId = instance.resourceId;
        e.iamAuthEnabled = instance.iamAuthEnabled;
        e.status = instance.status;
        e.masterUsername = instance.masterUsername;
        return e;
    };

    QSet<QString> clusterMembers;
    for (const aws::RdsDbCluster &cluster : clusters) {
        DiscoveredEndpoint base;
        base.parent = cluster.identifier;
        base.rdsEngine = cluster.engine;
        base.engine = rdsEngine(cluster.engine);
        base.engineVersion = cluster.engineVersion;
        base.port = cluster.port;
        base.region = region;
        base.resourceId = cluster.resourceId;
        base.policyResourceId = cluster.resourceId;
        base.iamAuthEnabled = cluster.iamAuthEnabled;
        base.status = cluster.status;
        base.masterUsername = cluster.masterUsername;
        QList<aws::RdsClusterMember> members = cluster.members;
        std::stable_sort(members.begin(), members.end(),
                         [](const aws::RdsClusterMember &a, const aws::RdsClusterMember &b) {
                             return a.isWriter && !b.isWriter;
                         });
        for (const aws::RdsClusterMember &member : members)
            base.members.append(member.instanceIdentifier);

        if (!cluster.endpoint.isEmpty()) {
            DiscoveredEndpoint writer = base;
            writer.kind = EndpointKind::ClusterWriter;
            writer.name = cluster.identifier;
            writer.parent.clear();
            writer.host = cluster.endpoint;
            out.append(writer);
        }
        if (!cluster.readerEndpoint.isEmpty()) {
            DiscoveredEndpoint reader = base;
            reader.kind = EndpointKind::ClusterReader;
            reader.name = cluster.identifier + QStringLiteral("-reader");
            reader.parent.clear();
            reader.host = cluster.readerEndpoint;
            out.append(reader);
        }
        // Custom endpoints: DescribeDBClusterEndpoints has their names; the cluster lists their hosts.
        QSet<QString> customHosts;
        for (const aws::RdsClusterEndpoint &endpoint : clusterEndpoints) {
            if (endpoint.clusterIdentifier != cluster.identifier || endpoint.endpointType != u"CUSTOM")
                continue;
            DiscoveredEndpoint custom = base;
            custom.kind = EndpointKind::ClusterCustom;
            custom.name = endpoint.identifier;
            custom.host = endpoint.endpoint;
            custom.status = endpoint.status;
            custom.members = endpoint.staticMembers;
            customHosts.insert(endpoint.endpoint);
            out.append(custom);
        }
        for (const QString &host : cluster.customEndpoints) {
            if (customHosts.contains(host))
                continue;
            DiscoveredEndpoint custom = base;
            custom.kind = EndpointKind::ClusterCustom;
            custom.name = host.section(u'.', 0, 0);
            custom.host = host;
            out.append(custom);
        }
        for (const aws::RdsClusterMember &member : members) {
            clusterMembers.insert(member.instanceIdentifier);
            const aws::RdsDbInstance *instance = instanceById.value(member.instanceIdentifier);
            if (!instance)
                continue;
            DiscoveredEndpoint e = fromInstance(*instance);
            e.parent = cluster.identifier;
            // Aurora decides IAM authentication per cluster, and policies name the cluster.
            e.iamAuthEnabled = cluster.iamAuthEnabled;
            e.policyResourceId = cluster.resourceId;
            out.append(e);
        }
    }
    for (const aws::RdsDbInstance &instance : instances) {
        if (clusterMembers.contains(instance.identifier))
            continue;
        out.append(fromInstance(instance));
    }
    for (const aws::RdsDbProxy &proxy : proxies) {
        DiscoveredEndpoint base;
        base.kind = EndpointKind::Proxy;
        base.name = proxy.name;
        base.rdsEngine = proxy.engineFamily;
        base.engine = proxyEngine(proxy.engineFamily);
        base.host = proxy.endpoint;
        base.port = proxy.port > 0 ? proxy.port : (base.engine ? defaultPort(*base.engine) : 0);
        base.region = region;
        base.resourceId = proxy.resourceId;
        base.policyResourceId = proxy.resourceId;
        base.iamAuthEnabled = proxy.iamAuthEnabled;
        base.status = proxy.status;
        out.append(base);
        for (const aws::RdsDbProxyEndpoint &endpoint : proxyEndpoints) {
            if (endpoint.proxyName != proxy.name || endpoint.isDefault || endpoint.endpoint == proxy.endpoint)
                continue;
            DiscoveredEndpoint e = base;
            e.kind = EndpointKind::ProxyEndpoint;
            e.name = endpoint.name;
            e.parent = proxy.name;
            e.host = endpoint.endpoint;
            e.status = endpoint.status;
            out.append(e);
        }
    }
    return out;
}

} // namespace signet::discovery
