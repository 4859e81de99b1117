// SPDX-License-Identifier: GPL-3.0-or-later
// The tray icon's menu: one "Copy token for …" per live token, one submenu per local proxy, then Show
// and Quit.
#include "tray/TokenTray.h"

#include "common/ConcealedClipboard.h"
#include "proxy/LocalProxies.h"
#include "token/DurationText.h"
#include "token/TokenSessions.h"

#include <QApplication>
#include <QClipboard>
#include <QGuiApplication>
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

void TokenTray::showProxies(LocalProxies &proxies)
{
    m_proxies = &proxies;
    connect(&proxies, &LocalProxies::entryChanged, this, &TokenTray::updateToolTip);
    updateToolTip();
}

void TokenTray::showIfAvailable()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_icon.show();
}

void TokenTray::rebuildMenu()
{
    m_menu.clear();
    // clear() deletes the actions, not the served profiles' submenus (children of the menu).
    qDeleteAll(m_menu.findChildren<QMenu *>(Qt::FindDirectChildrenOnly));
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
    if (m_proxies) {
        bool first = true;
        for (const LocalProxies::Entry &entry : m_proxies->entries()) {
            const proxy::ProxyListener *listener = m_proxies->listener(entry.id);
            if (!listener)
                continue;
            if (first)
                m_menu.addSeparator();
            first = false;
            const int open = listener->sessionCount();
            const QString connections = open == 1 ? tr("1 connection") : tr("%1 connections").arg(open);
            // A name's '&' would be taken for a mnemonic.
            QMenu *served = m_menu.addMenu(tr("Serving %1 on 127.0.0.1:%2 · %3")
                                               .arg(QString(entry.name).replace(u'&', QStringLiteral("&&")),
                                                    QString::number(listener->port()), connections));
            served->setObjectName(QStringLiteral("proxy-") + LocalProxies::key(entry.id));
            for (const QString &line : m_proxies->service().connectionStrings(LocalProxies::key(entry.id))) {
                // A URL's '&' would be taken for a mnemonic. No secret is in these lines.
                QAction *copy =
                    served->addAction(tr("Copy %1").arg(QString(line).replace(u'&', QStringLiteral("&&"))));
                connect(copy, &QAction::triggered, this,
                        [line] { QGuiApplication::clipboard()->setText(line); });
            }
            served->addSeparator();
            QAction *stop = served->addAction(tr("Stop serving"));
            stop->setObjectName(QStringLiteral("stop-proxy"));
            connect(stop, &QAction::triggered, this, [this, id = entry.id] {
                if (m_proxies)
                    m_proxies->stopAsking(&m_window, id);
            });
        }
    }
    m_menu.addSeparator();
    m_menu.addAction(tr("Show Signet"), this, &TokenTray::showWindow);
    m_menu.addAction(tr("Quit"), &m_window, &QWidget::close);
}

void TokenTray::updateToolTip()
{
    const auto live = m_tokens.liveTokens();
    QString tip;
    if (live.isEmpty())
        tip = tr("Signet · no live token");
    else if (live.size() == 1)
        tip = tr("Signet · %1: %2 left")
                  .arg(live.first().profileName, token::countdownText(live.first().secondsLeft));
    else
        tip = tr("Signet · %1 live tokens, the next expires in %2")
                  .arg(live.size())
                  .arg(token::countdownText(live.first().secondsLeft));
    const int served = m_proxies ? int(m_proxies->service().keys().size()) : 0;
    if (served == 1)
        tip += tr(" · serving 1 profile locally");
    else if (served > 1)
        tip += tr(" · serving %1 profiles locally").arg(served);
    m_icon.setToolTip(tip);
}

void TokenTray::showWindow()
{
    m_window.show();
    m_window.raise();
    m_window.activateWindow();
}

} // namespace signet::ui
