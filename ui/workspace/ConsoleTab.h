// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleTab: one console in its own workspace tab, bound to one profile for its whole life, with a
// one-row identity strip (profile, engine, user@endpoint, TLS, token age, production) in the
// profile's colour; asks before statements that change data on a production profile.
#pragma once

#include "db/DbTarget.h"
#include "db/DbTokenSigner.h"
#include "db/DbTypes.h"
#include "db/StatementSplitter.h"
#include "profiles/ConnectionProfile.h"

#include <QDateTime>
#include <QIcon>
#include <QUuid>
#include <QWidget>

class QLabel;
class QTimer;

namespace signet::ui {

class ConsoleWidget;

class ConsoleTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleTab)

public:
    ConsoleTab(const profiles::ConnectionProfile &profile, db::DbTarget target, db::DbTokenSigner signer,
               QWidget *parent = nullptr);
    ~ConsoleTab() override;

    // Preferences: ask before a production console runs a statement that changes data (default on).
    static bool confirmsProductionChanges();
    static void setConfirmsProductionChanges(bool confirm);

    QUuid profileId() const { return m_profile.id; }
    const profiles::ConnectionProfile &profile() const { return m_profile; }
    // The profile was renamed, recoloured or (un)marked as production; the target stays what the
    // console connected to.
    void setProfile(const profiles::ConnectionProfile &profile);
    ConsoleWidget *console() const { return m_console; }
    // The one-row strip as a person reads it.
    QString identityText() const;
    QLabel *identityLabel() const { return m_identity; }
    QLabel *productionBadge() const { return m_badge; }
    // The tab's title and icon (profile name, colour dot).
    QString tabTitle() const;
    QIcon tabIcon() const;

    // Text typed since the last run (closing loses it).
    bool hasUnsavedText() const;
    bool isRunning() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    // Name, colour or production mark changed: the tab's title and icon follow.
    void identityChanged();

private:
    bool allowRun(const QList<db::StatementSpan> &statements);
    void onConnected(const db::ServerInfo &info);
    void updateIdentity();

    profiles::ConnectionProfile m_profile;
    const db::DbTarget m_target;
    ConsoleWidget *m_console = nullptr;
    QWidget *m_strip = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_identity = nullptr;
    QTimer *m_timer = nullptr;
    db::ServerInfo m_server;
    bool m_connected = false;
    QString m_identityText;
};

} // namespace signet::ui
