// SPDX-License-Identifier: GPL-3.0-or-later
// CountdownLabel: one profile's token countdown as the token-session model tells it ("14:59 left"
// in the theme's colour for its urgency, "Expired at 12:15", "Ended: the endpoint changed").
#pragma once

#include "common/ElidedLabel.h"
#include "token/TokenSessions.h"

#include <QUuid>

namespace signet::ui {

class CountdownLabel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CountdownLabel)

public:
    explicit CountdownLabel(const token::TokenSessions &sessions, QWidget *parent = nullptr);

    // The profile whose token is shown (null: none), and what to say while it has none and never had.
    void setProfile(const QUuid &profileId, const QString &idleText);
    QString text() const { return m_label->fullText(); }
    // What a person reads in the colour: "green", "amber", "red", or "" without a live token.
    QString colourName() const;
    // Theme colour for an urgency (the token panel's countdown, the tray's icon text).
    static QColor colourFor(token::Urgency urgency);
    static QString colourNameFor(token::Urgency urgency);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    const token::TokenSessions &m_sessions;
    QUuid m_profileId;
    QString m_idleText;
    ElidedLabel *m_label = nullptr;
};

} // namespace signet::ui
