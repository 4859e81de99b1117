// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileStore: load, migrate, save atomically, move corrupt files aside, follow external changes.
#include "profiles/ProfileStore.h"

#include "profiles/ProfileMigration.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QThread>

#include <chrono>

namespace signet::profiles {

ProfileStore::ProfileStore(const QString &filePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(filePath.isEmpty() ? defaultPath() : filePath)
    , m_clock(clock)
{
    // Editors and QSaveFile replace the file in several steps; read once they are done.
    m_reloadDelay.setSingleShot(true);
    m_reloadDelay.setInterval(150);
    connect(&m_reloadDelay, &QTimer::timeout, this, &ProfileStore::reloadIfChanged);
}

ProfileStore::~ProfileStore() = default;

QString ProfileStore::defaultPath()
{
    // AppConfigLocation would add the organisation as well (…/signet/signet); Signet's config folder
    // is $XDG_CONFIG_HOME/signet, shared with QSettings' signet.conf.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("signet/profiles.json"));
}

Result<QList<ConnectionProfile>> ProfileStore::parseDocument(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(QStringLiteral("profiles.corrupt"),
                         QStringLiteral("not valid JSON at offset %1 (%2)")
                             .arg(parseError.offset)
                             .arg(parseError.errorString()),
                         {});
    const auto migrated = ProfileMigration::toVersion(document, CurrentVersion);
    if (!migrated)
        return migrated.error();
    QList<ConnectionProfile> profiles;
    const QJsonArray array = migrated->value(QStringLiteral("profiles")).toArray();
    profiles.reserve(array.size());
    QSet<QUuid> ids;
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return makeError(QStringLiteral("profiles.corrupt"),
                             QStringLiteral("a profile entry is not an object"));
        auto profile = ConnectionProfile::fromJson(value.toObject());
        if (!profile)
            return makeError(QStringLiteral("profiles.corrupt"), profile.error().message,
                             profile.error().hint, profile.error().fix);
        if (ids.contains(profile->id))
            return makeError(QStringLiteral("profiles.corrupt"),
                             QStringLiteral("two profiles share the id %1").arg(profile->id.toString()));
        ids.insert(profile->id);
        profiles.append(std::move(profile).value());
    }
    return profiles;
}

QByteArray ProfileStore::serialize(const QList<ConnectionProfile> &profiles)
{
    QJsonArray array;
    for (const ConnectionProfile &profile : profiles)
        array.append(profile.toJson());
    const QJsonObject root{{QStringLiteral("version"), CurrentVersion}, {QStringLiteral("profiles"), array}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Status ProfileStore::load()
{
    QFile file(m_path);
    if (!file.exists()) {
        m_readOnly = false;
        adopt({}, {});
        return Unit{};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        Error error = makeError(QStringLiteral("profiles.unreadable"),
                                QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()),
                                QStringLiteral("Check the file's permissions."));
        m_readOnly = true;
        Q_EMIT storeFailed(error);
        return error;
    }
    const QByteArray bytes = file.readAll();
    file.close();

    auto parsed = parseDocument(bytes);
    if (parsed) {
        m_readOnly = false;
        adopt(std::move(parsed).value(), bytes);
        return Unit{};
    }
    Error error = parsed.error();
    if (error.code == u"profiles.newer-version") {
        m_readOnly = true;
        error.message = QStringLiteral("%1: %2").arg(m_path, error.message);
        adopt({}, bytes);
        Q_EMIT storeFailed(error);
        return error;
    }

    // Keep the user's bytes: move the file aside and start empty, never write over it.
    const QString backup = m_path + QStringLiteral(".corrupt-") +
                           m_clock.now().toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString backupPath = backup;
    for (int n = 2; QFile::exists(backupPath); ++n)
        backupPath = backup + QStringLiteral("-%1").arg(n);
    if (!QFile::rename(m_path, backupPath)) {
        m_readOnly = true;
        error = makeError(
            QStringLiteral("profiles.corrupt"),
            QStringLiteral("%1 is damaged (%2) and could not be moved aside").arg(m_path, error.message),
            QStringLiteral("Move or repair the file by hand; Signet will not overwrite it."));
    } else {
        m_readOnly = false;
        error = makeError(
            QStringLiteral("profiles.corrupt"),
            QStringLiteral("%1 was damaged (%2); it was moved to %3").arg(m_path, error.message, backupPath),
            QStringLiteral("Repair the copy and import it, or start afresh."));
    }
    adopt({}, {});
    Q_EMIT storeFailed(error);
    return error;
}

Status ProfileStore::checkWritable() const
{
    if (m_readOnly)
        return makeError(QStringLiteral("profiles.read-only"),
                         QStringLiteral("%1 cannot be changed by this Signet").arg(m_path),
                         QStringLiteral("Resolve the problem reported when loading it, then try again."));
    return Unit{};
}

Status ProfileStore::lock(QLockFile &lockFile) const
{
    // A change holds the lock for a few milliseconds; poll briefly (with jitter, so a crowd of
    // writers does not retry in step) rather than QLockFile's doubling sleeps, which can oversleep
    // a free lock by seconds. tryLock() takes over the lock of a process that no longer exists.
    // The time limit is for one holder: a crowd of writers that keeps passing the lock on is
    // progress and is waited for (up to a bound), a holder that keeps it LockTimeoutMs is not.
    lockFile.setStaleLockTime(30'000);
    const QString lockPath = m_path + QStringLiteral(".lock");
    QElapsedTimer total;
    total.start();
    QElapsedTimer sameHolder;
    sameHolder.start();
    qint64 holderPid = -1;
    while (!lockFile.tryLock(0)) {
        if (lockFile.error() != QLockFile::LockFailedError)
            return makeError(QStringLiteral("profiles.unwritable"),
                             QStringLiteral("cannot create the lock file %1").arg(lockPath),
                             QStringLiteral("Check the permissions of your config folder."));
        qint64 pid = 0;
        QString host;
        QString app;
        if (lockFile.getLockInfo(&pid, &host, &app)) {
            if (pid != holderPid) {
                holderPid = pid;
                sameHolder.restart();
            }
        } else if (QFileInfo(lockPath).lastModified().msecsTo(QDateTime::currentDateTime()) > 1000) {
            // A lock file without its holder's details: a writer killed between creating and
            // filling it in. A live holder keeps the file flock()ed, so this removal fails for it.
            if (lockFile.removeStaleLockFile())
                continue;
        }
        if (sameHolder.elapsed() >= m_lockTimeoutMs || total.elapsed() >= 12 * qint64(m_lockTimeoutMs)) {
            const QString holder = holderPid > 0
                                       ? QStringLiteral(" (held by %1, process %2)").arg(app).arg(holderPid)
                                       : QString();
            return makeError(
                QStringLiteral("profiles.locked"),
                QStringLiteral("another Signet is still changing %1%2; gave up after %3 s")
                    .arg(m_path, holder)
                    .arg(qMin(sameHolder.elapsed(), total.elapsed()) / 1000.0, 0, 'f', 1),
                QStringLiteral("Try again in a moment. If no other Signet is running, delete %1.")
                    .arg(lockPath));
        }
        QThread::msleep(2 + QRandomGenerator::global()->bounded(10));
    }
    return Unit{};
}

Result<std::pair<QList<ConnectionProfile>, QByteArray>> ProfileStore::readCurrent() const
{
    QFile file(m_path);
    if (!file.exists())
        return std::pair<QList<ConnectionProfile>, QByteArray>();
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("profiles.unreadable"),
                         QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()),
                         QStringLiteral("Check the file's permissions."));
    QByteArray bytes = file.readAll();
    auto parsed = parseDocument(bytes);
    if (!parsed) {
        Error error = parsed.error();
        error.message = QStringLiteral("%1 was changed outside Signet and cannot be read (%2); it was not "
                                       "changed")
                            .arg(m_path, error.message);
        if (error.hint.isEmpty())
            error.hint = QStringLiteral("Repair the file, or move it aside and start afresh.");
        return error;
    }
    return std::pair(std::move(parsed).value(), std::move(bytes));
}

Status ProfileStore::write(const QByteArray &bytes)
{
    // Called under the lock: a QSaveFile temporary ("profiles.json.XXXXXX") still here was left by a
    // writer killed inside its save; nobody else can be writing one now.
    const QFileInfo target(m_path);
    const QRegularExpression leftover(QStringLiteral("^") + QRegularExpression::escape(target.fileName()) +
                                      QStringLiteral("\\.[A-Za-z0-9]{6}$"));
    QDir dir = target.absoluteDir();
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden)) {
        if (leftover.match(name).hasMatch())
            dir.remove(name);
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(QStringLiteral("profiles.unwritable"),
                         QStringLiteral("cannot save %1: %2").arg(m_path, file.errorString()),
                         QStringLiteral("Check free space and the folder's permissions."));
    return Unit{};
}

