// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileService: profile → credentials/signer/targets, and every change that involves the keychain.
#include "profiles/ProfileService.h"

#include "profiles/ProfileSigner.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTargets.h"
#include "profiles/SecretStore.h"

#include <memory>

namespace signet::profiles {

using aws::futureFromCallback;
using aws::ResultCallback;

namespace {

bool isNotFound(const Error &error)
{
    return error.code == u"secrets.not-found";
}

} // namespace

ProfileService::ProfileService(ProfileStore &store, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
{
    connect(&m_secrets, &SecretStore::fellBackToMemory, this, [this](const Error &reason) {
        m_memoryOnly = true;
        Q_EMIT keychainFellBack(reason);
    });
}

ProfileService::~ProfileService() = default;

QString ProfileService::keychainName() const
{
    return m_secrets.backendName();
}

Error ProfileService::timeoutError(int timeoutMs)
{
    return makeError(
        QStringLiteral("profiles.timeout"),
        QStringLiteral("the keychain or the credential lookup did not answer within %1 s")
            .arg(timeoutMs / 1000.0),
        QStringLiteral("Unlock your keyring (e.g. log in to the desktop session) and try again."));
}

QString ProfileService::keyOf(const QUuid &profileId)
{
    return SecretStore::keyFor(profileId, SecretStore::staticKeysPurpose());
}

// ---- secrets ----

void ProfileService::readKeys(const QUuid &profileId, KeysCallback done) const
{
    auto *self = const_cast<ProfileService *>(this);
    m_secrets.read(keyOf(profileId), self, [done = std::move(done)](const Result<SecretString> &stored) {
        if (!stored) {
            if (isNotFound(stored.error()))
                return done(std::optional<StaticKeys>());
            return done(stored.error());
        }
        auto keys = StaticKeys::decode(*stored);
        if (!keys)
            return done(keys.error());
        done(std::optional<StaticKeys>(std::move(keys).value()));
    });
}

void ProfileService::writeKeys(const QUuid &profileId, const StaticKeys &keys, ResultCallback<Unit> done)
{
    if (!keys.isComplete())
        return done(makeError(QStringLiteral("credentials.bad-static-keys"),
                              tr("both the access key id and the secret access key are needed"),
                              tr("Enter both keys.")));
    m_secrets.write(
        keyOf(profileId), keys.encode(), this,
        [this, profileId, done = std::move(done)](const Status &written) {
            // Kept in this process only: fine for the GUI (it says so), useless for a CLI that exits.
            if (written && m_requirePersistent && m_memoryOnly)
                return done(makeError(QStringLiteral("secrets.no-keychain"),
                                      tr("no keychain is available, so the keys could not be kept"),
                                      tr("Start a Secret Service (GNOME Keyring, KWallet) and try again.")));
            if (written)
                Q_EMIT keysChanged(profileId);
            done(written);
        });
}

void ProfileService::removeKeys(const QUuid &profileId, ResultCallback<Unit> done)
{
    m_secrets.remove(keyOf(profileId), this,
                     [this, profileId, done = std::move(done)](const Status &removed) {
                         if (removed)
                             Q_EMIT keysChanged(profileId);
                         done(removed);
                     });
}

QFuture<Result<QString>> ProfileService::storedAccessKeyId(const QUuid &profileId) const
{
    return futureFromCallback<QString>([this, profileId](ResultCallback<QString> done) {
        readKeys(profileId, [done](Result<std::optional<StaticKeys>> keys) {
            if (!keys)
                return done(keys.error());
            if (!keys->has_value())
                return done(makeError(QStringLiteral("secrets.not-found"),
                                      tr("no secret is stored for this profile"),
                                      tr("Enter it again in the profile's credentials.")));
            done((*keys)->accessKeyId);
        });
    });
}

// ---- credentials and signing ----

QProcessEnvironment ProfileService::environment() const
{
    return m_environment ? *m_environment : QProcessEnvironment::systemEnvironment();
}

QProcessEnvironment ProfileService::onlyEnvironmentKeys() const
{
    const QProcessEnvironment system = environment();
    // Only those keys may sign, never whatever profile the AWS config files would fall back to.
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                             "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION"}) {
        const QString key = QString::fromLatin1(name);
        if (system.contains(key))
            env.insert(key, system.value(key));
    }
    return env;
}

