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

#include <optional>

namespace signet::profiles {

// Keeps the list in memory, writes it atomically (QSaveFile) after every change and reloads it when
// another Signet instance or the CLI changes the file. A file that does not parse is moved aside to
// "profiles.json.corrupt-<timestamp>" and reported, never overwritten; one from a newer Signet is
// left alone and the store becomes read-only. Secrets are never part of a profile or this file.
class ProfileStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileStore)

public:
    static constexpr int CurrentVersion = 1;

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

    // Each change is saved at once. `index` -1 appends. Names must be unique (case-insensitive).
    Status add(const ConnectionProfile &profile, int index = -1);
    Status update(const ConnectionProfile &profile);
    Status remove(const QUuid &id);
    int indexOf(const QUuid &id) const;

    // Profiles as the exported JSON document (all when `ids` is empty); never secrets.
    QByteArray exportJson(const QList<QUuid> &ids = {}) const;
    // Adds the profiles of an exported document (or a profiles.json of any known version). Clashing
    // ids get fresh ones and clashing names a suffix. Returns the profiles added.
    Result<QList<ConnectionProfile>> importJson(const QByteArray &json);

    // Parses any known version of the document, migrating it to the current form.
    static Result<QList<ConnectionProfile>> parseDocument(const QByteArray &json);
    static QByteArray serialize(const QList<ConnectionProfile> &profiles);

Q_SIGNALS:
    // The list changed: by this store, or by a reload.
    void profilesChanged();
    // The file was changed by someone else and has been read again.
    void reloadedFromDisk();
    // Loading or saving failed; the message says what happened to the file.
    void storeFailed(const signet::Error &error);

private:
    Status save();
    Status checkWritable() const;
    Status checkName(const ConnectionProfile &profile) const;
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
};

} // namespace signet::profiles
