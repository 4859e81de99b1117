// ProfileHeader: the selected profile at a glance: name, engine, region, endpoint, user, tunnel, CA.
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
    QLabel *m_endpoint = nullptr;
    QLabel *m_details = nullptr;
};

} // namespace signet::ui
