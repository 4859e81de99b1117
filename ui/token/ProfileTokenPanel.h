// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTokenPanel: the selected profile's token as one compact row — countdown, the hidden token,
// Sign, Copy, Reveal, auto re-sign and who signed — a view of the token-session model.
#pragma once

#include "common/Error.h"
#include "profiles/ConnectionProfile.h"
#include "token/TokenSessions.h"

#include <QSet>
#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QUrl;

namespace signet::ui {

class ConcealedClipboard;
class CountdownLabel;
class ElidedLabel;
class SsoSignInDialog;

// The tokens themselves, their countdown, re-sign and identity live in token::TokenSessions;
// switching profiles only changes which of them the row shows. An error takes a second row.
class ProfileTokenPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileTokenPanel)

public:
    explicit ProfileTokenPanel(token::TokenSessions &sessions, QWidget *parent = nullptr);
    ~ProfileTokenPanel() override;

    // The profile the panel shows; nullopt when none is selected.
    void setProfile(const std::optional<profiles::ConnectionProfile> &profile);
    // The profile's keys were stored or removed: an error about them no longer holds.
    void credentialsChanged(const QUuid &profileId);

    void sign();
    void copyToken();
    // Copies that profile's live token (concealed, self-clearing); false when it has none.
    bool copyTokenFor(const QUuid &profileId);

    bool hasToken() const;
    qint64 secondsLeft() const;
    QString countdownText() const;
    // Who signed, in a few words (the row).
    QString identitySummary() const;
    // Everything about who signed (the identity's tooltip and its details popup).
    QString identityText() const;
    QString identityToolTip() const;
    QString errorText() const;
    // "green", "amber", "red" or "" (no token): what the countdown shows.
    QString urgency() const;
    ConcealedClipboard *clipboard() const { return m_clipboard; }
    // Token › Sign (Ctrl+R) and Token › Copy Token (Ctrl+Shift+C) for the window's menu, enabled
    // as the buttons are.
    QAction *signAction() const { return m_signAction; }
    QAction *copyAction() const { return m_copyAction; }
    QPushButton *signButton() const { return m_signButton; }
    QPushButton *copyButton() const { return m_copyButton; }
    QPushButton *revealButton() const { return m_revealButton; }
    QLineEdit *tokenField() const { return m_tokenField; }
    QCheckBox *autoResignBox() const { return m_autoResign; }
    // Opens the identity details under the row (keyboard: focus it, Space).
    QToolButton *identityButton() const { return m_identityButton; }
    QFrame *identityPopup() const { return m_identityPopup; }
    // Shown next to an SSO "not signed in / session expired" error.
    QPushButton *signInButton() const { return m_signInButton; }
    // Opens the IAM Identity Center sign-in for the profile's AWS profile, then signs again.
    void signInWithSso();

    // How the IAM Identity Center sign-in opens its page (the desktop's browser unless a test
    // injects its own).
    void setSsoUrlOpener(std::function<bool(const QUrl &)> opener) { m_openSsoUrl = std::move(opener); }

Q_SIGNALS:
    void messageRaised(const QString &message);

private:
    bool isCurrent(const QUuid &profileId) const { return m_profile && m_profile->id == profileId; }
    void onSigned(const QUuid &profileId);
    void onFailed(const QUuid &profileId, const Error &error);
    void onEnded(const QUuid &profileId, token::EndReason reason);
    void showError(const Error &error);
    void clearError();
    void refresh();
    void refreshIdentity();
    void setRevealed(bool revealed);
    void showIdentityPopup();

    token::TokenSessions &m_sessions;
    std::optional<profiles::ConnectionProfile> m_profile;
    QSet<QUuid> m_asked; // profiles signed from here: their outcome is said in the status bar
    std::function<bool(const QUrl &)> m_openSsoUrl;
    ConcealedClipboard *m_clipboard = nullptr;

    QAction *m_signAction = nullptr;
    QAction *m_copyAction = nullptr;
    CountdownLabel *m_countdown = nullptr;
    QPushButton *m_signButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_revealButton = nullptr;
    QCheckBox *m_autoResign = nullptr;
    QLineEdit *m_tokenField = nullptr;
    ElidedLabel *m_identity = nullptr;
    QToolButton *m_identityButton = nullptr;
    QFrame *m_identityPopup = nullptr;
    QLabel *m_identityDetails = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_signInButton = nullptr;
};

} // namespace signet::ui
