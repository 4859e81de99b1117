// SPDX-License-Identifier: GPL-3.0-or-later
// IamClient: IAM Query API calls and their XML answers.
#include "aws/IamClient.h"

#include <QUrl>

namespace signet::aws {

namespace {

constexpr int kMaxIamPages = 1000;

Error unexpected(const QString &action, const QString &root)
{
    return makeError(
        QStringLiteral("iam.malformed"),
        QStringLiteral("AWS IAM %1 answered with an unexpected document (<%2>)").arg(action, root.left(80)),
        QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL), or try again later."));
}

Result<const XmlElement *> iamResultOf(const XmlElement &response, const QString &action)
{
    if (response.name() != action + QStringLiteral("Response"))
        return unexpected(action, response.name());
    return &response.child(QString(action + QStringLiteral("Result")));
}

// Finishes `done` with the parse of a successful answer.
template<typename T>
ResultCallback<XmlElement> parseWith(ResultCallback<T> done,
                                     std::function<Result<T>(const XmlElement &)> parse)
{
    return [done = std::move(done), parse = std::move(parse)](Result<XmlElement> response) {
        if (!response) {
            done(response.error());
            return;
        }
        done(parse(*response));
    };
}

struct AttachedPager
{
    std::shared_ptr<AwsServiceClient> api;
    QString action;
    AwsServiceClient::Parameters parameters;
    CancelCheck cancelled;
    ResultCallback<QList<IamAttachedPolicy>> done;
    QList<IamAttachedPolicy> policies;
    QString marker;
    int pages = 0;

    static void next(const std::shared_ptr<AttachedPager> &pager)
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
                auto page = IamClient::parseAttachedPolicies(*response, pager->action);
                if (!page) {
                    pager->done(page.error());
                    return;
                }
                pager->policies.append(page->policies);
                ++pager->pages;
                if (!page->truncated || page->marker.isEmpty()) {
                    pager->done(std::move(pager->policies));
                    return;
                }
                if (page->marker == pager->marker || pager->pages >= kMaxIamPages) {
                    pager->done(makeError(
                        QStringLiteral("iam.malformed"),
                        QStringLiteral("AWS IAM %1 kept answering with more pages").arg(pager->action),
                        QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL_IAM).")));
                    return;
                }
                pager->marker = page->marker;
                next(pager);
            },
            pager->cancelled);
    }
};

} // namespace

IamClient::IamClient(const ServiceEndpoints &endpoints, const QString &region, Credentials credentials,
                     const Clock &clock, QNetworkAccessManager *manager)
    : m_api(std::make_shared<AwsServiceClient>(AwsService::iam(), endpoints.iam(region),
                                               ServiceEndpoints::iamSigningRegion(region),
                                               std::move(credentials), clock, manager))
{}

Result<IamPolicy> IamClient::parsePolicy(const XmlElement &response, const QString &action)
{
    const auto result = iamResultOf(response, action);
    if (!result)
        return result.error();
    const XmlElement &policy = (*result)->child(u"Policy");
    if (policy.textAt(u"Arn").isEmpty())
        return unexpected(action, response.name());
    return IamPolicy{policy.textAt(u"PolicyName"),       policy.textAt(u"Arn"),
                     policy.textAt(u"PolicyId"),         policy.textAt(u"Path"),
                     policy.textAt(u"DefaultVersionId"), policy.intAt(u"AttachmentCount"),
                     policy.textAt(u"Description")};
}

Result<IamPolicyVersion> IamClient::parsePolicyVersion(const XmlElement &response)
{
    const QString action = QStringLiteral("GetPolicyVersion");
    const auto result = iamResultOf(response, action);
    if (!result)
        return result.error();
    const XmlElement &version = (*result)->child(u"PolicyVersion");
    if (version.isNull())
        return unexpected(action, response.name());
    // RFC 3986 percent-encoding (IAM encodes the JSON document once).
    const QString document = QUrl::fromPercentEncoding(version.textAt(u"Document").toUtf8());
    return IamPolicyVersion{version.textAt(u"VersionId"), version.boolAt(u"IsDefaultVersion"), document};
}

Result<IamClient::AttachedPage> IamClient::parseAttachedPolicies(const XmlElement &response,
                                                                 const QString &action)
{
    const auto result = iamResultOf(response, action);
    if (!result)
        return result.error();
    AttachedPage page;
    for (const XmlElement *member : (*result)->child(u"AttachedPolicies").children())
        page.policies.append({member->textAt(u"PolicyName"), member->textAt(u"PolicyArn")});
    page.truncated = (*result)->boolAt(u"IsTruncated");
    page.marker = (*result)->textAt(u"Marker");
    return page;
}

