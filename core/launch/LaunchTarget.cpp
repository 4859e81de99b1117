// SPDX-License-Identifier: GPL-3.0-or-later
// LaunchTarget: display name and validation.
#include "launch/LaunchTarget.h"

namespace signet::launch {

QString LaunchTarget::displayName() const
{
    if (!profileName.isEmpty())
        return profileName;
    return QStringLiteral("%1@%2").arg(user, host);
}

namespace {

bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

} // namespace

Status LaunchTarget::validate() const
{
    const auto bad = [](const QString &field, const QString &why, const QString &hint) {
        return Status(makeError(QStringLiteral("launch.bad-") + field, why, hint));
    };
    if (const Status endpoint = validateEndpoint(QStringLiteral("launch.bad-")); !endpoint)
        return endpoint;
    if (user.isEmpty())
        return bad(QStringLiteral("user"), QStringLiteral("the database user is empty"),
                   QStringLiteral("Set the IAM database user."));
    for (const QString *field : {&host, &viaHost, &user, &database, &caFile, &region, &profileName}) {
        if (hasControlCharacter(*field))
            return bad(QStringLiteral("text"),
                       QStringLiteral("a connection field contains a control character"),
                       QStringLiteral("Remove line breaks and tabs from the profile's fields."));
    }
    return Unit{};
}

} // namespace signet::launch