Status ProfileStore::applyChange(const Change &change)
{
    if (auto writable = checkWritable(); !writable)
        return writable;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(QStringLiteral("profiles.unwritable"),
                         QStringLiteral("cannot create the folder %1").arg(info.absolutePath()),
                         QStringLiteral("Check the permissions of your config folder."));
    QLockFile lockFile(m_path + QStringLiteral(".lock"));
    if (auto locked = lock(lockFile); !locked) {
        Q_EMIT storeFailed(locked.error());
        return locked;
    }
    auto current = readCurrent();
    if (!current) {
        Q_EMIT storeFailed(current.error());
        return current.error();
    }
    auto [profiles, bytes] = std::move(current).value();
    // Unchanged since this store read or wrote it: keep its list (an older format's migration mints
    // ids anew on every read).
    if (!bytes.isEmpty() && bytes == m_lastBytes)
        profiles = m_profiles;
    QList<ConnectionProfile> changed = profiles;
    const Status applied = change(changed);
    if (applied) {
        const QByteArray written = serialize(changed);
        if (auto saved = write(written); !saved) {
            lockFile.unlock();
            Q_EMIT storeFailed(saved.error());
            adopt(std::move(profiles), bytes);
            return saved;
        }
        lockFile.unlock();
        adopt(std::move(changed), written);
    } else {
        lockFile.unlock();
        // What others wrote meanwhile is shown all the same.
        adopt(std::move(profiles), bytes);
    }
    // The rename replaced the inode, which drops an inotify watch on the file itself.
    if (m_watcher)
        watchFile();
    return applied;
}

