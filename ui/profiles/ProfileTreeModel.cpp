// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTreeModel: folders → profiles, rebuilt from the store, with inline rename and token marks.
#include "profiles/ProfileTreeModel.h"

#include "profiles/ProfileStore.h"
#include "token/DurationText.h"

#include <QColor>
#include <QIcon>
#include <QMap>
#include <QPainter>
#include <QPixmap>
#include <QTimer>

namespace signet::ui {

namespace {

// A filled green dot while a token is live, a hollow grey one otherwise (as in the design sketch).
QIcon dotIcon(bool live)
{
    static const QIcon icons[2] = {
        [] {
            QPixmap pixmap(32, 32);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(QPen(QColor(0x9e, 0x9e, 0x9e), 3));
            painter.drawEllipse(QRectF(8, 8, 16, 16));
            return QIcon(pixmap);
        }(),
        [] {
            QPixmap pixmap(32, 32);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0x2e, 0x9d, 0x4a));
            painter.drawEllipse(QRectF(7, 7, 18, 18));
            return QIcon(pixmap);
        }(),
    };
    return icons[live ? 1 : 0];
}

} // namespace

// internalId 0 is a top-level row (a folder or a profile without one); n > 0 is a profile inside
// folder n - 1.
ProfileTreeModel::ProfileTreeModel(profiles::ProfileStore &store, QObject *parent)
    : QAbstractItemModel(parent)
    , m_store(store)
{
    connect(&m_store, &profiles::ProfileStore::profilesChanged, this, &ProfileTreeModel::rebuild);
    rebuild();
}

ProfileTreeModel::~ProfileTreeModel() = default;

void ProfileTreeModel::rebuild()
{
    beginResetModel();
    m_entries.clear();
    m_folders.clear();
    m_rootEntries.clear();
    const auto &profiles = m_store.profiles();
    m_entries.reserve(size_t(profiles.size()));
    QMap<QString, int> folderIndex;
    for (const QString &folder : m_store.folders()) {
        folderIndex.insert(folder, int(m_folders.size()));
        m_folders.push_back({folder, {}});
    }
    for (const profiles::ConnectionProfile &profile : profiles) {
        const QString engine = engineDisplayName(profile.engine);
        Entry entry{
            profile.id, profile.name,
            QStringList{profile.name, profile.host, profile.dbUser, profile.folder, engine,
                        profile.tags.join(u' ')}
                .join(u' ')
                .toLower(),
            QStringLiteral("%1 · %2\n%3:%4").arg(profile.name, engine, profile.host).arg(profile.port)};
        const int index = int(m_entries.size());
        m_entries.push_back(std::move(entry));
        if (profile.folder.isEmpty())
            m_rootEntries.push_back(index);
        else
            m_folders[size_t(folderIndex.value(profile.folder))].entries.push_back(index);
    }
    endResetModel();
}

const ProfileTreeModel::Entry *ProfileTreeModel::entryAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const quintptr folder = index.internalId();
    if (folder == 0) {
        const int rootRow = index.row() - int(m_folders.size());
        return rootRow >= 0 && rootRow < int(m_rootEntries.size())
                   ? &m_entries[size_t(m_rootEntries[size_t(rootRow)])]
                   : nullptr;
    }
    const Folder &owner = m_folders[folder - 1];
    return index.row() < int(owner.entries.size()) ? &m_entries[size_t(owner.entries[size_t(index.row())])]
                                                   : nullptr;
}

QModelIndex ProfileTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || row >= rowCount(parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ProfileTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int ProfileTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_folders.size() + m_rootEntries.size());
    if (parent.column() != 0 || parent.internalId() != 0 || parent.row() >= int(m_folders.size()))
        return 0;
    return int(m_folders[size_t(parent.row())].entries.size());
}

int ProfileTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ProfileTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const bool isFolder = index.internalId() == 0 && index.row() < int(m_folders.size());
    if (isFolder) {
        const Folder &folder = m_folders[size_t(index.row())];
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == NameColumn ? QVariant(folder.name) : QVariant();
        case Qt::DecorationRole:
            return index.column() == NameColumn ? QVariant(QIcon::fromTheme(QStringLiteral("folder")))
                                                : QVariant();
        case SearchTextRole:
            return folder.name.toLower();
        case IsFolderRole:
            return true;
        default:
            return {};
        }
    }
    const Entry *entry = entryAt(index);
    if (!entry)
        return {};
    const qint64 left = m_secondsLeft.value(entry->id, 0);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return entry->name;
        if (left > 0)
            return token::countdownText(left);
        return {};
    case Qt::EditRole:
        return index.column() == NameColumn ? QVariant(entry->name) : QVariant();
    case Qt::ToolTipRole:
        return left > 0 ? entry->toolTip + tr("\nToken live for %1 more").arg(token::durationText(left))
                        : entry->toolTip;
    case Qt::DecorationRole:
        if (index.column() != NameColumn)
            return {};
        return dotIcon(left > 0);
    case Qt::TextAlignmentRole:
        return index.column() == TokenColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ProfileIdRole:
        return entry->id;
    case SearchTextRole:
        return entry->searchText;
    case IsFolderRole:
        return false;
    default:
        return {};
    }
}

bool ProfileTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn)
        return false;
    const Entry *entry = entryAt(index);
    if (!entry)
        return false;
    auto profile = m_store.byId(entry->id);
    const QString name = value.toString().trimmed();
    if (!profile || name == profile->name)
        return false;
    if (name.isEmpty()) {
        Q_EMIT renameFailed(tr("A profile needs a name."));
        return false;
    }
    // A taken name is refused at once, while the editor is still open (the save below is deferred).
    if (const auto other = m_store.find(name); other && other->id != profile->id) {
        Q_EMIT renameFailed(tr("Another profile is already called “%1”: choose another name.").arg(name));
        return false;
    }
    // Saved once the view has closed its editor: the store's change rebuilds (resets) this model,
    // and a reset while the view still commits the edit makes it close an editor it no longer has
    // ("closeEditor called with an editor that does not belong to this view").
    for (Entry &shown : m_entries) {
        if (shown.id == profile->id)
            shown.name = name;
    }
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    QTimer::singleShot(0, this, [this, id = profile->id, name] {
        auto renamed = m_store.byId(id);
        if (!renamed || renamed->name == name)
            return;
        renamed->name = name;
        if (auto saved = m_store.update(*renamed); !saved) {
            Q_EMIT renameFailed(saved.error().toString());
            rebuild(); // show the name it kept
        }
    });
    return true;
}

Qt::ItemFlags ProfileTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn && !data(index, IsFolderRole).toBool())
        flags |= Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
    return flags;
}

QVariant ProfileTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Profile") : tr("Token");
}

QModelIndex ProfileTreeModel::indexOf(const QUuid &id) const
{
    for (size_t f = 0; f < m_folders.size(); ++f) {
        const auto &entries = m_folders[f].entries;
        for (size_t row = 0; row < entries.size(); ++row) {
            if (m_entries[size_t(entries[row])].id == id)
                return createIndex(int(row), 0, quintptr(f + 1));
        }
    }
    for (size_t row = 0; row < m_rootEntries.size(); ++row) {
        if (m_entries[size_t(m_rootEntries[row])].id == id)
            return createIndex(int(m_folders.size() + row), 0, quintptr(0));
    }
    return {};
}

QUuid ProfileTreeModel::idAt(const QModelIndex &index) const
{
    const Entry *entry = entryAt(index);
    return entry ? entry->id : QUuid();
}

void ProfileTreeModel::setTokenSecondsLeft(const QUuid &id, qint64 seconds)
{
    if (seconds > 0)
        m_secondsLeft.insert(id, seconds);
    else if (!m_secondsLeft.remove(id))
        return;
    const QModelIndex row = indexOf(id);
    if (row.isValid())
        Q_EMIT dataChanged(row, row.siblingAtColumn(TokenColumn), {Qt::DisplayRole, Qt::DecorationRole});
}

} // namespace signet::ui
