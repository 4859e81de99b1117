// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileService: the one owner of a saved profile together with its secrets: the only caller of the
// keychain, the credentials and signer of a profile, its CA file and targets.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/CredentialChain.h"
#include "aws/CredentialChainOptions.h"
#include "aws/ResolvedCredentials.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "launch/LaunchTarget.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeTarget.h"
#include "profiles/ConnectionProfile.h"
#include "profiles/StaticKeys.h"
#include "tls/CaBundleStore.h"

#include <QFuture>
#include <QObject>
#include <QProcessEnvironment>
#include <QUuid>

#include <functional>
#include <optional>

namespace signet::profiles {

class ProfileStore;
class SecretStore;

// What remove() took away (the profile, where it stood, its keys), so that restore() can put it
// all back: the undo of a delete. The keys are wiped with this value.
struct RemovedProfile final
{
    ConnectionProfile profile;
    int index = -1;
    std::optional<StaticKeys> keys;
};

// Every operation returns at once; the future finishes on this object's thread (the GUI watches it
// with QFuture::then(context, …)); the CLI waits with wait(), which has a timeout. A profile that
// signs with static keys has them in the keychain under its id; they reach the signer as a
// SecretString inside a fixed CredentialChain, never through an environment or a QString.
class ProfileService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileService)

public:
    static constexpr int DefaultTimeoutMs = 10'000;

    ProfileService(ProfileStore &store, SecretStore &secrets, QObject *parent = nullptr);
    ~ProfileService() override;

    ProfileStore &store() const { return m_store; }
    // Where secrets are kept, for the status bar: "system keychain", "memory (this session only)".
    QString keychainName() const;
    // True once the keychain could not be used and secrets live in this process only.
    bool secretsInMemoryOnly() const { return m_memoryOnly; }
    // For the CLI: a key pair that could only be kept in memory is an error (the process is about
    // to exit), and the profile is not saved.
    void setRequirePersistentSecrets(bool require) { m_requirePersistent = require; }
    // The environment the credential chains read (AWS_* variables, config files); by default the
    // process's, as it is at each call.
    void setEnvironment(QProcessEnvironment environment) { m_environment = std::move(environment); }
    void setCaBundleStore(tls::CaBundleStore store) { m_caStore = std::move(store); }

    // ---- credentials and signing ----
    // The chain a profile signs with: its AWS profile through the whole chain (`options` carries the
    // clock and the MFA prompt); Environment sees only the AWS_* key variables; StaticKeys holds the
    // keychain's keys and nothing else (provider "keychain").
    QFuture<Result<aws::CredentialChain>> credentialChain(const ConnectionProfile &profile,
                                                          aws::CredentialChainOptions options = {}) const;
    // The credentials the chain finds, checked against the profile's source.
    QFuture<Result<aws::ResolvedCredentials>> credentials(const ConnectionProfile &profile,
                                                          aws::CredentialChainOptions options = {}) const;
    // The signer a DbSession (and the check's login) uses.
    QFuture<Result<db::DbTokenSigner>> tokenSigner(const ConnectionProfile &profile,
                                                   const Clock &clock = Clock::system()) const;
    // The check's credentials step for this profile: what credentials() finds, named by its source
    // (static keys from the keychain, environment keys, an AWS profile); a missing secret fails
    // that step only, after the network steps ran. The service must outlive the check.
    probe::CredentialsFunction probeCredentials(const ConnectionProfile &profile) const;
    // The access key id stored for a profile (never the secret); "secrets.not-found" when none.
    QFuture<Result<QString>> storedAccessKeyId(const QUuid &profileId) const;

    // ---- changes (each one a locked change of the profile file) ----
    // Adds the profile (at `index`, -1 appends) when the store has no profile with its id, else
    // updates it. Keys given are written to the keychain first: a keychain that refuses them is the
    // answer, and the profile is not saved. A new StaticKeys profile needs keys. A profile that no
    // longer signs with static keys has its stored keys removed.
    QFuture<Status> save(const ConnectionProfile &profile, std::optional<StaticKeys> keys = std::nullopt,
                         int index = -1);
    // Applies `edit` to the profile as the profile file holds it now (only what the user changed
    // changes), after writing `keys` when given. Answers the saved profile.
    QFuture<Result<ConnectionProfile>> modify(const QUuid &id,
                                              std::function<Status(ConnectionProfile &)> edit,
                                              std::optional<StaticKeys> keys = std::nullopt);
    // A copy named `name` (default "<name> copy", made unique) right after the original, with a copy
    // of its keys. Answers the copy.
    QFuture<Result<ConnectionProfile>> duplicate(const QUuid &id, const QString &name = {});
    // Removes the profile's keys from the keychain, then the profile. Answers what was removed.
    QFuture<Result<RemovedProfile>> remove(const QUuid &id);
    // Puts a removed profile back where it was, with its keys.
    QFuture<Status> restore(const RemovedProfile &removed);

    // ---- CA file and targets (the profile's CA setting through the CA bundle store) ----
    Result<QString> caFile(const ConnectionProfile &profile) const;
    Result<db::DbTarget> dbTarget(const ConnectionProfile &profile) const;
    Result<probe::ProbeTarget> probeTarget(const ConnectionProfile &profile) const;
    Result<launch::LaunchTarget> launchTarget(const ConnectionProfile &profile) const;

    // For the CLI and tests, never the GUI: runs a local event loop until the future finishes or
    // `timeoutMs` passes ("profiles.timeout", naming the keychain).
    template<typename T> static Result<T> wait(QFuture<Result<T>> future, int timeoutMs = DefaultTimeoutMs)
    {
        return aws::waitForResult(std::move(future), timeoutMs, timeoutError(timeoutMs));
    }

Q_SIGNALS:
    // The keychain could not be used; secrets are kept in memory until Signet quits. Emitted once.
    void keychainFellBack(const signet::Error &reason);
    // The keys stored for a profile were written or removed.
    void keysChanged(const QUuid &profileId);

private:
    using KeysCallback = std::function<void(Result<std::optional<StaticKeys>>)>;
    static Error timeoutError(int timeoutMs);
    static QString keyOf(const QUuid &profileId);
    // The stored keys; nullopt when none are stored.
    void readKeys(const QUuid &profileId, KeysCallback done) const;
    void writeKeys(const QUuid &profileId, const StaticKeys &keys, aws::ResultCallback<Unit> done);
    void removeKeys(const QUuid &profileId, aws::ResultCallback<Unit> done);
    void saveProfile(const ConnectionProfile &profile, std::optional<StaticKeys> keys, int index,
                     bool keysRequired, aws::ResultCallback<Unit> done);
    QProcessEnvironment environment() const;
    QProcessEnvironment onlyEnvironmentKeys() const;

    ProfileStore &m_store;
    SecretStore &m_secrets;
    std::optional<QProcessEnvironment> m_environment;
    tls::CaBundleStore m_caStore;
    bool m_memoryOnly = false;
    bool m_requirePersistent = false;
};

} // namespace signet::profiles
