// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileStore: the saved connection profiles, as versioned JSON in the app config directory.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "profiles/ConnectionProfile.h"

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class QLockFile;

namespace signet::profiles {

// Keeps the list in memory and never loses a write, whoever else writes the file (other Signet
// windows, any number of `signet profiles` commands): every change takes an exclusive lock beside
// the file ("profiles.json.lock", QLockFile), reads the file again, applies just that change to what
// it read, writes it atomically (QSaveFile) and releases the lock. A lock held for more than
// LockTimeoutMs fails the change with "profiles.locked"; the lock of a process that died is taken
// over. With watching on, changes made by others are merged into the list as they land (per-profile
// signals), so views keep their rows and the user's unsaved edit. A file that does not parse is
// moved aside to "profiles.json.corrupt-<timestamp>" and reported, never overwritten; one from a
// newer Signet is left alone and the store becomes read-only. Secrets are never part of this file.
class ProfileStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileStore)

public:
    static constexpr int CurrentVersion = 1;
    static constexpr int LockTimeoutMs = 5000;

    // `filePath` empty means defaultPath().
    explicit ProfileStore(const QString &filePath = {}, const Clock &clock = Clock::system(),
                          QObject *parent = nullptr);
    ~ProfileStore() override;

    // $XDG_CONFIG_HOME/signet/profiles.json (under QStandardPaths::GenericConfigLocation).
    static QString defaultPath();
    QString filePath() const { return m_path; }

    // Reads the file; a missing file is an empty list. Errors: "profiles.corrupt" (moved aside, the
    // message names the backup), "profiles.newer-version", "profiles.unreadable".
    Status load();
    // Watches the file for changes by others (off by default, so the CLI does not pay for it).
    void setWatching(bool watching);
    bool isReadOnly() const { return m_readOnly; }

    const QList<ConnectionProfile> &profiles() const { return m_profiles; }
    std::optional<ConnectionProfile> byId(const QUuid &id) const;
    // By id (with or without braces), exact name, or a case-insensitive name that is unique.
    Result<ConnectionProfile> find(const QString &nameOrId) const;
    // The folders in use, sorted, without the empty one.
    QStringList folders() const;
    // A name not taken yet: `base`, else "base (2)", "base (3)" …
    QString uniqueName(const QString &base) const;
    // The same among `profiles` (an import names many profiles before saving them).
    static QString uniqueNameIn(const QList<ConnectionProfile> &profiles, const QString &base);

    // Each change is saved at once, under the lock, on top of what the file holds now. `index` -1
    // appends. Names must be unique (case-insensitive).
    Status add(const ConnectionProfile &profile, int index = -1);
    // Replaces the profile with that id as a whole.
    Status update(const ConnectionProfile &profile);
    // Applies `edit` to the profile as the file holds it now (`signet profiles edit`: only the
    // options given change); the edited profile must still be valid. Answers the saved profile.
    Result<ConnectionProfile> modify(const QUuid &id, const std::function<Status(ConnectionProfile &)> &edit);
    Status remove(const QUuid &id);
    int indexOf(const QUuid &id) const;
    // How long a change waits for another writer's lock (tests shorten it).
    void setLockTimeout(int milliseconds) { m_lockTimeoutMs = milliseconds; }

    // Profiles as the exported JSON document (all when `ids` is empty); never secrets.
    QByteArray exportJson(const QList<QUuid> &ids = {}) const;
    // Adds the profiles of an exported document (or a profiles.json of any known version). Clashing
    // ids get fresh ones and clashing names a suffix. Returns the profiles added.
    Result<QList<ConnectionProfile>> importJson(const QByteArray &json);

    // Parses any known version of the document, migrating it to the current form.
    static Result<QList<ConnectionProfile>> parseDocument(const QByteArray &json);
    static QByteArray serialize(const QList<ConnectionProfile> &profiles);

Q_SIGNALS:
    // One profile appeared, changed or is about to go (by this store or merged from the file); each
    // change ends with profilesChanged() once the list holds it.
    void profileAdded(const QUuid &id);
    void profileChanged(const QUuid &id);
    void aboutToRemove(const QUuid &id);
    // The list changed: by this store, or by a reload.
    void profilesChanged();
    // The file was changed by someone else and has been read again.
    void reloadedFromDisk();
    // Loading or saving failed; the message says what happened to the file.
    void storeFailed(const signet::Error &error);

private:
    using Change = std::function<Status(QList<ConnectionProfile> &profiles)>;
    // Lock, re-read, apply `change` to the list read, write atomically, release; then the list read
    // (with the change when it succeeded) becomes this store's list.
    Status applyChange(const Change &change);
    // Takes the lock within the timeout (a dead holder's lock is taken over).
    Status lock(QLockFile &lockFile) const;
    // The file's profiles and bytes as they are now (a missing file is an empty list).
    Result<std::pair<QList<ConnectionProfile>, QByteArray>> readCurrent() const;
    Status write(const QByteArray &bytes);
    // Makes `profiles` the list, telling views which profiles came, changed and went.
    void adopt(QList<ConnectionProfile> profiles, const QByteArray &bytes);
    Status checkWritable() const;
    static Status checkName(const QList<ConnectionProfile> &profiles, const ConnectionProfile &profile);
    static int indexIn(const QList<ConnectionProfile> &profiles, const QUuid &id);
    void watchFile();
    void onFileEvent();
    void reloadIfChanged();

    QString m_path;
    const Clock &m_clock;
    QList<ConnectionProfile> m_profiles;
    QByteArray m_lastBytes; // what the file held when we last read or wrote it
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_reloadDelay;
    bool m_readOnly = false;
    int m_lockTimeoutMs = LockTimeoutMs;
};

} // namespace signet::profiles
