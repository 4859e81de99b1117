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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml = fuzz::bytes(data, size);
    checkPage(aws::RdsXml::dbInstances(xml));
    checkPage(aws::RdsXml::dbClusters(xml));
    checkPage(aws::RdsXml::clusterEndpoints(xml));
    checkPage(aws::RdsXml::dbProxies(xml));
    checkPage(aws::RdsXml::dbProxyEndpoints(xml));
    if (const auto modified = aws::RdsXml::modifiedDbInstance(xml); !modified)
        fuzz::requireExplained(modified.error());
    if (const auto modified = aws::RdsXml::modifiedDbCluster(xml); !modified)
        fuzz::requireExplained(modified.error());

    const auto document = aws::XmlElement::parse(xml, QStringLiteral("fuzz"), QStringLiteral("rds"));
    if (document) {
        (void)document->find(u"Error").textAt(u"Code");
        if (const auto policy = aws::IamClient::parsePolicy(*document, QStringLiteral("GetPolicy")); !policy)
            fuzz::requireExplained(policy.error());
        if (const auto version = aws::IamClient::parsePolicyVersion(*document); !version)
            fuzz::requireExplained(version.error());
        if (const auto page =
                aws::IamClient::parseAttachedPolicies(*document, QStringLiteral("ListAttachedUserPolicies"));
            !page)
            fuzz::requireExplained(page.error());
    } else {
        fuzz::requireExplained(document.error());
    }

    const auto [code, message] = aws::AwsServiceClient::queryErrorCode(xml);
    for (const int status : {400, 403, 500}) {
        const Error error = aws::AwsServiceClient::serviceError(
            aws::AwsService::rds(), QStringLiteral("DescribeDBInstances"), status, code, message);
        fuzz::requireExplained(error);
    }
    return 0;
}
