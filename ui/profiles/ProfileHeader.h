// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileHeader: the selected profile at a glance in two lines: name, engine, region (and a
// PRODUCTION mark); endpoint, user, tunnel, CA, TLS mode, credentials. In the profile's colour.
#pragma once

#include "profiles/ConnectionProfile.h"

#include <QWidget>

class QLabel;

namespace signet::ui {

class ProfileHeader final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileHeader)

public:
    explicit ProfileHeader(QWidget *parent = nullptr);
    ~ProfileHeader() override;

    void setProfile(const profiles::ConnectionProfile &profile);
    QString text() const;

private:
    QLabel *m_title = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_endpoint = nullptr;
    QLabel *m_details = nullptr;
};

} // namespace signet::ui
