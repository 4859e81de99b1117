// SPDX-License-Identifier: GPL-3.0-or-later
// DsqlEndpoint: region rules for Aurora DSQL cluster endpoints.
#include "aws/DsqlEndpoint.h"

#include "aws/RdsEndpoint.h"

#include <QStringList>

namespace signet::aws {

QString DsqlEndpoint::regionFromHost(const QString &host)
{
    QString name = host.trimmed().toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    static const QString suffix = QStringLiteral(".on.aws");
    if (!name.endsWith(suffix))
        return {};
    // <cluster-id>.dsql.<region>
    const QStringList labels = name.left(name.size() - suffix.size()).split(u'.');
    if (labels.size() != 3 || labels[0].isEmpty() || labels[1] != QLatin1String("dsql") ||
        !RdsEndpoint::isRegionName(labels[2]))
        return {};
    return labels[2];
}

bool DsqlEndpoint::isDsqlHost(const QString &host)
{
    return !regionFromHost(host).isEmpty();
}

Result<QString> DsqlEndpoint::resolveRegion(const QString &host, const QString &explicitRegion)
{
    const QString detected = regionFromHost(host);
    const QString given = explicitRegion.trimmed();
    if (!given.isEmpty()) {
        if (!RdsEndpoint::isRegionName(given))
            return makeError(QStringLiteral("region.invalid"),
                             QStringLiteral("\"%1\" is not an AWS region name").arg(given),
                             QStringLiteral("Use a region code such as us-east-1 or eu-west-1."));
        if (!detected.isEmpty() && detected != given)
            return makeError(QStringLiteral("region.mismatch"),
                             QStringLiteral("region %1 does not match the DSQL endpoint %2, which is in %3")
                                 .arg(given, host, detected),
                             QStringLiteral("Use region %1 or leave the region out; a token signed for "
                                            "another region is always refused.")
                                 .arg(detected));
        return given;
    }
    if (detected.isEmpty())
        return makeError(QStringLiteral("region.unknown"),
                         QStringLiteral("cannot tell the region from host \"%1\"").arg(host),
                         QStringLiteral("Give the cluster's region, or use its endpoint "
                                        "<cluster-id>.dsql.<region>.on.aws."));
    return detected;
}

} // namespace signet::aws
