// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelFeedback: what the window tells the user about the tunnels its profiles route through — a
// tunnel lost, open again or given up (status line, named "SSH tunnel to …" / "SSM session to …"),
// Amazon's missing SSM plugin (a banner that stays), and the question before an unknown bastion key
// is trusted (never silently), after which the action that needed the tunnel is retried.
#pragma once

#include "common/Error.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QWidget;

namespace signet::profiles {
struct ConnectionProfile;
class ProfileStore;
} // namespace signet::profiles

namespace signet::tunnel {
class TunnelManager;
}

namespace signet::ui {

class TunnelFeedback final : public QObject
{
    Q_OBJECT

public:
    // `window` parents the questions; the manager's tunnel events are reported from now on.
    TunnelFeedback(tunnel::TunnelManager &tunnels, const profiles::ProfileStore &store, QWidget *window);

    // A profile's route could not open: said, or for an unknown bastion key asked about, trusted
    // when the user says so, and `retry` run.
    void routeFailed(const profiles::ConnectionProfile &profile, const Error &error,
                     const std::function<void()> &retry);

    // "SSM session to i-… (eu-west-1)" / "SSH tunnel to bastion" for a tunnel's key.
    QString tunnelTitle(const QString &key) const;

Q_SIGNALS:
    // For the status line.
    void message(const QString &text);
    // A problem that must stay visible until a route opens (empty: it is over).
    void problem(const QString &text);

private:
    tunnel::TunnelManager &m_tunnels;
    const profiles::ProfileStore &m_store;
    QPointer<QWidget> m_window;
};

} // namespace signet::ui