void ProfileStore::adopt(QList<ConnectionProfile> profiles, const QByteArray &bytes)
{
    m_lastBytes = bytes;
    QSet<QUuid> kept;
    for (const ConnectionProfile &profile : profiles)
        kept.insert(profile.id);
    for (const ConnectionProfile &old : std::as_const(m_profiles)) {
        if (!kept.contains(old.id))
            Q_EMIT aboutToRemove(old.id);
    }
    const QList<ConnectionProfile> before = std::exchange(m_profiles, std::move(profiles));
    if (before == m_profiles)
        return; // e.g. a change that was refused, with nothing new from others
    for (const ConnectionProfile &profile : std::as_const(m_profiles)) {
        const int was = indexIn(before, profile.id);
        if (was < 0)
            Q_EMIT profileAdded(profile.id);
        else if (!(before.at(was) == profile))
            Q_EMIT profileChanged(profile.id);
    }
    Q_EMIT profilesChanged();
}

std::optional<ConnectionProfile> ProfileStore::byId(const QUuid &id) const
{
    const int index = indexOf(id);
    if (index < 0)
        return std::nullopt;
    return m_profiles.at(index);
}

int ProfileStore::indexOf(const QUuid &id) const
{
    return indexIn(m_profiles, id);
}

int ProfileStore::indexIn(const QList<ConnectionProfile> &profiles, const QUuid &id)
{
    for (int i = 0; i < profiles.size(); ++i) {
        if (profiles.at(i).id == id)
            return i;
    }
    return -1;
}

