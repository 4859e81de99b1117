// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTreeModel: the saved profiles as a two-level tree (folders, then profiles) for the tree view.
#pragma once

#include <QAbstractItemModel>
#include <QDateTime>
#include <QHash>
#include <QUuid>

#include <vector>

namespace signet::profiles {
class ProfileStore;
}

namespace signet::ui {

// Follows the store (rebuilt on profilesChanged). Profiles without a folder sit at the top level
// after the folders. Column 0 is the name (editable: F2 renames through the store), column 1 the time
// left on the profile's live token, if any.
class ProfileTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileTreeModel)

public:
    enum Role
    {
        ProfileIdRole = Qt::UserRole + 1, // QUuid; null for folders
        SearchTextRole,                   // lower-case text the filter matches against
        IsFolderRole,
    };
    enum Column
    {
        NameColumn,
        TokenColumn,
        ColumnCount
    };

    explicit ProfileTreeModel(profiles::ProfileStore &store, QObject *parent = nullptr);
    ~ProfileTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOf(const QUuid &id) const;
    QUuid idAt(const QModelIndex &index) const;
    // Seconds left on a profile's live token; 0 removes the mark.
    void setTokenSecondsLeft(const QUuid &id, qint64 seconds);

Q_SIGNALS:
    // An inline rename was refused (e.g. the name is taken).
    void renameFailed(const QString &message);

private:
    struct Entry
    {
        QUuid id;
        QString name;
        QString searchText;
        QString toolTip;
    };
    struct Folder
    {
        QString name;
        std::vector<int> entries; // indexes into m_entries
    };

    void rebuild();
    const Entry *entryAt(const QModelIndex &index) const;

    profiles::ProfileStore &m_store;
    std::vector<Entry> m_entries;
    std::vector<Folder> m_folders;
    std::vector<int> m_rootEntries;
    QHash<QUuid, qint64> m_secondsLeft;
};

} // namespace signet::ui
