// SPDX-License-Identifier: GPL-3.0-or-later
// TokenTray: the system-tray icon, a view of the token-session model. Its menu lists the live tokens
// ("Copy token for orders-prod · 12:41 left") so a token can be copied without opening the window,
// and the profiles served locally; its tooltip counts them.
#pragma once

#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

class QWidget;

namespace signet::token {
class TokenSessions;
}

namespace signet::ui {

class ConcealedClipboard;
class LocalProxies;

class TokenTray final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenTray)

public:
    // `window` is shown and raised from the menu or a click on the icon; copies go through
    // `clipboard` (concealed, self-clearing).
    TokenTray(const token::TokenSessions &tokens, ConcealedClipboard &clipboard, QWidget &window,
              QObject *parent = nullptr);

    // The menu also lists the window's local proxies (each: copy a connection string, stop serving).
    void showProxies(LocalProxies &proxies);
    // Shows the icon when the desktop has a tray (not on the offscreen platform).
    void showIfAvailable();
    QMenu *menu() { return &m_menu; }
    // Fills the menu from the live tokens (done each time it opens).
    void rebuildMenu();
    QString toolTip() const { return m_icon.toolTip(); }

private:
    void updateToolTip();
    void showWindow();

    const token::TokenSessions &m_tokens;
    ConcealedClipboard &m_clipboard;
    QWidget &m_window;
    QPointer<LocalProxies> m_proxies; // deleted before the tray when the window closes
    QSystemTrayIcon m_icon;
    QMenu m_menu;
};

} // namespace signet::ui
