// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileFilterProxy: type-to-filter and sorting for the profile tree.
#pragma once

#include <QSortFilterProxyModel>

namespace signet::ui {

// Matches every word typed against a profile's name, host, user, folder, engine and tags (all words
// must match, case-insensitive). A folder whose name matches shows all its profiles; a folder with a
// matching profile stays visible (recursive filtering). Folders sort before loose profiles.
class ProfileFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileFilterProxy)

public:
    explicit ProfileFilterProxy(QObject *parent = nullptr);
    ~ProfileFilterProxy() override;

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QStringList m_words;
};

} // namespace signet::ui
