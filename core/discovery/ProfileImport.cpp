// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileImport: matching discovered endpoints to profiles, and saving the changes one at a time.
#include "discovery/ProfileImport.h"

#include "aws/AsyncResult.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"

#include <QPromise>
#include <QSet>

#include <memory>

namespace signet::discovery {

using profiles::ConnectionProfile;

QString ProfileImport::defaultFolder(const DiscoveredEndpoint &endpoint)
{
    return endpoint.account.isEmpty() ? QStringLiteral("AWS %1").arg(endpoint.region)
                                      : QStringLiteral("AWS %1 %2").arg(endpoint.account, endpoint.region);
}

int ProfileImport::match(const DiscoveredEndpoint &endpoint, const QList<ConnectionProfile> &existing)
{
    if (endpoint.resourceId.isEmpty())
        return -1;
    for (int i = 0; i < existing.size(); ++i) {
        const ConnectionProfile &profile = existing.at(i);
        if (profile.awsResourceId == endpoint.resourceId &&
            profile.host.compare(endpoint.host, Qt::CaseInsensitive) == 0)
            return i;
    }
    if (endpoint.kind != EndpointKind::Instance)
        return -1;
    for (int i = 0; i < existing.size(); ++i) {
        if (existing.at(i).awsResourceId == endpoint.resourceId)
            return i;
    }
    return -1;
}

void ProfileImport::takeAwsFields(ConnectionProfile &profile, const DiscoveredEndpoint &endpoint)
{
    profile.engine = *endpoint.engine;
    profile.host = endpoint.host;
    profile.port = endpoint.port;
    profile.region = endpoint.region;
    profile.awsResourceId = endpoint.resourceId;
}

QList<ImportChange> ProfileImport::plan(const QList<DiscoveredEndpoint> &endpoints,
                                        const QList<ConnectionProfile> &existing,
                                        const ImportOptions &options)
{
    QList<ImportChange> changes;
    QList<ConnectionProfile> names = existing;
    QSet<QUuid> matched;
    for (const DiscoveredEndpoint &endpoint : endpoints) {
        if (!endpoint.isConnectable())
            continue;
        ImportChange change;
        change.endpoint = endpoint;
        const int index = match(endpoint, existing);
        if (index >= 0 && !matched.contains(existing.at(index).id)) {
            matched.insert(existing.at(index).id);
            change.profile = existing.at(index);
            takeAwsFields(change.profile, endpoint);
            change.action = change.profile == existing.at(index) ? ImportChange::Action::Unchanged
                                                                 : ImportChange::Action::Update;
            changes.append(change);
            continue;
        }
        ConnectionProfile profile = ConnectionProfile::create(
            profiles::ProfileStore::uniqueNameIn(names, endpoint.name), *endpoint.engine);
        takeAwsFields(profile, endpoint);
        profile.folder = options.folder.isEmpty() ? defaultFolder(endpoint) : options.folder;
        profile.dbUser = !options.dbUser.isEmpty()            ? options.dbUser
                         : !endpoint.masterUsername.isEmpty() ? endpoint.masterUsername
                                                              : QStringLiteral("iam_user");
        profile.credentialSource = profiles::CredentialSource::AwsProfile;
        profile.awsProfile = options.awsProfile;
        names.append(profile);
        change.action = ImportChange::Action::Add;
        change.profile = profile;
        changes.append(change);
    }
    return changes;
}

namespace {

struct ApplyRun
{
    profiles::ProfileService *service = nullptr;
    QList<ImportChange> changes;
    int next = 0;
    ImportSummary summary;
    QPromise<Result<ImportSummary>> promise;

    void finish(Result<ImportSummary> result)
    {
        promise.addResult(std::move(result));
        promise.finish();
    }
};

void step(const std::shared_ptr<ApplyRun> &run)
{
    while (run->next < run->changes.size() &&
           run->changes.at(run->next).action == ImportChange::Action::Unchanged) {
        ++run->summary.unchanged;
        ++run->next;
    }
    if (run->next >= run->changes.size()) {
        run->finish(run->summary);
        return;
    }
    const ImportChange &change = run->changes.at(run->next++);
    auto done = [run](Status status, bool added) {
        if (!status) {
            run->finish(status.error());
            return;
        }
        ++(added ? run->summary.added : run->summary.updated);
        step(run);
    };
    if (change.action == ImportChange::Action::Add) {
        run->service->save(change.profile).then(run->service, [done](Status status) {
            done(std::move(status), true);
        });
        return;
    }
    const DiscoveredEndpoint endpoint = change.endpoint;
    run->service
        ->modify(change.profile.id,
                 [endpoint](ConnectionProfile &profile) -> Status {
                     // On top of the profile as the file holds it now: the user's edits stay.
                     ProfileImport::takeAwsFields(profile, endpoint);
                     return Unit{};
                 })
        .then(run->service, [done](Result<ConnectionProfile> saved) {
            done(saved ? Status(Unit{}) : Status(saved.error()), false);
        });
}

} // namespace

QFuture<Result<ImportSummary>> ProfileImport::apply(profiles::ProfileService &service,
                                                    const QList<ImportChange> &changes)
{
    auto run = std::make_shared<ApplyRun>();
    run->service = &service;
    run->changes = changes;
    run->promise.start();
    QFuture<Result<ImportSummary>> future = run->promise.future();
    step(run);
    return future;
}

} // namespace signet::discovery
