// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileImport: discovered endpoints turned into saved profiles, updated (never duplicated) on re-runs.
#pragma once

#include "common/Result.h"
#include "discovery/DiscoveredEndpoint.h"
#include "profiles/ConnectionProfile.h"

#include <QFuture>
#include <QList>

namespace signet::profiles {
class ProfileService;
}

namespace signet::discovery {

struct ImportOptions final
{
    // The AWS profile the new profiles sign with (empty: AWS_PROFILE or "default").
    QString awsProfile;
    // Every new profile's folder; empty: "AWS <account> <region>" ("AWS <region>" when the account is
    // unknown): folder names cannot hold slashes, so there is one level per account and region.
    QString folder;
    // The database user of new profiles; empty: the master user RDS reports, else "iam_user".
    QString dbUser;
};

struct ImportChange final
{
    enum class Action
    {
        Add,
        Update,
        Unchanged,
    };
    Action action = Action::Add;
    // The profile as it will be saved (an update keeps the profile's id, name, folder and user).
    profiles::ConnectionProfile profile;
    DiscoveredEndpoint endpoint;
};

struct ImportSummary final
{
    int added = 0;
    int updated = 0;
    int unchanged = 0;
};

// An import owns only what AWS says: engine, host, port, region and the resource ID. What the user
// chose (name, folder, user, database, credentials, notes) survives every re-import.
class ProfileImport final
{
public:
    // The folder a new profile of `endpoint` goes to.
    static QString defaultFolder(const DiscoveredEndpoint &endpoint);
    // The profile an earlier import made for `endpoint`: the same resource ID and host, or for an
    // instance (one endpoint per resource) the same resource ID; -1 when none.
    static int match(const DiscoveredEndpoint &endpoint, const QList<profiles::ConnectionProfile> &existing);
    // One change per connectable endpoint (others are skipped), in the endpoints' order; new names
    // are made unique against `existing` and each other.
    static QList<ImportChange> plan(const QList<DiscoveredEndpoint> &endpoints,
                                    const QList<profiles::ConnectionProfile> &existing,
                                    const ImportOptions &options);
    // Saves the adds and updates through the service, one after the other; stops at the first
    // failure.
    static QFuture<Result<ImportSummary>> apply(profiles::ProfileService &service,
                                                const QList<ImportChange> &changes);
    // Sets the fields an import owns from what AWS answered.
    static void takeAwsFields(profiles::ConnectionProfile &profile, const DiscoveredEndpoint &endpoint);
};

} // namespace signet::discovery