QFuture<Result<IamPolicy>> IamClient::createPolicy(const QString &name, const QString &document,
                                                   const QString &description, const QString &path) const
{
    AwsServiceClient::Parameters parameters{{QStringLiteral("PolicyName"), name},
                                            {QStringLiteral("PolicyDocument"), document}};
    if (!description.isEmpty())
        parameters.append({QStringLiteral("Description"), description});
    if (!path.isEmpty())
        parameters.append({QStringLiteral("Path"), path});
    return cancellableFuture<IamPolicy>([&](ResultCallback<IamPolicy> done, CancelCheck cancelled) {
        m_api->query(QStringLiteral("CreatePolicy"), parameters,
                     parseWith<IamPolicy>(
                         std::move(done),
                         [](const XmlElement &r) { return parsePolicy(r, QStringLiteral("CreatePolicy")); }),
                     std::move(cancelled));
    });
}

QFuture<Result<Unit>> IamClient::attachUserPolicy(const QString &userName, const QString &policyArn) const
{
    return cancellableFuture<Unit>([&](ResultCallback<Unit> done, CancelCheck cancelled) {
        m_api->query(QStringLiteral("AttachUserPolicy"),
                     {{QStringLiteral("UserName"), userName}, {QStringLiteral("PolicyArn"), policyArn}},
                     parseWith<Unit>(std::move(done),
                                     [](const XmlElement &r) -> Result<Unit> {
                                         const auto result =
                                             iamResultOf(r, QStringLiteral("AttachUserPolicy"));
                                         if (!result)
                                             return result.error();
                                         return Unit{};
                                     }),
                     std::move(cancelled));
    });
}

QFuture<Result<Unit>> IamClient::attachRolePolicy(const QString &roleName, const QString &policyArn) const
{
    return cancellableFuture<Unit>([&](ResultCallback<Unit> done, CancelCheck cancelled) {
        m_api->query(QStringLiteral("AttachRolePolicy"),
                     {{QStringLiteral("RoleName"), roleName}, {QStringLiteral("PolicyArn"), policyArn}},
                     parseWith<Unit>(std::move(done),
                                     [](const XmlElement &r) -> Result<Unit> {
                                         const auto result =
                                             iamResultOf(r, QStringLiteral("AttachRolePolicy"));
                                         if (!result)
                                             return result.error();
                                         return Unit{};
                                     }),
                     std::move(cancelled));
    });
}

QFuture<Result<QList<IamAttachedPolicy>>>
IamClient::listAttached(const QString &action, const QString &nameParameter, const QString &name) const
{
    return cancellableFuture<QList<IamAttachedPolicy>>(
        [&](ResultCallback<QList<IamAttachedPolicy>> done, CancelCheck cancelled) {
            auto pager = std::make_shared<AttachedPager>();
            pager->api = m_api;
            pager->action = action;
            pager->parameters = {{nameParameter, name}, {QStringLiteral("MaxItems"), QStringLiteral("100")}};
            pager->cancelled = std::move(cancelled);
            pager->done = std::move(done);
            AttachedPager::next(pager);
        });
}

QFuture<Result<QList<IamAttachedPolicy>>> IamClient::listAttachedUserPolicies(const QString &userName) const
{
    return listAttached(QStringLiteral("ListAttachedUserPolicies"), QStringLiteral("UserName"), userName);
}

QFuture<Result<QList<IamAttachedPolicy>>> IamClient::listAttachedRolePolicies(const QString &roleName) const
{
    return listAttached(QStringLiteral("ListAttachedRolePolicies"), QStringLiteral("RoleName"), roleName);
}

QFuture<Result<IamPolicy>> IamClient::getPolicy(const QString &policyArn) const
{
    return cancellableFuture<IamPolicy>([&](ResultCallback<IamPolicy> done, CancelCheck cancelled) {
        m_api->query(QStringLiteral("GetPolicy"), {{QStringLiteral("PolicyArn"), policyArn}},
                     parseWith<IamPolicy>(
                         std::move(done),
                         [](const XmlElement &r) { return parsePolicy(r, QStringLiteral("GetPolicy")); }),
                     std::move(cancelled));
    });
}

QFuture<Result<IamPolicyVersion>> IamClient::getPolicyVersion(const QString &policyArn,
                                                              const QString &versionId) const
{
    return cancellableFuture<IamPolicyVersion>(
        [&](ResultCallback<IamPolicyVersion> done, CancelCheck cancelled) {
            m_api->query(QStringLiteral("GetPolicyVersion"),
                         {{QStringLiteral("PolicyArn"), policyArn}, {QStringLiteral("VersionId"), versionId}},
                         parseWith<IamPolicyVersion>(std::move(done), &IamClient::parsePolicyVersion),
                         std::move(cancelled));
        });
}

} // namespace signet::aws
