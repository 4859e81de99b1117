// SPDX-License-Identifier: GPL-3.0-or-later
// SsmRoute: the SSM target's rules and JSON form.
#include "tunnel/SsmRoute.h"

#include <QRegularExpression>

namespace signet::tunnel {

bool SsmRoute::isTargetId(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(i-([0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$"));
    return pattern.match(text).hasMatch();
}

QString SsmRoute::displayText() const
{
    if (!isSet())
        return {};
    return region.isEmpty() ? target : QStringLiteral("%1 (%2)").arg(target, region);
}

QString SsmRoute::problem() const
{
    if (!isSet())
        return region.isEmpty() ? QString() : QStringLiteral("a region was given without a target instance");
    if (!isTargetId(target))
        return QStringLiteral("\"%1\" is not a managed instance ID (i- followed by 8 or 17 lowercase hex "
                              "digits, or mi- followed by 17)")
            .arg(target);
    for (const QChar c : region) {
        if (!(c.isLower() || c.isDigit() || c == u'-'))
            return QStringLiteral("\"%1\" is not a region name").arg(region);
    }
    return {};
}

QJsonObject SsmRoute::toJson() const
{
    QJsonObject object{{QStringLiteral("target"), target}};
    if (!region.isEmpty())
        object.insert(QStringLiteral("region"), region);
    return object;
}

SsmRoute SsmRoute::fromJson(const QJsonObject &object)
{
    return SsmRoute{object.value(QStringLiteral("target")).toString(),
                    object.value(QStringLiteral("region")).toString()};
}

} // namespace signet::tunnel