QFuture<Result<aws::CredentialChain>>
ProfileService::credentialChain(const ConnectionProfile &profile, aws::CredentialChainOptions options) const
{
    switch (profile.credentialSource) {
    case CredentialSource::AwsProfile:
        return QtFuture::makeReadyFuture(
            Result<aws::CredentialChain>(aws::CredentialChain(environment(), options)));
    case CredentialSource::Environment:
        return QtFuture::makeReadyFuture(
            Result<aws::CredentialChain>(aws::CredentialChain(onlyEnvironmentKeys(), options)));
    case CredentialSource::StaticKeys:
        break;
    }
    return futureFromCallback<aws::CredentialChain>([this,
                                                     profile](ResultCallback<aws::CredentialChain> done) {
        readKeys(profile.id, [done, profile](Result<std::optional<StaticKeys>> keys) {
            if (!keys)
                return done(keys.error());
            if (!keys->has_value())
                return done(
                    makeError(QStringLiteral("secrets.not-found"),
                              tr("no secret is stored for profile \"%1\"").arg(profile.name),
                              tr("Enter the access key id and secret again in the profile's credentials.")));
            aws::ResolvedCredentials resolved;
            resolved.credentials = (*keys)->toCredentials();
            resolved.provider = QStringLiteral("keychain");
            done(aws::CredentialChain::fixed(std::move(resolved)));
        });
    });
}

QFuture<Result<aws::ResolvedCredentials>>
ProfileService::credentials(const ConnectionProfile &profile, aws::CredentialChainOptions options) const
{
    auto chainFuture = credentialChain(profile, std::move(options));
    return futureFromCallback<aws::ResolvedCredentials>(
        [this, chainFuture, profile](ResultCallback<aws::ResolvedCredentials> done) mutable {
            auto withChain = [done, profile](const Result<aws::CredentialChain> &chain) {
                if (!chain)
                    return done(chain.error());
                // The chain object must outlive its asynchronous resolve.
                auto kept = std::make_shared<aws::CredentialChain>(*chain);
                kept->resolve(ProfileSigner::chainProfile(profile),
                              [done, profile, kept](Result<aws::ResolvedCredentials> resolved) {
                                  done(ProfileSigner::acceptResolved(profile, std::move(resolved)));
                              });
            };
            if (chainFuture.isFinished())
                return withChain(chainFuture.result());
            chainFuture.then(const_cast<ProfileService *>(this), withChain);
        });
}

QFuture<Result<db::DbTokenSigner>> ProfileService::tokenSigner(const ConnectionProfile &profile,
                                                               const Clock &clock) const
{
    auto chainFuture = credentialChain(profile);
    return futureFromCallback<db::DbTokenSigner>(
        [this, chainFuture, &clock](ResultCallback<db::DbTokenSigner> done) mutable {
            auto withChain = [done, &clock](const Result<aws::CredentialChain> &chain) {
                if (!chain)
                    return done(chain.error());
                done(db::DbTokenSigner(*chain, clock));
            };
            if (chainFuture.isFinished())
                return withChain(chainFuture.result());
            chainFuture.then(const_cast<ProfileService *>(this), withChain);
        });
}

probe::CredentialsFunction ProfileService::probeCredentials(const ConnectionProfile &profile) const
{
    return [this, profile](const probe::ProbeTarget &, ResultCallback<aws::ResolvedCredentials> done) {
        auto future = credentials(profile);
        if (future.isFinished())
            return done(future.result());
        future.then(const_cast<ProfileService *>(this),
                    [done](const Result<aws::ResolvedCredentials> &resolved) { done(resolved); });
    };
}

// ---- changes ----

void ProfileService::saveProfile(const ConnectionProfile &profile, std::optional<StaticKeys> keys, int index,
                                 bool keysRequired, ResultCallback<Unit> done)
{
    if (auto valid = profile.check(); !valid)
        return done(valid.error());
    const auto previous = m_store.byId(profile.id);
    const bool exists = previous.has_value();
    auto commit = [this, profile, index, exists](bool wroteKeys, ResultCallback<Unit> finish) {
        const Status saved = exists ? m_store.update(profile) : m_store.add(profile, index);
        if (!saved && wroteKeys && !exists)
            removeKeys(profile.id, [](Status) {}); // no orphan secret for a profile that was not added
        finish(saved);
    };
    if (profile.credentialSource != CredentialSource::StaticKeys) {
        if (!previous || previous->credentialSource != CredentialSource::StaticKeys)
            return commit(false, done);
        // Keys of a source no longer in use leave the keychain once the profile is saved.
        return commit(false, [this, profile, done](Status saved) {
            if (!saved)
                return done(saved);
            removeKeys(profile.id, [done](Status removed) { done(removed); });
        });
    }
    if (!keys || (keys->accessKeyId.isEmpty() && keys->secretAccessKey.isEmpty())) {
        if (keysRequired && !exists)
            return done(
                makeError(QStringLiteral("credentials.no-static-keys"),
                          tr("profile \"%1\" signs with static keys, but none were given").arg(profile.name),
                          tr("Enter the access key id and the secret access key.")));
        return commit(false, done);
    }
    writeKeys(profile.id, *keys, [commit, done](Status written) {
        if (!written)
            return done(written.error());
        commit(true, done);
    });
}

QFuture<Status> ProfileService::save(const ConnectionProfile &profile, std::optional<StaticKeys> keys,
                                     int index)
{
    return futureFromCallback<Unit>(
        [this, profile, keys = std::move(keys), index](ResultCallback<Unit> done) {
            saveProfile(profile, keys, index, true, std::move(done));
        });
}

