// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTreePanel: the left side of the main window: New, the filter box and the profile tree.
#pragma once

#include <QModelIndex>
#include <QUuid>
#include <QWidget>

class QLineEdit;
class QPushButton;
class QTreeView;

namespace signet::profiles {
class ProfileStore;
}

namespace signet::ui {

class ProfileFilterProxy;
class ProfileTreeModel;

class ProfileTreePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileTreePanel)

public:
    explicit ProfileTreePanel(profiles::ProfileStore &store, QWidget *parent = nullptr);
    ~ProfileTreePanel() override;

    QUuid currentProfileId() const { return m_currentId; }
    void selectProfile(const QUuid &id);
    void selectFirstProfile();
    // No profile selected (while a new one is being created).
    void clearCurrent();
    void focusFilter();
    // Starts an inline rename of the current profile (F2).
    void renameCurrent();
    int visibleProfileCount() const;

    ProfileTreeModel *model() const { return m_model; }
    ProfileFilterProxy *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QPushButton *newButton() const { return m_newButton; }

Q_SIGNALS:
    void currentProfileChanged(const QUuid &id);
    // Enter or double-click on a profile.
    void profileActivated(const QUuid &id);
    void newProfileRequested();
    void messageRaised(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onCurrentChanged(const QModelIndex &current);
    void onFilterEdited(const QString &text);
    void restoreSelection();
    QModelIndex firstProfile(const QModelIndex &parent = {}) const;

    ProfileTreeModel *m_model = nullptr;
    ProfileFilterProxy *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QPushButton *m_newButton = nullptr;
    QUuid m_currentId;
};

} // namespace signet::ui
