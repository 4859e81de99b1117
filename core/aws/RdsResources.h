// SPDX-License-Identifier: GPL-3.0-or-later
// RdsResources: the RDS instances, clusters, cluster endpoints, proxies and proxy endpoints the RDS API
// describes.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace signet::aws {

// The RDS-managed master user secret (Secrets Manager), when the database has one.
struct RdsMasterUserSecret final
{
    QString secretArn;
    // "active", "creating", ...
    QString status;
    QString kmsKeyId;
};

struct RdsDbInstance final
{
    QString identifier;
    // "db-ABCDEFGHIJKLMNOPQRSTUVWXY": what an rds-db:connect policy names.
    QString resourceId;
    QString arn;
    // "mysql", "mariadb", "postgres", "aurora-mysql", "aurora-postgresql", ...
    QString engine;
    QString engineVersion;
    QString instanceClass;
    // "available", "modifying", ...
    QString status;
    QString address;
    int port = 0;
    QString masterUsername;
    QString databaseName;
    QString availabilityZone;
    QString vpcId;
    bool publiclyAccessible = false;
    bool storageEncrypted = false;
    bool iamAuthEnabled = false;
    // Pending modification of IAM authentication (set by ModifyDBInstance, not yet applied).
    bool iamAuthChangePending = false;
    bool iamAuthPendingValue = false;
    QString caCertificateIdentifier;
    // The Aurora cluster this instance belongs to, or empty.
    QString clusterIdentifier;
    // The source of a read replica, or empty.
    QString readReplicaSource;
    RdsMasterUserSecret masterUserSecret;
};

struct RdsClusterMember final
{
    QString instanceIdentifier;
    bool isWriter = false;
    int promotionTier = -1;
};

struct RdsDbCluster final
{
    QString identifier;
    // "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY".
    QString resourceId;
    QString arn;
    QString engine;
    QString engineVersion;
    // "provisioned", "serverless", ...
    QString engineMode;
    QString status;
    // The writer (cluster) endpoint and the reader endpoint.
    QString endpoint;
    QString readerEndpoint;
    // Custom endpoint host names; DescribeDBClusterEndpoints has their details.
    QStringList customEndpoints;
    int port = 0;
    QString masterUsername;
    QString databaseName;
    QStringList availabilityZones;
    bool multiAz = false;
    bool publiclyAccessible = false;
    bool storageEncrypted = false;
    bool iamAuthEnabled = false;
    bool iamAuthChangePending = false;
    bool iamAuthPendingValue = false;
    QList<RdsClusterMember> members;
    RdsMasterUserSecret masterUserSecret;
};

struct RdsClusterEndpoint final
{
    QString identifier;
    QString clusterIdentifier;
    // "cluster-endpoint-…".
    QString resourceId;
    QString arn;
    QString endpoint;
    QString status;
    // "WRITER", "READER" or "CUSTOM".
    QString endpointType;
    // For CUSTOM: "READER" or "ANY".
    QString customEndpointType;
    QStringList staticMembers;
    QStringList excludedMembers;
};

struct RdsDbProxy final
{
    QString name;
    // "prx-0123456789abcdef0": the rds-db:connect resource for connections through the proxy.
    QString resourceId;
    QString arn;
    // "MYSQL", "POSTGRESQL" or "SQLSERVER".
    QString engineFamily;
    QString status;
    QString endpoint;
    // The proxy listens on the family's default port.
    int port = 0;
    QString vpcId;
    bool requireTls = false;
    // Any of the proxy's auth entries has IAMAuth REQUIRED or ENABLED.
    bool iamAuthEnabled = false;
    QString roleArn;
};

struct RdsDbProxyEndpoint final
{
    QString name;
    QString proxyName;
    QString arn;
    QString endpoint;
    QString status;
    QString vpcId;
    // "READ_WRITE" or "READ_ONLY".
    QString targetRole;
    // The proxy's own endpoint.
    bool isDefault = false;
};

// One page of a Describe* answer: the items and the marker of the next page (empty on the last).
template<typename T> struct RdsPage final
{
    QList<T> items;
    QString marker;
};

} // namespace signet::aws
