// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileMigration: brings a profiles document of any earlier version up to the current one.
#pragma once

#include "common/Result.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace signet::profiles {

class ProfileMigration final
{
public:
    // Version 0 (Signet's first preview) was a bare array of profiles without ids, with "hostname",
    // "iamUser" and "engine" names like "postgresql". Each step upgrades one version, so a file of any
    // age reaches `targetVersion` through the same path. A document newer than `targetVersion` is an
    // error ("profiles.newer-version"): it is never downgraded.
    static Result<QJsonObject> toVersion(const QJsonDocument &document, int targetVersion);

    // The version a document declares (0 for the bare array of version 0, -1 when unrecognisable).
    static int versionOf(const QJsonDocument &document);

private:
    static QJsonObject fromVersion0(const QJsonDocument &document);
};

} // namespace signet::profiles