Result<ConnectionProfile> ProfileStore::find(const QString &nameOrId) const
{
    const QUuid id = QUuid::fromString(nameOrId.trimmed());
    if (!id.isNull()) {
        if (auto profile = byId(id))
            return *profile;
    }
    for (const ConnectionProfile &profile : m_profiles) {
        if (profile.name == nameOrId)
            return profile;
    }
    const ConnectionProfile *match = nullptr;
    for (const ConnectionProfile &profile : m_profiles) {
        if (profile.name.compare(nameOrId, Qt::CaseInsensitive) == 0) {
            if (match)
                return makeError(QStringLiteral("profiles.ambiguous"),
                                 QStringLiteral("more than one profile is called \"%1\"").arg(nameOrId),
                                 QStringLiteral("Use the exact name or the id."),
                                 Fix{Fix::Kind::ListProfiles, {}});
            match = &profile;
        }
    }
    if (match)
        return *match;
    return makeError(QStringLiteral("profiles.not-found"), QStringLiteral("no profile \"%1\"").arg(nameOrId),
                     QStringLiteral("Check the name."), Fix{Fix::Kind::ListProfiles, {}});
}

QStringList ProfileStore::folders() const
{
    QSet<QString> set;
    for (const ConnectionProfile &profile : m_profiles) {
        if (!profile.folder.isEmpty())
            set.insert(profile.folder);
    }
    QStringList list(set.begin(), set.end());
    list.sort(Qt::CaseInsensitive);
    return list;
}

