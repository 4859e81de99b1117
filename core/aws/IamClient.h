// SPDX-License-Identifier: GPL-3.0-or-later
// IamClient: the IAM calls the setup assistant makes (create and attach an rds-db:connect policy, read
// policies).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsServiceClient.h"
#include "aws/ServiceEndpoints.h"

#include <QFuture>

#include <memory>

namespace signet::aws {

struct IamPolicy final
{
    QString name;
    QString arn;
    QString id;
    QString path;
    QString defaultVersionId;
    int attachmentCount = 0;
    QString description;
};

struct IamAttachedPolicy final
{
    QString name;
    QString arn;
};

struct IamPolicyVersion final
{
    QString versionId;
    bool isDefault = false;
    // The policy document as JSON text (IAM sends it URL-encoded; this is decoded).
    QString document;
};

// IAM's one endpoint per partition (signed for us-east-1 in the commercial partition). Futures and
// lifetime as RdsClient.
class IamClient final
{
public:
    // `region` picks the partition (any region of it).
    IamClient(const ServiceEndpoints &endpoints, const QString &region, Credentials credentials,
              const Clock &clock = Clock::system(), QNetworkAccessManager *manager = nullptr);

    QUrl endpoint() const { return m_api->endpoint(); }
    void setTimeoutMs(int timeoutMs) { m_api->setTimeoutMs(timeoutMs); }
    void setRetryPolicy(RetryPolicy policy) { m_api->setRetryPolicy(std::move(policy)); }

    QFuture<Result<IamPolicy>> createPolicy(const QString &name, const QString &document,
                                            const QString &description = {}, const QString &path = {}) const;
    QFuture<Result<Unit>> attachUserPolicy(const QString &userName, const QString &policyArn) const;
    QFuture<Result<Unit>> attachRolePolicy(const QString &roleName, const QString &policyArn) const;
    // Every page (Marker / IsTruncated).
    QFuture<Result<QList<IamAttachedPolicy>>> listAttachedUserPolicies(const QString &userName) const;
    QFuture<Result<QList<IamAttachedPolicy>>> listAttachedRolePolicies(const QString &roleName) const;
    QFuture<Result<IamPolicy>> getPolicy(const QString &policyArn) const;
    QFuture<Result<IamPolicyVersion>> getPolicyVersion(const QString &policyArn,
                                                       const QString &versionId) const;

    // Parsers, public for tests.
    static Result<IamPolicy> parsePolicy(const XmlElement &response, const QString &action);
    static Result<IamPolicyVersion> parsePolicyVersion(const XmlElement &response);
    // The attached policies of one page, its Marker, and whether more pages follow.
    struct AttachedPage
    {
        QList<IamAttachedPolicy> policies;
        QString marker;
        bool truncated = false;
    };
    static Result<AttachedPage> parseAttachedPolicies(const XmlElement &response, const QString &action);

private:
    QFuture<Result<QList<IamAttachedPolicy>>>
    listAttached(const QString &action, const QString &nameParameter, const QString &name) const;

    std::shared_ptr<AwsServiceClient> m_api;
};

} // namespace signet::aws
