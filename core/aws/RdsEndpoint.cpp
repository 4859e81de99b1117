// SPDX-License-Identifier: GPL-3.0-or-later
// Region and partition rules for RDS endpoint names.
#include "aws/RdsEndpoint.h"

#include <QStringList>

namespace signet::aws {

namespace {

bool isLowerAlpha(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (c < u'a' || c > u'z')
            return false;
    }
    return true;
}

bool isDigits(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (!c.isDigit())
            return false;
    }
    return true;
}

} // namespace

bool RdsEndpoint::isRegionName(const QString &region)
{
    // <area>[-gov|-iso|-isob|-isof|-isoe]-<direction>-<number>
    const QStringList parts = region.split(u'-');
    if (parts.size() < 3 || parts.size() > 4)
        return false;
    if (parts[0].size() != 2 || !isLowerAlpha(parts[0]) || !isDigits(parts.last()))
        return false;
    for (qsizetype i = 1; i + 1 < parts.size(); ++i) {
        if (!isLowerAlpha(parts[i]))
            return false;
    }
    return true;
}

QString RdsEndpoint::partitionOf(const QString &region)
{
    if (region.startsWith(u"cn-"))
        return QStringLiteral("aws-cn");
    if (region.startsWith(u"us-gov-"))
        return QStringLiteral("aws-us-gov");
    if (region.startsWith(u"us-isob-"))
        return QStringLiteral("aws-iso-b");
    if (region.startsWith(u"us-iso-"))
        return QStringLiteral("aws-iso");
    return QStringLiteral("aws");
}

QString RdsEndpoint::regionFromHost(const QString &host)
{
    QString name = host.trimmed().toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    static const QStringList suffixes{QStringLiteral(".rds.amazonaws.com"),
                                      QStringLiteral(".rds.amazonaws.com.cn")};
    for (const QString &suffix : suffixes) {
        if (!name.endsWith(suffix))
            continue;
        const QStringList labels = name.left(name.size() - suffix.size()).split(u'.');
        // <instance-or-cluster>.<account-hash or cluster-…/proxy-…>.<region>
        if (labels.size() >= 3 && isRegionName(labels.last()))
            return labels.last();
    }
    return {};
}

} // namespace signet::aws