QFuture<Result<ConnectionProfile>> ProfileService::modify(const QUuid &id,
                                                          std::function<Status(ConnectionProfile &)> edit,
                                                          std::optional<StaticKeys> keys)
{
    return futureFromCallback<ConnectionProfile>(
        [this, id, edit = std::move(edit), keys = std::move(keys)](ResultCallback<ConnectionProfile> done) {
            auto apply = [this, id, edit, done] {
                const auto before = m_store.byId(id);
                const bool hadKeys = before && before->credentialSource == CredentialSource::StaticKeys;
                auto saved = m_store.modify(id, edit);
                if (!saved)
                    return done(saved.error());
                if (!hadKeys || saved->credentialSource == CredentialSource::StaticKeys)
                    return done(*saved);
                removeKeys(id, [done, profile = *saved](Status removed) {
                    if (!removed)
                        return done(removed.error());
                    done(profile);
                });
            };
            if (!keys)
                return apply();
            writeKeys(id, *keys, [apply, done](Status written) {
                if (!written)
                    return done(written.error());
                apply();
            });
        });
}

QFuture<Result<ConnectionProfile>> ProfileService::duplicate(const QUuid &id, const QString &name)
{
    return futureFromCallback<ConnectionProfile>([this, id, name](ResultCallback<ConnectionProfile> done) {
        const auto original = m_store.byId(id);
        if (!original)
            return done(makeError(QStringLiteral("profiles.not-found"),
                                  tr("no profile with id %1").arg(id.toString()),
                                  tr("It was removed, perhaps by another Signet.")));
        ConnectionProfile copy = *original;
        copy.id = QUuid::createUuid();
        copy.name = m_store.uniqueName(name.isEmpty() ? tr("%1 copy").arg(original->name) : name);
        const int index = m_store.indexOf(id) + 1;
        auto add = [this, copy, index, done](std::optional<StaticKeys> keys) {
            saveProfile(copy, std::move(keys), index, false, [copy, done](Status saved) {
                if (!saved)
                    return done(saved.error());
                done(copy);
            });
        };
        if (copy.credentialSource != CredentialSource::StaticKeys)
            return add(std::nullopt);
        readKeys(id, [add, done](Result<std::optional<StaticKeys>> keys) {
            if (!keys)
                return done(keys.error());
            add(std::move(keys).value());
        });
    });
}

QFuture<Result<RemovedProfile>> ProfileService::remove(const QUuid &id)
{
    return futureFromCallback<RemovedProfile>([this, id](ResultCallback<RemovedProfile> done) {
        const auto profile = m_store.byId(id);
        if (!profile)
            return done(makeError(QStringLiteral("profiles.not-found"),
                                  tr("no profile with id %1").arg(id.toString()),
                                  tr("It was removed, perhaps by another Signet.")));
        auto removed = std::make_shared<RemovedProfile>();
        removed->profile = *profile;
        removed->index = m_store.indexOf(id);
        auto removeProfile = [this, removed, done] {
            if (auto gone = m_store.remove(removed->profile.id); !gone) {
                if (removed->keys) // put the keys back: the profile is still there
                    writeKeys(removed->profile.id, *removed->keys, [](Status) {});
                return done(gone.error());
            }
            done(*removed);
        };
        if (profile->credentialSource != CredentialSource::StaticKeys)
            return removeProfile();
        readKeys(id, [this, id, removed, removeProfile, done](Result<std::optional<StaticKeys>> keys) {
            // Keys that cannot be read (a damaged entry) are removed all the same; a locked
            // keychain fails the removal below.
            if (keys)
                removed->keys = std::move(keys).value();
            removeKeys(id, [removeProfile, done](Status gone) {
                if (!gone)
                    return done(gone.error());
                removeProfile();
            });
        });
    });
}

QFuture<Status> ProfileService::restore(const RemovedProfile &removed)
{
    return futureFromCallback<Unit>([this, removed](ResultCallback<Unit> done) {
        saveProfile(removed.profile, removed.keys, removed.index, false, std::move(done));
    });
}

// ---- CA file and targets ----

Result<QString> ProfileService::caFile(const ConnectionProfile &profile) const
{
    return ProfileTargets::caFile(profile, m_caStore);
}

Result<db::DbTarget> ProfileService::dbTarget(const ConnectionProfile &profile) const
{
    return ProfileTargets::toDbTarget(profile, m_caStore);
}

Result<probe::ProbeTarget> ProfileService::probeTarget(const ConnectionProfile &profile) const
{
    return ProfileTargets::toProbeTarget(profile, m_caStore);
}

Result<launch::LaunchTarget> ProfileService::launchTarget(const ConnectionProfile &profile) const
{
    return ProfileTargets::toLaunchTarget(profile, m_caStore);
}

} // namespace signet::profiles
