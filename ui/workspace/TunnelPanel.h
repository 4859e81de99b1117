// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelPanel: the tunnels the window runs (SSH bastions, SSM sessions), each with the database it
// reaches, its local address, its state and who uses it — a view of core's TunnelManager.
#pragma once

#include <QWidget>

class QLabel;
class QTimer;
class QTreeWidget;

namespace signet::tunnel {
class TunnelManager;
struct TunnelInfo;
} // namespace signet::tunnel

namespace signet::ui {

class TunnelPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TunnelPanel)

public:
    enum Column
    {
        TunnelColumn,
        DatabaseColumn,
        LocalColumn,
        StateColumn,
        UsersColumn,
        ColumnCount
    };

    explicit TunnelPanel(const tunnel::TunnelManager &tunnels, QWidget *parent = nullptr);

    QTreeWidget *view() const { return m_view; }
    QLabel *emptyLabel() const { return m_empty; }
    // "up 3 min", "opening…", "restarting (2nd try)", "unused, closes in 1:40".
    static QString stateText(const tunnel::TunnelInfo &info);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refresh();

    const tunnel::TunnelManager &m_tunnels;
    QTreeWidget *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QTimer *m_tick = nullptr; // the ages and countdowns move while it is shown
};

} // namespace signet::ui
