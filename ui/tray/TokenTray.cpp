// SPDX-License-Identifier: GPL-3.0-or-later
// The tray icon's menu: one "Copy token for …" per live token, then Show and Quit.
#include "tray/TokenTray.h"

#include "common/ConcealedClipboard.h"
#include "token/DurationText.h"
#include "token/TokenSessions.h"

#include <QApplication>
#include <QIcon>
#include <QWidget>

namespace signet::ui {

using token::TokenSessions;

TokenTray::TokenTray(const TokenSessions &tokens, ConcealedClipboard &clipboard, QWidget &window,
                     QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_clipboard(clipboard)
    , m_window(window)
{
    m_icon.setIcon(QApplication::windowIcon());
    m_icon.setContextMenu(&m_menu);
    connect(&m_menu, &QMenu::aboutToShow, this, &TokenTray::rebuildMenu);
    connect(&m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            showWindow();
    });
    connect(&m_tokens, &TokenSessions::secondsLeftChanged, this, &TokenTray::updateToolTip);
    updateToolTip();
    rebuildMenu();
}

void TokenTray::showIfAvailable()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_icon.show();
}

void TokenTray::rebuildMenu()
{
    m_menu.clear();
    const auto live = m_tokens.liveTokens();
    if (live.isEmpty()) {
        m_menu.addAction(tr("No live token: sign one in the window"))->setEnabled(false);
    }
    for (const auto &token : live) {
        QAction *copy =
            m_menu.addAction(tr("Copy token for %1 · %2 left")
                                 .arg(token.profileName, token::countdownText(token.secondsLeft)));
        copy->setObjectName(QStringLiteral("copy-") + token.profileId.toString(QUuid::WithoutBraces));
        connect(copy, &QAction::triggered, this, [this, id = token.profileId] {
            // Still live when clicked (the menu may have been open a while)?
            if (const QString text = m_tokens.tokenText(id); !text.isEmpty())
                m_clipboard.copySecret(text);
        });
    }
    m_menu.addSeparator();
    m_menu.addAction(tr("Show Signet"), this, &TokenTray::showWindow);
    m_menu.addAction(tr("Quit"), &m_window, &QWidget::close);
}

void TokenTray::updateToolTip()
{
    const auto live = m_tokens.liveTokens();
    if (live.isEmpty())
        m_icon.setToolTip(tr("Signet · no live token"));
    else if (live.size() == 1)
        m_icon.setToolTip(tr("Signet · %1: %2 left")
                              .arg(live.first().profileName, token::countdownText(live.first().secondsLeft)));
    else
        m_icon.setToolTip(tr("Signet · %1 live tokens, the next expires in %2")
                              .arg(live.size())
                              .arg(token::countdownText(live.first().secondsLeft)));
}

void TokenTray::showWindow()
{
    m_window.show();
    m_window.raise();
    m_window.activateWindow();
}

} // namespace signet::ui
