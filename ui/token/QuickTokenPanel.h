// SPDX-License-Identifier: GPL-3.0-or-later
// QuickTokenPanel: sign a token for an endpoint typed in by hand, watch it count down, copy it —
// a view of the token-session model (its token is one more session there, listed by the tray).
#pragma once

#include "common/Error.h"
#include "token/TokenSessions.h"

#include <QUuid>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace signet::ui {

class ConcealedClipboard;
class CountdownLabel;

class QuickTokenPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickTokenPanel)

public:
    explicit QuickTokenPanel(token::TokenSessions &sessions, QWidget *parent = nullptr);
    ~QuickTokenPanel() override;

    // Signs with the values in the form; the credentials are looked up without blocking the window
    // (the token or an inline error follows).
    void sign();
    QLineEdit *hostField() const { return m_host; }
    QLineEdit *userField() const { return m_user; }
    QLineEdit *tokenField() const { return m_tokenField; }
    QPushButton *signButton() const { return m_signButton; }
    QPushButton *copyButton() const { return m_copyButton; }
    void copyToken();
    bool hasToken() const { return m_sessions.hasToken(m_id); }
    QString countdownText() const;
    // The key of this panel's session in the model.
    QUuid sessionId() const { return m_id; }
    ConcealedClipboard *clipboard() const { return m_clipboard; }

Q_SIGNALS:
    void statusChanged(const QString &message);

private:
    void showError(const Error &error);
    void refresh();
    void setRevealed(bool revealed);

    token::TokenSessions &m_sessions;
    const QUuid m_id = QUuid::createUuid();
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_awsProfile = nullptr;
    QPushButton *m_signButton = nullptr;
    QLineEdit *m_tokenField = nullptr;
    QPushButton *m_revealButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    CountdownLabel *m_countdown = nullptr;
    QLabel *m_message = nullptr;
    ConcealedClipboard *m_clipboard = nullptr;
};

} // namespace signet::ui
