// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyDock: the dock and its View menu toggle.
#include "workspace/ProxyDock.h"

#include "profiles/ProfileStore.h"
#include "proxy/ProxyPanel.h"

#include <QAction>

namespace signet::ui {

ProxyDock::ProxyDock(LocalProxies &proxies, const profiles::ProfileStore &store, QWidget *parent)
    : QDockWidget(tr("Local proxy"), parent)
    , m_panel(new ProxyPanel(
          proxies, [&store](const QUuid &id) { return store.byId(id); }, this))
{
    setObjectName(QStringLiteral("proxyDock"));
    setWidget(m_panel);
    QAction *toggle = toggleViewAction();
    toggle->setObjectName(QStringLiteral("proxyPanelAction"));
    toggle->setText(tr("Local &Proxy"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    toggle->setToolTip(tr("The profiles served on local ports and their client connections"));
}

void ProxyDock::showServing(const QUuid &profileId)
{
    show();
    m_panel->selectProfile(profileId);
}

} // namespace signet::ui
