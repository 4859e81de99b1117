// SPDX-License-Identifier: GPL-3.0-or-later
// ServeLocallyControl: [Serve locally] on port [5432] for the selected profile — starts and stops its
// local proxy listener; the port is editable before it starts, and Options adds a Unix socket and TLS
// for local clients.
#pragma once

#include "profiles/ConnectionProfile.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace signet::ui {

class LocalProxies;

class ServeLocallyControl final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServeLocallyControl)

public:
    explicit ServeLocallyControl(LocalProxies &proxies, QWidget *parent = nullptr);

    void setProfile(const std::optional<profiles::ConnectionProfile> &profile);
    // Serve locally when stopped, Stop serving when running (asking first if clients are connected).
    void toggle();

    QPushButton *button() const { return m_button; }
    QSpinBox *portBox() const { return m_port; }
    // Options beside the port: Also on a Unix socket, Offer TLS to local clients (checkable).
    QToolButton *optionsButton() const { return m_optionsButton; }
    QMenu *optionsMenu() const { return m_optionsMenu; }

Q_SIGNALS:
    // What happened, for the status line ("Serving … on 127.0.0.1:5432", a taken port).
    void messageRaised(const QString &message);
    // A listener started from here (the window shows its panel).
    void serving();

private:
    void updateState();

    LocalProxies &m_proxies;
    std::optional<profiles::ConnectionProfile> m_profile;
    QPushButton *m_button = nullptr;
    QLabel *m_onPort = nullptr;
    QSpinBox *m_port = nullptr;
    QToolButton *m_optionsButton = nullptr;
    QMenu *m_optionsMenu = nullptr;
    QAction *m_unixSocket = nullptr;
    QAction *m_localTls = nullptr;
};

} // namespace signet::ui
