// ProfileTokenPanel: the selected profile's token: Sign, hidden until revealed, live countdown, Copy.
#pragma once

#include "aws/CredentialChainOptions.h"
#include "aws/ResolvedCredentials.h"
#include "aws/StsClient.h"
#include "common/Clock.h"
#include "common/Error.h"
#include "common/SecretString.h"
#include "profiles/ConnectionProfile.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QUuid>
#include <QWidget>

#include <optional>

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace signet::profiles {
class SecretStore;
}

namespace signet::ui {

class ConcealedClipboard;
class SsoSignInDialog;

// Keeps one live token per profile (switching profiles does not lose it) and counts each down to its
// validUntil() (the earlier of 15 minutes and the credentials' expiry): green, amber from 5 minutes,
// red from 1 minute; expired tokens are wiped. With "auto re-sign" a token is renewed a minute
// before it runs out.
class ProfileTokenPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileTokenPanel)

public:
    static constexpr qint64 AmberSeconds = 300;
    static constexpr qint64 RedSeconds = 60;
    static constexpr qint64 AutoResignSeconds = 60;

    ProfileTokenPanel(const Clock &clock, profiles::SecretStore &secrets, QWidget *parent = nullptr);
    ~ProfileTokenPanel() override;

    // The profile the panel shows; nullopt when none is selected.
    void setProfile(const std::optional<profiles::ConnectionProfile> &profile);
    // A profile was removed: its token goes too.
    void forgetProfile(const QUuid &id);

    void sign();
    void copyToken();
    // One countdown step (the 1 s timer calls it; tests call it after moving a ManualClock).
    void tick();

    struct LiveToken
    {
        QUuid profileId;
        QString profileName;
        qint64 secondsLeft = 0;
    };
    // Every profile's token that is still valid, soonest to expire first (the tray lists them).
    QList<LiveToken> liveTokens() const;
    // Copies that profile's live token (concealed, self-clearing); false when it has none.
    bool copyTokenFor(const QUuid &profileId);

    bool hasToken() const;
    qint64 secondsLeft() const;
    QString countdownText() const;
    QString identityText() const;
    QString identityToolTip() const;
    QString errorText() const;
    // "green", "amber", "red" or "" (no token): what the countdown shows.
    QString urgency() const;
    ConcealedClipboard *clipboard() const { return m_clipboard; }
    QPushButton *signButton() const { return m_signButton; }
    QPushButton *copyButton() const { return m_copyButton; }
    QPushButton *revealButton() const { return m_revealButton; }
    QLineEdit *tokenField() const { return m_tokenField; }
    QCheckBox *autoResignBox() const { return m_autoResign; }
    // Shown next to an SSO "not signed in / session expired" error.
    QPushButton *signInButton() const { return m_signInButton; }
    // Opens the IAM Identity Center sign-in for the profile's AWS profile, then signs again.
    void signInWithSso();

    // Asked for a code when an assume-role profile needs one: MfaCodeDialog by default; tests
    // inject their own. An empty prompt makes the chain report "credentials.mfa-required".
    void setMfaPrompt(aws::MfaPrompt prompt) { m_mfaPrompt = std::move(prompt); }

Q_SIGNALS:
    void tokenSigned(const QUuid &profileId, const QDateTime &validUntil);
    // Every tick for every live token (0 when it expired), so the tree can show the time left.
    void tokenLifeChanged(const QUuid &profileId, qint64 secondsLeft);
    void messageRaised(const QString &message);
    // Hook for the credentials issue: signing needs the user (an MFA code for assume-role, or an
    // SSO "Sign in"). The error is shown inline; the MFA dialog / SSO sign-in will connect here.
    void interactiveSignInNeeded(const QUuid &profileId, const signet::Error &error);
    // The sign-in dialog just opened (tests use it to inject the browser opener).
    void ssoSignInStarted(signet::ui::SsoSignInDialog *dialog);

private:
    struct Session
    {
        profiles::ConnectionProfile profile;
        SecretString token;
        QDateTime signedAt;
        QDateTime validUntil;
        QString identity;
        QString identityDetail; // tooltip: why the account is unknown
        // Who signed, without the secret key: identityOf() again once STS names the account.
        aws::ResolvedCredentials signer;
        bool autoResign = false;
    };

    void signProfile(const profiles::ConnectionProfile &profile);
    void finishSigning(const profiles::ConnectionProfile &profile,
                       const Result<aws::ResolvedCredentials> &resolved);
    void showError(const Error &error);
    void clearError();
    void refresh();
    void setRevealed(bool revealed);
    static QString identityOf(const aws::ResolvedCredentials &resolved, const QDateTime &now);
    // Long-term keys (environment, keychain, files) do not say whose they are: STS
    // GetCallerIdentity does, once per access key (AWS_ENDPOINT_URL_STS honoured).
    void lookUpCaller(const profiles::ConnectionProfile &profile, const aws::ResolvedCredentials &resolved);
    void applyCaller(const QString &accessKeyId, const Result<aws::CallerIdentity> &caller);

    const Clock &m_clock;
    profiles::SecretStore &m_secrets;
    std::optional<profiles::ConnectionProfile> m_profile;
    aws::MfaPrompt m_mfaPrompt;
    int m_pending = 0; // credential look-ups in flight
    QHash<QUuid, Session> m_sessions;
    QHash<QUuid, QDateTime> m_expiredAt;           // tokens that ran out, to say so instead of "no token"
    QHash<QString, aws::CallerIdentity> m_callers; // by access key id
    QSet<QString> m_callerLookups;                 // access key ids with a request in flight
    QTimer m_timer;
    ConcealedClipboard *m_clipboard = nullptr;

    QGroupBox *m_box = nullptr;
    QLabel *m_countdown = nullptr;
    QProgressBar *m_lifeBar = nullptr;
    QPushButton *m_signButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_revealButton = nullptr;
    QCheckBox *m_autoResign = nullptr;
    QLineEdit *m_tokenField = nullptr;
    QLabel *m_identity = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_signInButton = nullptr;
    Error m_lastError;
};

} // namespace signet::ui
