// QuickTokenPanel: sign a token for an endpoint typed in by hand, watch it count down, copy it.
#pragma once

#include "aws/CredentialChainOptions.h"
#include "aws/Credentials.h"
#include "common/Clock.h"
#include "common/Error.h"
#include "common/SecretString.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace signet::ui {

class ConcealedClipboard;

class QuickTokenPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickTokenPanel)

public:
    explicit QuickTokenPanel(const Clock &clock, QWidget *parent = nullptr);
    ~QuickTokenPanel() override;

    // Signs with the values in the form; the credentials are looked up without blocking the window
    // (tokenSigned or an inline error follows).
    void sign();
    // Asks for an MFA code when an assume-role profile needs one (default: MfaCodeDialog).
    void setMfaPrompt(aws::MfaPrompt prompt) { m_mfaPrompt = std::move(prompt); }
    QLineEdit *hostField() const { return m_host; }
    QLineEdit *userField() const { return m_user; }
    QLineEdit *tokenField() const { return m_tokenField; }
    QPushButton *signButton() const { return m_signButton; }
    void copyToken();
    bool hasToken() const { return !m_token.isEmpty(); }
    ConcealedClipboard *clipboard() const { return m_clipboard; }

Q_SIGNALS:
    void tokenSigned(const QDateTime &validUntil);
    void statusChanged(const QString &message);

private:
    void finishSigning(const QString &host, int port, const QString &region, const QString &user,
                       const aws::Credentials &credentials);
    void updateCountdown();
    void showError(const Error &error);
    void setRevealed(bool revealed);

    const Clock &m_clock;
    aws::MfaPrompt m_mfaPrompt;
    quint64 m_generation = 0; // a newer sign() drops the answer of an older one
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_awsProfile = nullptr;
    QPushButton *m_signButton = nullptr;
    QLineEdit *m_tokenField = nullptr;
    QPushButton *m_revealButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QLabel *m_countdown = nullptr;
    QProgressBar *m_lifeBar = nullptr;
    QLabel *m_message = nullptr;
    ConcealedClipboard *m_clipboard = nullptr;
    QTimer m_tick;
    SecretString m_token;
    QDateTime m_signedAt;
    QDateTime m_validUntil;
};

} // namespace signet::ui
