// SPDX-License-Identifier: GPL-3.0-or-later
// ServiceEndpoints: default AWS endpoints and their environment overrides.
#include "aws/ServiceEndpoints.h"

namespace signet::aws {

QString ServiceEndpoints::dnsSuffix(const QString &region)
{
    return region.startsWith(QStringLiteral("cn-")) ? QStringLiteral("amazonaws.com.cn")
                                                    : QStringLiteral("amazonaws.com");
}

QString ServiceEndpoints::partition(const QString &region)
{
    if (region.startsWith(QStringLiteral("cn-")))
        return QStringLiteral("aws-cn");
    if (region.startsWith(QStringLiteral("us-gov-")))
        return QStringLiteral("aws-us-gov");
    return QStringLiteral("aws");
}

QString ServiceEndpoints::iamSigningRegion(const QString &region)
{
    const QString name = partition(region);
    if (name == u"aws-cn")
        return QStringLiteral("cn-north-1");
    if (name == u"aws-us-gov")
        return QStringLiteral("us-gov-west-1");
    return QStringLiteral("us-east-1");
}

QString ServiceEndpoints::stsSigningRegion(const QString &region)
{
    return region.isEmpty() ? QStringLiteral("us-east-1") : region;
}

QUrl ServiceEndpoints::overridden(const QString &serviceEnvSuffix, const QUrl &fallback) const
{
    const QString specific = m_env.value(QStringLiteral("AWS_ENDPOINT_URL_") + serviceEnvSuffix);
    if (!specific.isEmpty())
        return QUrl(specific);
    const QString global = m_env.value(QStringLiteral("AWS_ENDPOINT_URL"));
    if (!global.isEmpty())
        return QUrl(global);
    return fallback;
}

QUrl ServiceEndpoints::sts(const QString &region) const
{
    const QUrl fallback = region.isEmpty()
                              ? QUrl(QStringLiteral("https://sts.amazonaws.com"))
                              : QUrl(QStringLiteral("https://sts.%1.%2").arg(region, dnsSuffix(region)));
    return overridden(QStringLiteral("STS"), fallback);
}

QUrl ServiceEndpoints::ssoPortal(const QString &region) const
{
    return overridden(QStringLiteral("SSO"),
                      QUrl(QStringLiteral("https://portal.sso.%1.%2").arg(region, dnsSuffix(region))));
}

QUrl ServiceEndpoints::ssoOidc(const QString &region) const
{
    return overridden(QStringLiteral("SSO_OIDC"),
                      QUrl(QStringLiteral("https://oidc.%1.%2").arg(region, dnsSuffix(region))));
}

QUrl ServiceEndpoints::rds(const QString &region) const
{
    return overridden(QStringLiteral("RDS"),
                      QUrl(QStringLiteral("https://rds.%1.%2").arg(region, dnsSuffix(region))));
}

QUrl ServiceEndpoints::iam(const QString &region) const
{
    const QString name = partition(region);
    QString host = QStringLiteral("iam.amazonaws.com");
    if (name == u"aws-cn")
        host = QStringLiteral("iam.cn-north-1.amazonaws.com.cn");
    else if (name == u"aws-us-gov")
        host = QStringLiteral("iam.us-gov.amazonaws.com");
    return overridden(QStringLiteral("IAM"), QUrl(QStringLiteral("https://") + host));
}

QUrl ServiceEndpoints::secretsManager(const QString &region) const
{
    return overridden(QStringLiteral("SECRETS_MANAGER"),
                      QUrl(QStringLiteral("https://secretsmanager.%1.%2").arg(region, dnsSuffix(region))));
}

QUrl ServiceEndpoints::ssm(const QString &region) const
{
    return overridden(QStringLiteral("SSM"),
                      QUrl(QStringLiteral("https://ssm.%1.%2").arg(region, dnsSuffix(region))));
}

QUrl ServiceEndpoints::imds() const
{
    const QString endpoint = m_env.value(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
    if (!endpoint.isEmpty())
        return QUrl(endpoint);
    if (m_env.value(QStringLiteral("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"))
            .compare(QStringLiteral("ipv6"), Qt::CaseInsensitive) == 0)
        return QUrl(QStringLiteral("http://[fd00:ec2::254]"));
    return QUrl(QStringLiteral("http://169.254.169.254"));
}

} // namespace signet::aws
