// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: RDS and IAM Query API answers (Describe*, Modify*, IAM policies) and their error
// documents, as any endpoint (AWS_ENDPOINT_URL_RDS / _IAM, a proxy, a captive portal) may send them.
#include "FuzzSupport.h"
#include "aws/AwsServiceClient.h"
#include "aws/IamClient.h"
#include "aws/RdsXml.h"

using namespace signet;

namespace {

template<typename T> void checkPage(const Result<aws::RdsPage<T>> &page)
{
    if (!page)
        fuzz::requireExplained(page.error());
}

template<typename T> void checkResult(const Result<T> &result)
{
    if (!result)
        fuzz::requireExplained(result.error());
}

// Every RDS and IAM reader on one parsed document.
void readAll(const aws::XmlElement &document)
{
    checkPage(aws::RdsXml::dbClusters(document));
    checkPage(aws::RdsXml::clusterEndpoints(document));
    checkPage(aws::RdsXml::dbProxies(document));
    checkPage(aws::RdsXml::dbProxyEndpoints(document));
    checkResult(aws::RdsXml::modifiedDbInstance(document));
    checkResult(aws::RdsXml::modifiedDbCluster(document));
    checkResult(aws::IamClient::parsePolicy(document, QStringLiteral("GetPolicy")));
    checkResult(aws::IamClient::parsePolicyVersion(document));
    checkResult(aws::IamClient::parseAttachedPolicies(document, QStringLiteral("ListAttachedUserPolicies")));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml = fuzz::bytes(data, size);
    // The byte-array entry points parse, then read the element; one of them covers that wrapper and
    // its parse errors. The other readers share one parse: parsing each input nine times made this
    // the slowest target without reaching more code.
    checkPage(aws::RdsXml::dbInstances(xml));
    const auto document = aws::XmlElement::parse(xml, QStringLiteral("fuzz"), QStringLiteral("rds"));
    if (document)
        readAll(*document);
    else
        fuzz::requireExplained(document.error());

    const auto [code, message] = aws::AwsServiceClient::queryErrorCode(xml);
    for (const int status : {400, 403, 500}) {
        const Error error = aws::AwsServiceClient::serviceError(
            aws::AwsService::rds(), QStringLiteral("DescribeDBInstances"), status, code, message);
        fuzz::requireExplained(error);
    }
    return 0;
}
