// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyPanel: the "Local proxy" panel — the served profiles and their live connections, Start / Stop
// per listener and "Copy connection string" (psql, mariadb, JDBC, libpq; never a password).
#pragma once

#include "profiles/ConnectionProfile.h"

#include <QUuid>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QMenu;
class QPushButton;
class QToolButton;
class QTreeView;

namespace signet::ui {

class LocalProxies;
class ProxyListModel;

class ProxyPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyPanel)

public:
    // `profileById` gives the profile as saved now (Start serves what is saved, not what was).
    using ProfileLookup = std::function<std::optional<profiles::ConnectionProfile>(const QUuid &)>;
    ProxyPanel(LocalProxies &proxies, ProfileLookup profileById, QWidget *parent = nullptr);

    // Room for a few listeners and connections without taking the workspace's.
    QSize sizeHint() const override { return {640, 180}; }

    QTreeView *view() const { return m_view; }
    ProxyListModel *model() const { return m_model; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QToolButton *copyButton() const { return m_copy; }
    QMenu *copyMenu() const { return m_copyMenu; }
    // Below the list: the selected row's problem in full (the column cuts it), else what the panel is.
    QLabel *detailLabel() const { return m_detail; }
    // The listener the buttons act on: the selected row's, else the only one.
    QUuid currentProfile() const;
    void selectProfile(const QUuid &id);

Q_SIGNALS:
    void messageRaised(const QString &message);

private:
    void updateButtons();
    void updateDetail();
    void fillCopyMenu();

    LocalProxies &m_proxies;
    ProfileLookup m_profileById;
    ProxyListModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QToolButton *m_copy = nullptr;
    QMenu *m_copyMenu = nullptr;
    QLabel *m_detail = nullptr;
};

} // namespace signet::ui
