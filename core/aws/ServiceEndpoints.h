// SPDX-License-Identifier: GPL-3.0-or-later
// ServiceEndpoints: where the STS, SSO, SSO-OIDC, RDS, IAM, Secrets Manager, SSM and metadata clients send
// their requests.
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace signet::aws {

// The default AWS endpoints (commercial, China and GovCloud partitions), each overridable as the AWS
// SDKs allow: AWS_ENDPOINT_URL_<SERVICE> first, then AWS_ENDPOINT_URL, for STS, SSO, SSO-OIDC, RDS,
// IAM, Secrets Manager and SSM; AWS_EC2_METADATA_SERVICE_ENDPOINT for IMDS.
class ServiceEndpoints final
{
public:
    explicit ServiceEndpoints(QProcessEnvironment env)
        : m_env(std::move(env))
    {}

    // Regional STS (sts.REGION.amazonaws.com); the global endpoint when no region is known.
    QUrl sts(const QString &region) const;
    // The IAM Identity Center portal (portal.sso.REGION.amazonaws.com).
    QUrl ssoPortal(const QString &region) const;
    // The IAM Identity Center OIDC service (oidc.REGION.amazonaws.com).
    QUrl ssoOidc(const QString &region) const;
    // The RDS API (rds.REGION.amazonaws.com, .amazonaws.com.cn in China); AWS_ENDPOINT_URL_RDS.
    QUrl rds(const QString &region) const;
    // IAM's one endpoint per partition (iam.amazonaws.com, iam.cn-north-1.amazonaws.com.cn,
    // iam.us-gov.amazonaws.com) for a region of that partition; AWS_ENDPOINT_URL_IAM.
    QUrl iam(const QString &region) const;
    // Secrets Manager (secretsmanager.REGION.amazonaws.com); AWS_ENDPOINT_URL_SECRETS_MANAGER.
    QUrl secretsManager(const QString &region) const;
    // AWS Systems Manager (ssm.REGION.amazonaws.com); AWS_ENDPOINT_URL_SSM.
    QUrl ssm(const QString &region) const;
    // http://169.254.169.254 unless overridden (or [fd00:ec2::254] in IPv6 mode).
    QUrl imds() const;

    // The region STS requests are signed for: the one given, else us-east-1 (the global endpoint).
    static QString stsSigningRegion(const QString &region);
    // "amazonaws.com", or "amazonaws.com.cn" for cn-* regions.
    static QString dnsSuffix(const QString &region);
    // The ARN partition of a region: "aws", "aws-cn" (cn-*) or "aws-us-gov" (us-gov-*).
    static QString partition(const QString &region);
    // The region IAM requests are signed for: us-east-1, cn-north-1 or us-gov-west-1 by partition.
    static QString iamSigningRegion(const QString &region);

private:
    QUrl overridden(const QString &serviceEnvSuffix, const QUrl &fallback) const;

    QProcessEnvironment m_env;
};

} // namespace signet::aws
