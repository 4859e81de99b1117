// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileFilterProxy: word matching on the model's precomputed search text.
#include "profiles/ProfileFilterProxy.h"

#include "profiles/ProfileTreeModel.h"

namespace signet::ui {

ProfileFilterProxy::ProfileFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

ProfileFilterProxy::~ProfileFilterProxy() = default;

void ProfileFilterProxy::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_words = text.toLower().split(u' ', Qt::SkipEmptyParts);
    invalidateFilter();
}

bool ProfileFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString text = index.data(ProfileTreeModel::SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

bool ProfileFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool leftFolder = left.data(ProfileTreeModel::IsFolderRole).toBool();
    const bool rightFolder = right.data(ProfileTreeModel::IsFolderRole).toBool();
    if (leftFolder != rightFolder)
        return leftFolder;
    return left.data(Qt::DisplayRole)
               .toString()
               .compare(right.data(Qt::DisplayRole).toString(), Qt::CaseInsensitive) < 0;
}

} // namespace signet::ui
