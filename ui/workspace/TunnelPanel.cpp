// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelPanel: rows rebuilt from TunnelManager::tunnels() when it changes and each second while shown.
#include "workspace/TunnelPanel.h"

#include "token/DurationText.h"
#include "tunnel/TunnelManager.h"

#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace signet::ui {

TunnelPanel::TunnelPanel(const tunnel::TunnelManager &tunnels, QWidget *parent)
    : QWidget(parent)
    , m_tunnels(tunnels)
{
    m_view = new QTreeWidget(this);
    m_view->setObjectName(QStringLiteral("tunnelView"));
    m_view->setColumnCount(ColumnCount);
    m_view->setHeaderLabels({tr("Tunnel"), tr("Database"), tr("Local address"), tr("State"), tr("Users")});
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(TunnelColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(DatabaseColumn, QHeaderView::Stretch);
    for (int column : {LocalColumn, StateColumn, UsersColumn})
        m_view->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    m_empty = new QLabel(tr("No tunnel is open. A profile with an SSH bastion or an SSM instance opens one "
                            "when it connects, and it closes two minutes after its last user."),
                         this);
    m_empty->setObjectName(QStringLiteral("tunnelEmptyLabel"));
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &TunnelPanel::refresh);
    connect(&m_tunnels, &tunnel::TunnelManager::changed, this, &TunnelPanel::refresh);
    refresh();
}

QString TunnelPanel::stateText(const tunnel::TunnelInfo &info)
{
    if (info.restarting)
        return tr("restarting (try %1)").arg(info.restarts);
    if (!info.open)
        return tr("opening…");
    if (info.users == 0 && info.idleClosesInMs >= 0)
        return tr("unused, closes in %1").arg(token::countdownText(int((info.idleClosesInMs + 999) / 1000)));
    return tr("up %1").arg(token::countdownText(int(info.upForMs / 1000)));
}

void TunnelPanel::refresh()
{
    // Rows are updated in place (by the tunnel's key): the selection and the scroll position stay.
    const QList<tunnel::TunnelInfo> tunnels = m_tunnels.tunnels();
    QHash<QString, QTreeWidgetItem *> rows;
    for (int i = 0; i < m_view->topLevelItemCount(); ++i)
        rows.insert(m_view->topLevelItem(i)->data(0, Qt::UserRole).toString(), m_view->topLevelItem(i));
    for (int i = 0; i < tunnels.size(); ++i) {
        const tunnel::TunnelInfo &info = tunnels.at(i);
        QTreeWidgetItem *item = rows.take(info.key);
        if (!item) {
            item = new QTreeWidgetItem;
            item->setData(0, Qt::UserRole, info.key);
            item->setToolTip(DatabaseColumn, tr("The database as the bastion or the instance reaches it; "
                                                "tokens and TLS are for this name"));
            item->setToolTip(UsersColumn,
                             tr("Consoles, checks, launched clients and local proxies using it"));
            m_view->insertTopLevelItem(i, item);
        } else if (const int at = m_view->indexOfTopLevelItem(item); at != i) {
            const bool current = m_view->currentItem() == item;
            m_view->takeTopLevelItem(at);
            m_view->insertTopLevelItem(i, item);
            if (current)
                m_view->setCurrentItem(item);
        }
        const auto set = [item](int column, const QString &text) {
            if (item->text(column) != text)
                item->setText(column, text);
        };
        set(TunnelColumn, info.title);
        item->setToolTip(TunnelColumn, info.title);
        set(DatabaseColumn, info.remote);
        set(LocalColumn,
            info.localPort > 0 ? QStringLiteral("127.0.0.1:%1").arg(info.localPort) : QStringLiteral("—"));
        set(StateColumn, stateText(info));
        set(UsersColumn, QString::number(info.users));
    }
    qDeleteAll(rows); // tunnels that closed
    m_empty->setVisible(tunnels.isEmpty());
    m_view->setVisible(!tunnels.isEmpty());
}

void TunnelPanel::showEvent(QShowEvent *event)
{
    refresh();
    m_tick->start();
    QWidget::showEvent(event);
}

void TunnelPanel::hideEvent(QHideEvent *event)
{
    m_tick->stop();
    QWidget::hideEvent(event);
}

} // namespace signet::ui
