// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileMigration: one function per format step.
#include "profiles/ProfileMigration.h"

#include <QJsonArray>
#include <QUuid>

namespace signet::profiles {

int ProfileMigration::versionOf(const QJsonDocument &document)
{
    if (document.isArray())
        return 0;
    if (!document.isObject())
        return -1;
    const QJsonValue version = document.object().value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInt(-1) < 0)
        return -1;
    return version.toInt();
}

QJsonObject ProfileMigration::fromVersion0(const QJsonDocument &document)
{
    QJsonArray profiles;
    for (const QJsonValue &value : document.array()) {
        QJsonObject old = value.toObject();
        QJsonObject profile = old;
        profile.remove(QStringLiteral("hostname"));
        profile.remove(QStringLiteral("iamUser"));
        if (!profile.contains(QStringLiteral("id")))
            profile.insert(QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
        profile.insert(QStringLiteral("host"), old.value(QStringLiteral("hostname")));
        profile.insert(QStringLiteral("user"), old.value(QStringLiteral("iamUser")));
        const QString engine = old.value(QStringLiteral("engine")).toString();
        if (engine == u"postgresql")
            profile.insert(QStringLiteral("engine"), QStringLiteral("postgres"));
        else if (engine == u"aurora-postgresql")
            profile.insert(QStringLiteral("engine"), QStringLiteral("aurora-postgres"));
        // Version 0 always signed with an AWS profile (empty = default).
        profile.insert(QStringLiteral("credentials"), QStringLiteral("aws-profile"));
        profiles.append(profile);
    }
    return QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("profiles"), profiles}};
}

Result<QJsonObject> ProfileMigration::toVersion(const QJsonDocument &document, int targetVersion)
{
    const int version = versionOf(document);
    if (version < 0)
        return makeError(QStringLiteral("profiles.unrecognised"),
                         QStringLiteral("the document is not a Signet profile list"),
                         QStringLiteral("Expected {\"version\": N, \"profiles\": [...]}."));
    if (version > targetVersion)
        return makeError(QStringLiteral("profiles.newer-version"),
                         QStringLiteral("the profiles were written by a newer Signet (format version %1; "
                                        "this one reads up to %2)")
                             .arg(version)
                             .arg(targetVersion),
                         QStringLiteral("Update Signet; the file is left untouched."));
    QJsonObject object = version == 0 ? fromVersion0(document) : document.object();
    // Later steps go here: if (versionOf(object) == 1) object = fromVersion1(object); …
    if (!object.value(QStringLiteral("profiles")).isArray() && object.contains(QStringLiteral("profiles")))
        return makeError(QStringLiteral("profiles.unrecognised"),
                         QStringLiteral("\"profiles\" is not a list"),
                         QStringLiteral("Expected {\"version\": N, \"profiles\": [...]}."));
    return object;
}

} // namespace signet::profiles
