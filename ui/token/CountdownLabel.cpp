// SPDX-License-Identifier: GPL-3.0-or-later
// A token countdown: text, colour from the theme, validity in the tooltip.
#include "token/CountdownLabel.h"

#include "common/Theme.h"
#include "token/DurationText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>

namespace signet::ui {

using token::EndReason;
using token::TokenSessions;
using token::Urgency;

CountdownLabel::CountdownLabel(const TokenSessions &sessions, QWidget *parent)
    : QWidget(parent)
    , m_sessions(sessions)
    , m_label(new ElidedLabel(this))
{
    m_label->setObjectName(QStringLiteral("countdown"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    const auto mine = [this](const QUuid &id) {
        if (id == m_profileId)
            refresh();
    };
    connect(&sessions, &TokenSessions::tokenSigned, this, mine);
    connect(&sessions, &TokenSessions::tokenEnded, this, mine);
    connect(&sessions, &TokenSessions::secondsLeftChanged, this, mine);
    connect(&sessions, &TokenSessions::urgencyChanged, this, mine);
    refresh();
}

void CountdownLabel::setProfile(const QUuid &profileId, const QString &idleText)
{
    m_profileId = profileId;
    m_idleText = idleText;
    refresh();
}

QColor CountdownLabel::colourFor(Urgency urgency)
{
    switch (urgency) {
    case Urgency::Critical:
        return theme::error();
    case Urgency::Soon:
        return theme::warning();
    case Urgency::Ok:
        return theme::ok();
    case Urgency::None:
        break;
    }
    return {};
}

QString CountdownLabel::colourNameFor(Urgency urgency)
{
    switch (urgency) {
    case Urgency::Critical:
        return QStringLiteral("red");
    case Urgency::Soon:
        return QStringLiteral("amber");
    case Urgency::Ok:
        return QStringLiteral("green");
    case Urgency::None:
        break;
    }
    return {};
}

QString CountdownLabel::colourName() const
{
    return colourNameFor(m_profileId.isNull() ? Urgency::None : m_sessions.urgency(m_profileId));
}

void CountdownLabel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // A theme switch changes what the urgency colours are.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        refresh();
}

void CountdownLabel::refresh()
{
    const auto time = [](const QDateTime &when) {
        return QLocale().toString(when.toLocalTime().time(), QLocale::ShortFormat);
    };
    QFont font = m_label->font();
    const qint64 left = m_profileId.isNull() ? 0 : m_sessions.secondsLeft(m_profileId);
    if (left > 0) {
        const Urgency urgency = TokenSessions::urgencyFor(left);
        font.setBold(true);
        QPalette palette = m_label->palette();
        palette.setColor(QPalette::WindowText, colourFor(urgency));
        m_label->setPalette(palette);
        m_label->setForegroundRole(QPalette::WindowText);
        m_label->setFullText(tr("%1 left").arg(token::countdownText(left)));
        m_label->setDetails(
            tr("Valid until %1 (signed at %2): the token's lifetime or the credentials' "
               "expiry, whichever comes first.")
                .arg(time(m_sessions.validUntil(m_profileId)), time(m_sessions.signedAt(m_profileId))));
    } else {
        font.setBold(false);
        m_label->setPalette(QPalette()); // the window's own colours again
        m_label->setForegroundRole(QPalette::PlaceholderText);
        QString text = m_idleText;
        if (const auto ending = m_profileId.isNull() ? std::nullopt : m_sessions.lastEnding(m_profileId)) {
            switch (ending->reason) {
            case EndReason::Expired:
                text = tr("Expired at %1. Sign again for a fresh token.").arg(time(ending->at));
                break;
            case EndReason::TargetChanged:
                text = tr("Ended at %1: the endpoint changed. Sign again for the new one.")
                           .arg(time(ending->at));
                break;
            case EndReason::ProfileRemoved:
                break;
            }
        }
        m_label->setFullText(text);
        m_label->setDetails({});
    }
    m_label->setFont(font);
}

} // namespace signet::ui
