// ProfileStore: load, migrate, save atomically, move corrupt files aside, follow external changes.
#include "profiles/ProfileStore.h"

#include "profiles/ProfileMigration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

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
                             profile.error().hint);
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
        m_profiles.clear();
        m_lastBytes.clear();
        m_readOnly = false;
        Q_EMIT profilesChanged();
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
    m_lastBytes = bytes;

    auto parsed = parseDocument(bytes);
    if (parsed) {
        m_profiles = std::move(parsed).value();
        m_readOnly = false;
        Q_EMIT profilesChanged();
        return Unit{};
    }
    Error error = parsed.error();
    if (error.code == u"profiles.newer-version") {
        m_profiles.clear();
        m_readOnly = true;
        error.message = QStringLiteral("%1: %2").arg(m_path, error.message);
        Q_EMIT profilesChanged();
        Q_EMIT storeFailed(error);
        return error;
    }

    // Keep the user's bytes: move the file aside and start empty, never write over it.
    const QString backup = m_path + QStringLiteral(".corrupt-") +
                           m_clock.now().toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString backupPath = backup;
    for (int n = 2; QFile::exists(backupPath); ++n)
        backupPath = backup + QStringLiteral("-%1").arg(n);
    m_profiles.clear();
    m_lastBytes.clear();
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
    Q_EMIT profilesChanged();
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

Status ProfileStore::save()
{
    if (auto writable = checkWritable(); !writable)
        return writable;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(QStringLiteral("profiles.unwritable"),
                         QStringLiteral("cannot create the folder %1").arg(info.absolutePath()),
                         QStringLiteral("Check the permissions of your config folder."));
    const QByteArray bytes = serialize(m_profiles);
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        Error error = makeError(QStringLiteral("profiles.unwritable"),
                                QStringLiteral("cannot save %1: %2").arg(m_path, file.errorString()),
                                QStringLiteral("Check free space and the folder's permissions."));
        Q_EMIT storeFailed(error);
        return error;
    }
    m_lastBytes = bytes;
    // The rename replaced the inode, which drops an inotify watch on the file itself.
    if (m_watcher)
        watchFile();
    return Unit{};
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
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).id == id)
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

QString ProfileStore::uniqueName(const QString &base) const
{
    auto taken = [this](const QString &name) {
        for (const ConnectionProfile &profile : m_profiles) {
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

Status ProfileStore::checkName(const ConnectionProfile &profile) const
{
    for (const ConnectionProfile &other : m_profiles) {
        if (other.id != profile.id && other.name.compare(profile.name, Qt::CaseInsensitive) == 0)
            return makeError(QStringLiteral("profiles.duplicate-name"),
                             QStringLiteral("a profile named \"%1\" already exists").arg(other.name),
                             QStringLiteral("Choose another name."));
    }
    return Unit{};
}

Status ProfileStore::add(const ConnectionProfile &profile, int index)
{
    if (auto writable = checkWritable(); !writable)
        return writable;
    if (profile.id.isNull() || indexOf(profile.id) >= 0)
        return makeError(QStringLiteral("profiles.duplicate-id"),
                         QStringLiteral("profile \"%1\" needs an id of its own").arg(profile.name));
    if (auto name = checkName(profile); !name)
        return name;
    if (index < 0 || index > m_profiles.size())
        index = int(m_profiles.size());
    m_profiles.insert(index, profile);
    if (auto saved = save(); !saved) {
        m_profiles.removeAt(index);
        return saved;
    }
    Q_EMIT profilesChanged();
    return Unit{};
}

Status ProfileStore::update(const ConnectionProfile &profile)
{
    if (auto writable = checkWritable(); !writable)
        return writable;
    const int index = indexOf(profile.id);
    if (index < 0)
        return makeError(QStringLiteral("profiles.not-found"),
                         QStringLiteral("profile \"%1\" no longer exists").arg(profile.name),
                         QStringLiteral("It was removed, perhaps by another Signet; add it again."));
    if (auto name = checkName(profile); !name)
        return name;
    const ConnectionProfile previous = m_profiles.at(index);
    m_profiles[index] = profile;
    if (auto saved = save(); !saved) {
        m_profiles[index] = previous;
        return saved;
    }
    Q_EMIT profilesChanged();
    return Unit{};
}

Status ProfileStore::remove(const QUuid &id)
{
    if (auto writable = checkWritable(); !writable)
        return writable;
    const int index = indexOf(id);
    if (index < 0)
        return makeError(QStringLiteral("profiles.not-found"),
                         QStringLiteral("no profile with id %1").arg(id.toString()));
    const ConnectionProfile previous = m_profiles.takeAt(index);
    if (auto saved = save(); !saved) {
        m_profiles.insert(index, previous);
        return saved;
    }
    Q_EMIT profilesChanged();
    return Unit{};
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
    const QList<ConnectionProfile> before = m_profiles;
    QList<ConnectionProfile> added;
    for (ConnectionProfile profile : *parsed) {
        if (indexOf(profile.id) >= 0)
            profile.id = QUuid::createUuid();
        profile.name = uniqueName(profile.name);
        m_profiles.append(profile);
        added.append(profile);
    }
    if (auto saved = save(); !saved) {
        m_profiles = before;
        return saved.error();
    }
    Q_EMIT profilesChanged();
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
