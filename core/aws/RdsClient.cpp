// SPDX-License-Identifier: GPL-3.0-or-later
// RdsClient: Marker pagination over AwsServiceClient and the RDS XML parsers.
#include "aws/RdsClient.h"

#include "aws/RdsXml.h"

namespace signet::aws {

namespace {

// More pages than this is a marker loop, not an inventory.
constexpr int kMaxRdsPages = 1000;

template<typename T> using PageParser = Result<RdsPage<T>> (*)(const XmlElement &);

template<typename T> struct Pager
{
    std::shared_ptr<AwsServiceClient> api;
    QString action;
    AwsServiceClient::Parameters parameters;
    PageParser<T> parse = nullptr;
    std::function<void(int, int)> progressed;
    CancelCheck cancelled;
    ResultCallback<QList<T>> done;
    QList<T> items;
    QString marker;
    int pages = 0;

    static void next(const std::shared_ptr<Pager> &pager)
    {
        AwsServiceClient::Parameters parameters = pager->parameters;
        if (!pager->marker.isEmpty())
            parameters.append({QStringLiteral("Marker"), pager->marker});
        pager->api->query(
            pager->action, parameters,
            [pager](Result<XmlElement> response) {
                if (!response) {
                    pager->done(response.error());
                    return;
                }
                auto page = pager->parse(*response);
                if (!page) {
                    pager->done(page.error());
                    return;
                }
                pager->items.append(std::move(page->items));
                ++pager->pages;
                // A cancelled listing's owner may be gone: no progress, no next page.
                if (pager->cancelled && pager->cancelled()) {
                    pager->done(AwsServiceClient::cancelledError(pager->api->service(), pager->action));
                    return;
                }
                if (pager->progressed)
                    pager->progressed(pager->pages, int(pager->items.size()));
                if (page->marker.isEmpty()) {
                    pager->done(std::move(pager->items));
                    return;
                }
                if (page->marker == pager->marker || pager->pages >= kMaxRdsPages) {
                    pager->done(makeError(
                        QStringLiteral("rds.malformed"),
                        QStringLiteral("Amazon RDS %1 kept answering with more pages (%2 so far)")
                            .arg(pager->action)
                            .arg(pager->pages),
                        QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL).")));
                    return;
                }
                pager->marker = page->marker;
                if (pager->cancelled && pager->cancelled()) {
                    pager->done(AwsServiceClient::cancelledError(pager->api->service(), pager->action));
                    return;
                }
                next(pager);
            },
            pager->cancelled);
    }
};

template<typename T>
QFuture<Result<QList<T>>> listAll(const std::shared_ptr<AwsServiceClient> &api, const QString &action,
                                  AwsServiceClient::Parameters parameters, const RdsListOptions &options,
                                  PageParser<T> parse)
{
    parameters.append(
        {QStringLiteral("MaxRecords"), QString::number(std::clamp(options.maxRecords, 20, 100))});
    return cancellableFuture<QList<T>>([&](ResultCallback<QList<T>> done, CancelCheck cancelled) {
        auto pager = std::make_shared<Pager<T>>();
        pager->api = api;
        pager->action = action;
        pager->parameters = std::move(parameters);
        pager->parse = parse;
        pager->progressed = options.progressed;
        pager->cancelled = std::move(cancelled);
        pager->done = std::move(done);
        Pager<T>::next(pager);
    });
}

void addIf(AwsServiceClient::Parameters &parameters, const QString &name, const QString &value)
{
    if (!value.isEmpty())
        parameters.append({name, value});
}

} // namespace

RdsClient::RdsClient(const ServiceEndpoints &endpoints, QString region, Credentials credentials,
                     const Clock &clock, QNetworkAccessManager *manager)
    : m_region(std::move(region))
    , m_api(std::make_shared<AwsServiceClient>(AwsService::rds(), endpoints.rds(m_region), m_region,
                                               std::move(credentials), clock, manager))
{}

QFuture<Result<QList<RdsDbInstance>>> RdsClient::describeDbInstances(const RdsListOptions &options) const
{
    AwsServiceClient::Parameters parameters;
    addIf(parameters, QStringLiteral("DBInstanceIdentifier"), options.identifier);
    return listAll<RdsDbInstance>(m_api, QStringLiteral("DescribeDBInstances"), parameters, options,
                                  &RdsXml::dbInstances);
}

QFuture<Result<QList<RdsDbCluster>>> RdsClient::describeDbClusters(const RdsListOptions &options) const
{
    AwsServiceClient::Parameters parameters;
    addIf(parameters, QStringLiteral("DBClusterIdentifier"), options.identifier);
    return listAll<RdsDbCluster>(m_api, QStringLiteral("DescribeDBClusters"), parameters, options,
                                 &RdsXml::dbClusters);
}

QFuture<Result<QList<RdsClusterEndpoint>>>
RdsClient::describeDbClusterEndpoints(const RdsListOptions &options) const
{
    AwsServiceClient::Parameters parameters;
    addIf(parameters, QStringLiteral("DBClusterIdentifier"), options.parent);
    addIf(parameters, QStringLiteral("DBClusterEndpointIdentifier"), options.identifier);
    return listAll<RdsClusterEndpoint>(m_api, QStringLiteral("DescribeDBClusterEndpoints"), parameters,
                                       options, &RdsXml::clusterEndpoints);
}

QFuture<Result<QList<RdsDbProxy>>> RdsClient::describeDbProxies(const RdsListOptions &options) const
{
    AwsServiceClient::Parameters parameters;
    addIf(parameters, QStringLiteral("DBProxyName"), options.identifier);
    return listAll<RdsDbProxy>(m_api, QStringLiteral("DescribeDBProxies"), parameters, options,
                               &RdsXml::dbProxies);
}

QFuture<Result<QList<RdsDbProxyEndpoint>>>
RdsClient::describeDbProxyEndpoints(const RdsListOptions &options) const
{
    AwsServiceClient::Parameters parameters;
    addIf(parameters, QStringLiteral("DBProxyName"), options.parent);
    addIf(parameters, QStringLiteral("DBProxyEndpointName"), options.identifier);
    return listAll<RdsDbProxyEndpoint>(m_api, QStringLiteral("DescribeDBProxyEndpoints"), parameters, options,
                                       &RdsXml::dbProxyEndpoints);
}

AwsServiceClient::Parameters RdsClient::modifyIamAuthParameters(const QString &identifierName,
                                                                const QString &identifier, bool enable)
{
    return {{identifierName, identifier},
            {QStringLiteral("EnableIAMDatabaseAuthentication"),
             enable ? QStringLiteral("true") : QStringLiteral("false")},
            {QStringLiteral("ApplyImmediately"), QStringLiteral("true")}};
}

QFuture<Result<RdsDbInstance>> RdsClient::modifyDbInstanceIamAuth(const QString &identifier,
                                                                  bool enable) const
{
    return cancellableFuture<RdsDbInstance>([&](ResultCallback<RdsDbInstance> done, CancelCheck cancelled) {
        m_api->query(
            QStringLiteral("ModifyDBInstance"),
            modifyIamAuthParameters(QStringLiteral("DBInstanceIdentifier"), identifier, enable),
            [done = std::move(done)](Result<XmlElement> response) {
                if (!response) {
                    done(response.error());
                    return;
                }
                done(RdsXml::modifiedDbInstance(*response));
            },
            std::move(cancelled));
    });
}

QFuture<Result<RdsDbCluster>> RdsClient::modifyDbClusterIamAuth(const QString &identifier, bool enable) const
{
    return cancellableFuture<RdsDbCluster>([&](ResultCallback<RdsDbCluster> done, CancelCheck cancelled) {
        m_api->query(
            QStringLiteral("ModifyDBCluster"),
            modifyIamAuthParameters(QStringLiteral("DBClusterIdentifier"), identifier, enable),
            [done = std::move(done)](Result<XmlElement> response) {
                if (!response) {
                    done(response.error());
                    return;
                }
                done(RdsXml::modifiedDbCluster(*response));
            },
            std::move(cancelled));
    });
}

} // namespace signet::aws
