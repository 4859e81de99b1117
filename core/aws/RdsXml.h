// SPDX-License-Identifier: GPL-3.0-or-later
// RdsXml: reads the RDS Query API's XML answers into RdsResources values.
#pragma once

#include "aws/RdsResources.h"
#include "aws/XmlElement.h"
#include "common/Result.h"

#include <QByteArray>

namespace signet::aws {

// Each parser takes a whole answer body (<ActionResponse><ActionResult>…) and rejects one that is
// not XML or not the answer to that action with an Error "rds.malformed". Missing optional fields
// stay empty. Public for tests and the fuzzer.
class RdsXml final
{
public:
    static Result<RdsPage<RdsDbInstance>> dbInstances(const QByteArray &xml);
    static Result<RdsPage<RdsDbCluster>> dbClusters(const QByteArray &xml);
    static Result<RdsPage<RdsClusterEndpoint>> clusterEndpoints(const QByteArray &xml);
    static Result<RdsPage<RdsDbProxy>> dbProxies(const QByteArray &xml);
    static Result<RdsPage<RdsDbProxyEndpoint>> dbProxyEndpoints(const QByteArray &xml);
    static Result<RdsDbInstance> modifiedDbInstance(const QByteArray &xml);
    static Result<RdsDbCluster> modifiedDbCluster(const QByteArray &xml);

    // The same from an already parsed document element.
    static Result<RdsPage<RdsDbInstance>> dbInstances(const XmlElement &response);
    static Result<RdsPage<RdsDbCluster>> dbClusters(const XmlElement &response);
    static Result<RdsPage<RdsClusterEndpoint>> clusterEndpoints(const XmlElement &response);
    static Result<RdsPage<RdsDbProxy>> dbProxies(const XmlElement &response);
    static Result<RdsPage<RdsDbProxyEndpoint>> dbProxyEndpoints(const XmlElement &response);
    static Result<RdsDbInstance> modifiedDbInstance(const XmlElement &response);
    static Result<RdsDbCluster> modifiedDbCluster(const XmlElement &response);

    static RdsDbInstance dbInstance(const XmlElement &element);
    static RdsDbCluster dbCluster(const XmlElement &element);
    static RdsClusterEndpoint clusterEndpoint(const XmlElement &element);
    static RdsDbProxy dbProxy(const XmlElement &element);
    static RdsDbProxyEndpoint dbProxyEndpoint(const XmlElement &element);

    // "prx-…" from a proxy ARN ("arn:aws:rds:us-east-1:123456789012:db-proxy:prx-…").
    static QString proxyResourceId(const QString &arn);
    // 3306 for MYSQL, 5432 for POSTGRESQL, 1433 for SQLSERVER, else 0.
    static int proxyPort(const QString &engineFamily);
};

} // namespace signet::aws
