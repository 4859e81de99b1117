// SPDX-License-Identifier: GPL-3.0-or-later
// RdsXml: field-by-field reading of DBInstance, DBCluster, DBClusterEndpoint, DBProxy and DBProxyEndpoint.
#include "aws/RdsXml.h"

namespace signet::aws {

namespace {

Error notTheAnswer(const QString &action, const QString &root)
{
    return makeError(
        QStringLiteral("rds.malformed"),
        QStringLiteral("Amazon RDS %1 answered with an unexpected document (<%2>)")
            .arg(action, root.left(80)),
        QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL), or try again later."));
}

// <ActionResponse><ActionResult>, or an error when the document is something else.
Result<const XmlElement *> resultOf(const XmlElement &response, const QString &action)
{
    if (response.name() != action + QStringLiteral("Response"))
        return notTheAnswer(action, response.name());
    return &response.child(QString(action + QStringLiteral("Result")));
}

template<typename T, typename Read>
Result<RdsPage<T>> page(const XmlElement &response, const QString &action, QStringView list, Read read)
{
    const auto result = resultOf(response, action);
    if (!result)
        return result.error();
    RdsPage<T> out;
    out.marker = (*result)->textAt(u"Marker");
    // The item element's name varies by list (DBInstance, DBClusterEndpointList, member): take all.
    for (const XmlElement *item : (*result)->child(list).children())
        out.items.append(read(*item));
    return out;
}

template<typename T>
Result<T> parsed(const QByteArray &xml, const QString &action, Result<T> (*fromElement)(const XmlElement &))
{
    const auto document =
        XmlElement::parse(xml, QStringLiteral("Amazon RDS ") + action, QStringLiteral("rds"));
    if (!document)
        return document.error();
    return fromElement(*document);
}

RdsMasterUserSecret masterUserSecret(const XmlElement &element)
{
    const XmlElement &secret = element.child(u"MasterUserSecret");
    return {secret.textAt(u"SecretArn"), secret.textAt(u"SecretStatus"), secret.textAt(u"KmsKeyId")};
}

} // namespace

QString RdsXml::proxyResourceId(const QString &arn)
{
    const QString last = arn.section(u':', -1);
    return last.startsWith(QStringLiteral("prx-")) ? last : QString();
}

int RdsXml::proxyPort(const QString &engineFamily)
{
    if (engineFamily == u"MYSQL")
        return 3306;
    if (engineFamily == u"POSTGRESQL")
        return 5432;
    if (engineFamily == u"SQLSERVER")
        return 1433;
    return 0;
}

RdsDbInstance RdsXml::dbInstance(const XmlElement &element)
{
    RdsDbInstance out;
    out.identifier = element.textAt(u"DBInstanceIdentifier");
    out.resourceId = element.textAt(u"DbiResourceId");
    out.arn = element.textAt(u"DBInstanceArn");
    out.engine = element.textAt(u"Engine");
    out.engineVersion = element.textAt(u"EngineVersion");
    out.instanceClass = element.textAt(u"DBInstanceClass");
    out.status = element.textAt(u"DBInstanceStatus");
    out.address = element.textAt(u"Endpoint/Address");
    out.port = element.intAt(u"Endpoint/Port", element.intAt(u"DbInstancePort"));
    out.masterUsername = element.textAt(u"MasterUsername");
    out.databaseName = element.textAt(u"DBName");
    out.availabilityZone = element.textAt(u"AvailabilityZone");
    out.vpcId = element.textAt(u"DBSubnetGroup/VpcId");
    out.publiclyAccessible = element.boolAt(u"PubliclyAccessible");
    out.storageEncrypted = element.boolAt(u"StorageEncrypted");
    out.iamAuthEnabled = element.boolAt(u"IAMDatabaseAuthenticationEnabled");
    const XmlElement &pending = element.at(u"PendingModifiedValues/IAMDatabaseAuthenticationEnabled");
    out.iamAuthChangePending = !pending.isNull();
    out.iamAuthPendingValue = pending.text().compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0;
    out.caCertificateIdentifier = element.textAt(u"CACertificateIdentifier");
    out.clusterIdentifier = element.textAt(u"DBClusterIdentifier");
    out.readReplicaSource = element.textAt(u"ReadReplicaSourceDBInstanceIdentifier");
    out.masterUserSecret = masterUserSecret(element);
    return out;
}

RdsDbCluster RdsXml::dbCluster(const XmlElement &element)
{
    RdsDbCluster out;
    out.identifier = element.textAt(u"DBClusterIdentifier");
    out.resourceId = element.textAt(u"DbClusterResourceId");
    out.arn = element.textAt(u"DBClusterArn");
    out.engine = element.textAt(u"Engine");
    out.engineVersion = element.textAt(u"EngineVersion");
    out.engineMode = element.textAt(u"EngineMode");
    out.status = element.textAt(u"Status");
    out.endpoint = element.textAt(u"Endpoint");
    out.readerEndpoint = element.textAt(u"ReaderEndpoint");
    out.customEndpoints = element.textsAt(u"CustomEndpoints");
    out.port = element.intAt(u"Port");
    out.masterUsername = element.textAt(u"MasterUsername");
    out.databaseName = element.textAt(u"DatabaseName");
    out.availabilityZones = element.textsAt(u"AvailabilityZones");
    out.multiAz = element.boolAt(u"MultiAZ");
    out.publiclyAccessible = element.boolAt(u"PubliclyAccessible");
    out.storageEncrypted = element.boolAt(u"StorageEncrypted");
    out.iamAuthEnabled = element.boolAt(u"IAMDatabaseAuthenticationEnabled");
    const XmlElement &pending = element.at(u"PendingModifiedValues/IAMDatabaseAuthenticationEnabled");
    out.iamAuthChangePending = !pending.isNull();
    out.iamAuthPendingValue = pending.text().compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0;
    for (const XmlElement *member : element.child(u"DBClusterMembers").children()) {
        out.members.append({member->textAt(u"DBInstanceIdentifier"), member->boolAt(u"IsClusterWriter"),
                            member->intAt(u"PromotionTier", -1)});
    }
    out.masterUserSecret = masterUserSecret(element);
    return out;
}

RdsClusterEndpoint RdsXml::clusterEndpoint(const XmlElement &element)
{
    RdsClusterEndpoint out;
    out.identifier = element.textAt(u"DBClusterEndpointIdentifier");
    out.clusterIdentifier = element.textAt(u"DBClusterIdentifier");
    out.resourceId = element.textAt(u"DBClusterEndpointResourceIdentifier");
    out.arn = element.textAt(u"DBClusterEndpointArn");
    out.endpoint = element.textAt(u"Endpoint");
    out.status = element.textAt(u"Status");
    out.endpointType = element.textAt(u"EndpointType");
    out.customEndpointType = element.textAt(u"CustomEndpointType");
    out.staticMembers = element.textsAt(u"StaticMembers");
    out.excludedMembers = element.textsAt(u"ExcludedMembers");
    return out;
}

RdsDbProxy RdsXml::dbProxy(const XmlElement &element)
{
    RdsDbProxy out;
    out.name = element.textAt(u"DBProxyName");
    out.arn = element.textAt(u"DBProxyArn");
    out.resourceId = proxyResourceId(out.arn);
    out.engineFamily = element.textAt(u"EngineFamily");
    out.status = element.textAt(u"Status");
    out.endpoint = element.textAt(u"Endpoint");
    out.port = proxyPort(out.engineFamily);
    out.vpcId = element.textAt(u"VpcId");
    out.requireTls = element.boolAt(u"RequireTLS");
    out.roleArn = element.textAt(u"RoleArn");
    for (const XmlElement *auth : element.child(u"Auth").children()) {
        const QString mode = auth->textAt(u"IAMAuth");
        if (mode == u"REQUIRED" || mode == u"ENABLED")
            out.iamAuthEnabled = true;
    }
    return out;
}

RdsDbProxyEndpoint RdsXml::dbProxyEndpoint(const XmlElement &element)
{
    RdsDbProxyEndpoint out;
    out.name = element.textAt(u"DBProxyEndpointName");
    out.proxyName = element.textAt(u"DBProxyName");
    out.arn = element.textAt(u"DBProxyEndpointArn");
    out.endpoint = element.textAt(u"Endpoint");
    out.status = element.textAt(u"Status");
    out.vpcId = element.textAt(u"VpcId");
    out.targetRole = element.textAt(u"TargetRole");
    out.isDefault = element.boolAt(u"IsDefault");
    return out;
}

Result<RdsPage<RdsDbInstance>> RdsXml::dbInstances(const XmlElement &response)
{
    return page<RdsDbInstance>(response, QStringLiteral("DescribeDBInstances"), u"DBInstances",
                               &RdsXml::dbInstance);
}

Result<RdsPage<RdsDbCluster>> RdsXml::dbClusters(const XmlElement &response)
{
    return page<RdsDbCluster>(response, QStringLiteral("DescribeDBClusters"), u"DBClusters",
                              &RdsXml::dbCluster);
}

Result<RdsPage<RdsClusterEndpoint>> RdsXml::clusterEndpoints(const XmlElement &response)
{
    return page<RdsClusterEndpoint>(response, QStringLiteral("DescribeDBClusterEndpoints"),
                                    u"DBClusterEndpoints", &RdsXml::clusterEndpoint);
}

Result<RdsPage<RdsDbProxy>> RdsXml::dbProxies(const XmlElement &response)
{
    return page<RdsDbProxy>(response, QStringLiteral("DescribeDBProxies"), u"DBProxies", &RdsXml::dbProxy);
}

Result<RdsPage<RdsDbProxyEndpoint>> RdsXml::dbProxyEndpoints(const XmlElement &response)
{
    return page<RdsDbProxyEndpoint>(response, QStringLiteral("DescribeDBProxyEndpoints"), u"DBProxyEndpoints",
                                    &RdsXml::dbProxyEndpoint);
}

Result<RdsDbInstance> RdsXml::modifiedDbInstance(const XmlElement &response)
{
    const auto result = resultOf(response, QStringLiteral("ModifyDBInstance"));
    if (!result)
        return result.error();
    const XmlElement &instance = (*result)->child(u"DBInstance");
    if (instance.isNull())
        return notTheAnswer(QStringLiteral("ModifyDBInstance"), response.name());
    return dbInstance(instance);
}

Result<RdsDbCluster> RdsXml::modifiedDbCluster(const XmlElement &response)
{
    const auto result = resultOf(response, QStringLiteral("ModifyDBCluster"));
    if (!result)
        return result.error();
    const XmlElement &cluster = (*result)->child(u"DBCluster");
    if (cluster.isNull())
        return notTheAnswer(QStringLiteral("ModifyDBCluster"), response.name());
    return dbCluster(cluster);
}

Result<RdsPage<RdsDbInstance>> RdsXml::dbInstances(const QByteArray &xml)
{
    return parsed<RdsPage<RdsDbInstance>>(xml, QStringLiteral("DescribeDBInstances"), &RdsXml::dbInstances);
}

Result<RdsPage<RdsDbCluster>> RdsXml::dbClusters(const QByteArray &xml)
{
    return parsed<RdsPage<RdsDbCluster>>(xml, QStringLiteral("DescribeDBClusters"), &RdsXml::dbClusters);
}

Result<RdsPage<RdsClusterEndpoint>> RdsXml::clusterEndpoints(const QByteArray &xml)
{
    return parsed<RdsPage<RdsClusterEndpoint>>(xml, QStringLiteral("DescribeDBClusterEndpoints"),
                                               &RdsXml::clusterEndpoints);
}

Result<RdsPage<RdsDbProxy>> RdsXml::dbProxies(const QByteArray &xml)
{
    return parsed<RdsPage<RdsDbProxy>>(xml, QStringLiteral("DescribeDBProxies"), &RdsXml::dbProxies);
}

Result<RdsPage<RdsDbProxyEndpoint>> RdsXml::dbProxyEndpoints(const QByteArray &xml)
{
    return parsed<RdsPage<RdsDbProxyEndpoint>>(xml, QStringLiteral("DescribeDBProxyEndpoints"),
                                               &RdsXml::dbProxyEndpoints);
}

Result<RdsDbInstance> RdsXml::modifiedDbInstance(const QByteArray &xml)
{
    return parsed<RdsDbInstance>(xml, QStringLiteral("ModifyDBInstance"), &RdsXml::modifiedDbInstance);
}

Result<RdsDbCluster> RdsXml::modifiedDbCluster(const QByteArray &xml)
{
    return parsed<RdsDbCluster>(xml, QStringLiteral("ModifyDBCluster"), &RdsXml::modifiedDbCluster);
}

} // namespace signet::aws
