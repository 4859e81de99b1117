// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyDock: the Local proxy panel docked under the workspace (View › Local Proxy, Ctrl+Shift+L),
// hidden until asked for or until a profile starts serving locally.
#pragma once

#include <QDockWidget>
#include <QUuid>

namespace signet::profiles {
class ProfileStore;
}

namespace signet::ui {

class LocalProxies;
class ProxyPanel;

class ProxyDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyDock)

public:
    ProxyDock(LocalProxies &proxies, const profiles::ProfileStore &store, QWidget *parent = nullptr);

    ProxyPanel *panel() const { return m_panel; }
    // A profile started serving: the panel shows with its listener (and soon its connections).
    void showServing(const QUuid &profileId);

private:
    ProxyPanel *m_panel = nullptr;
};

} // namespace signet::ui