QString ProfileStore::uniqueNameIn(const QList<ConnectionProfile> &profiles, const QString &base)
{
    auto taken = [&profiles](const QString &name) {
        for (const ConnectionProfile &profile : profiles) {
            if (profile.name.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return name;
}

QString ProfileStore::uniqueName(const QString &base) const
{
    return uniqueNameIn(m_profiles, base);
}

Status ProfileStore::checkName(const QList<ConnectionProfile> &profiles, const ConnectionProfile &profile)
{
    for (const ConnectionProfile &other : profiles) {
        if (other.id != profile.id && other.name.compare(profile.name, Qt::CaseInsensitive) == 0)
            return makeError(QStringLiteral("profiles.duplicate-name"),
                             QStringLiteral("a profile named \"%1\" already exists").arg(other.name),
                             QStringLiteral("Choose another name."));
    }
    return Unit{};
}

Status ProfileStore::add(const ConnectionProfile &profile, int index)
{
    return applyChange([&](QList<ConnectionProfile> &profiles) -> Status {
        if (profile.id.isNull() || indexIn(profiles, profile.id) >= 0)
            return makeError(QStringLiteral("profiles.duplicate-id"),
                             QStringLiteral("profile \"%1\" needs an id of its own").arg(profile.name));
        if (auto name = checkName(profiles, profile); !name)
            return name;
        profiles.insert(index < 0 || index > profiles.size() ? profiles.size() : index, profile);
        return Unit{};
    });
}

Status ProfileStore::update(const ConnectionProfile &profile)
{
    return applyChange([&](QList<ConnectionProfile> &profiles) -> Status {
        const int index = indexIn(profiles, profile.id);
        if (index < 0)
            return makeError(QStringLiteral("profiles.not-found"),
                             QStringLiteral("profile \"%1\" no longer exists").arg(profile.name),
                             QStringLiteral("It was removed, perhaps by another Signet; add it again."));
        if (auto name = checkName(profiles, profile); !name)
            return name;
        profiles[index] = profile;
        return Unit{};
    });
}

Result<ConnectionProfile> ProfileStore::modify(const QUuid &id,
                                               const std::function<Status(ConnectionProfile &)> &edit)
{
    std::optional<ConnectionProfile> saved;
    const Status changed = applyChange([&](QList<ConnectionProfile> &profiles) -> Status {
        const int index = indexIn(profiles, id);
        if (index < 0)
            return makeError(QStringLiteral("profiles.not-found"),
                             QStringLiteral("no profile with id %1").arg(id.toString(QUuid::WithoutBraces)),
                             QStringLiteral("It was removed, perhaps by another Signet."));
        ConnectionProfile profile = profiles.at(index);
        if (auto edited = edit(profile); !edited)
            return edited;
        if (auto valid = profile.check(); !valid)
            return valid;
        if (auto name = checkName(profiles, profile); !name)
            return name;
        profiles[index] = profile;
        saved = profile;
        return Unit{};
    });
    if (!changed)
        return changed.error();
    return *saved;
}

Status ProfileStore::remove(const QUuid &id)
{
    return applyChange([&](QList<ConnectionProfile> &profiles) -> Status {
        const int index = indexIn(profiles, id);
        if (index < 0)
            return makeError(QStringLiteral("profiles.not-found"),
                             QStringLiteral("no profile with id %1").arg(id.toString()));
        profiles.removeAt(index);
        return Unit{};
    });
}

QByteArray ProfileStore::exportJson(const QList<QUuid> &ids) const
{
    if (ids.isEmpty())
        return serialize(m_profiles);
    QList<ConnectionProfile> chosen;
    for (const ConnectionProfile &profile : m_profiles) {
        if (ids.contains(profile.id))
            chosen.append(profile);
    }
    return serialize(chosen);
}

Result<QList<ConnectionProfile>> ProfileStore::importJson(const QByteArray &json)
{
    if (auto writable = checkWritable(); !writable)
        return writable.error();
    auto parsed = parseDocument(json);
    if (!parsed) {
        Error error = parsed.error();
        error.code.replace(QStringLiteral("profiles.corrupt"), QStringLiteral("profiles.bad-import"));
        if (error.hint.isEmpty())
            error.hint = QStringLiteral("Import a file exported by Signet.");
        return error;
    }
    QList<ConnectionProfile> added;
    const Status imported = applyChange([&](QList<ConnectionProfile> &profiles) -> Status {
        added.clear();
        for (ConnectionProfile profile : *parsed) {
            if (indexIn(profiles, profile.id) >= 0)
                profile.id = QUuid::createUuid();
            profile.name = uniqueNameIn(profiles, profile.name);
            profiles.append(profile);
            added.append(profile);
        }
        return Unit{};
    });
    if (!imported)
        return imported.error();
    return added;
}

void ProfileStore::setWatching(bool watching)
{
    if (!watching) {
        delete m_watcher;
        m_watcher = nullptr;
        return;
    }
    if (m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ProfileStore::onFileEvent);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &ProfileStore::onFileEvent);
    watchFile();
}

void ProfileStore::watchFile()
{
    const QString dir = QFileInfo(m_path).absolutePath();
    QDir().mkpath(dir);
    if (!m_watcher->directories().contains(dir))
        m_watcher->addPath(dir);
    if (QFile::exists(m_path) && !m_watcher->files().contains(m_path))
        m_watcher->addPath(m_path);
}

void ProfileStore::onFileEvent()
{
    m_reloadDelay.start();
}

void ProfileStore::reloadIfChanged()
{
    if (!m_watcher)
        return;
    watchFile();
    QFile file(m_path);
    QByteArray bytes;
    if (file.open(QIODevice::ReadOnly))
        bytes = file.readAll();
    if (bytes == m_lastBytes)
        return; // our own save, or a touch without a change
    (void)load();
    Q_EMIT reloadedFromDisk();
}

} // namespace signet::profiles
