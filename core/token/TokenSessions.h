// SPDX-License-Identifier: GPL-3.0-or-later
// TokenSessions: the live IAM tokens, one per profile — the one model the token panel, the quick
// sign panel, the tray and the profile tree read.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/CredentialChainOptions.h"
#include "aws/ResolvedCredentials.h"
#include "aws/StsClient.h"
#include "common/Clock.h"
#include "common/Error.h"
#include "profiles/ConnectionProfile.h"
#include "token/AuthToken.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUuid>

#include <functional>
#include <optional>

namespace signet::profiles {
class ProfileStore;
}

namespace signet::token {

// How soon a token runs out. One set of thresholds (TokenSessions::SoonSeconds, CriticalSeconds)
// for every view: the panel's colour, the tray, the tree.
enum class Urgency
{
    None,     // no live token
    Ok,       // more than SoonSeconds left
    Soon,     // SoonSeconds or less
    Critical, // CriticalSeconds or less
};

// Why a live token stopped being offered.
enum class EndReason
{
    Expired,        // its validity (token or credentials) ran out
    TargetChanged,  // the profile now points elsewhere (host, port, user, region, engine, via)
    ProfileRemoved, // the profile is gone
};

// Who signed a token, without any secret: what the views show as its identity.
struct SignerIdentity final
{
    QString source;      // where the credentials came from ("environment", "keychain", "sso:…")
    QString maskedKeyId; // "AKIA…MPLE"
    QString arn;         // known up front for assume-role and SSO, else from STS GetCallerIdentity
    QString account;
    bool temporary = false;
    std::optional<QDateTime> credentialsExpireAt;
    bool lookingUp = false;            // GetCallerIdentity is in flight
    std::optional<Error> lookupFailed; // GetCallerIdentity failed: the token works, the account is unknown
};

class TokenSessions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenSessions)

public:
    static constexpr qint64 SoonSeconds = 300;
    static constexpr qint64 CriticalSeconds = 60;
    // Automatic re-sign starts this long before a token runs out.
    static constexpr qint64 ResignSeconds = 60;
    static Urgency urgencyFor(qint64 secondsLeft);

    // The seam through which sessions get a profile's credentials. Answers once, on this thread.
    // `mfaPrompt` asks the user for a code when an assume-role profile needs one.
    using CredentialLookup =
        std::function<void(const profiles::ConnectionProfile &profile, const aws::MfaPrompt &mfaPrompt,
                           QObject *context, aws::ResultCallback<aws::ResolvedCredentials> done)>;
    // Who owns a key pair: STS GetCallerIdentity, asked once per access key.
    using CallerLookup = std::function<void(const aws::Credentials &credentials, const QString &region,
                                            QObject *context, aws::ResultCallback<aws::CallerIdentity> done)>;
    // GetCallerIdentity at the STS endpoint of the environment (AWS_ENDPOINT_URL_STS honoured).
    static CallerLookup stsCallerLookup(const Clock &clock);

    TokenSessions(const Clock &clock, CredentialLookup credentials, QObject *parent = nullptr);
    ~TokenSessions() override;

    void setCallerLookup(CallerLookup lookup) { m_callerLookup = std::move(lookup); }
    // The prompt used when a sign() passes none (the token panel installs the MFA dialog).
    void setMfaPrompt(aws::MfaPrompt prompt) { m_mfaPrompt = std::move(prompt); }
    // Follows the store: a profile whose target changed, or that was removed, loses its token.
    void followStore(const profiles::ProfileStore &store);

    // Signs a fresh token for the profile's real endpoint; the credentials arrive asynchronously
    // (tokenSigned or signingFailed follows). A profile already signing is not signed twice.
    void sign(const profiles::ConnectionProfile &profile, aws::MfaPrompt mfaPrompt = {});
    bool isSigning(const QUuid &profileId) const { return m_signing.contains(profileId); }

    bool hasToken(const QUuid &profileId) const;
    // Whole seconds until min(token expiry, credentials expiry); 0 without a live token.
    qint64 secondsLeft(const QUuid &profileId) const;
    Urgency urgency(const QUuid &profileId) const { return urgencyFor(secondsLeft(profileId)); }
    QDateTime signedAt(const QUuid &profileId) const;
    QDateTime validUntil(const QUuid &profileId) const;
    // The token itself (reveals it: hand it to a clipboard or a client, never to a log); empty
    // without a live token.
    QString tokenText(const QUuid &profileId) const;
    std::optional<SignerIdentity> identity(const QUuid &profileId) const;

    struct Ending
    {
        QDateTime at;
        EndReason reason = EndReason::Expired;
    };
    // How the profile's last token ended, while it has no new one.
    std::optional<Ending> lastEnding(const QUuid &profileId) const;

    // Re-sign ResignSeconds before the token runs out; kept per profile, also before signing.
    void setAutoResign(const QUuid &profileId, bool on);
    bool autoResign(const QUuid &profileId) const { return m_autoResign.contains(profileId); }

    struct LiveToken
    {
        QUuid profileId;
        QString profileName;
        qint64 secondsLeft = 0;
    };
    // Every live token, soonest to expire first.
    QList<LiveToken> liveTokens() const;

    // The profile as it is now: a changed target ends its token (a rename only renames it).
    void updateProfile(const profiles::ConnectionProfile &profile);
    // The whole list as it is now: updateProfile() for each, and the tokens of removed profiles end.
    void syncProfiles(const QList<profiles::ConnectionProfile> &profiles);
    // The profile is gone: its token ends, its settings are dropped.
    void forgetProfile(const QUuid &profileId);

    // One countdown step (a 1 s timer calls it while a token is live; tests call it after moving a
    // ManualClock): counts down, re-signs, ends expired tokens.
    void tick();

    // The token asks for that endpoint: a change in any of these makes a token useless or wrong.
    // (The database is not part of an IAM token: one token opens every database of the instance.)
    static bool sameTarget(const profiles::ConnectionProfile &a, const profiles::ConnectionProfile &b);

Q_SIGNALS:
    void signingStarted(const QUuid &profileId);
    void tokenSigned(const QUuid &profileId, const QDateTime &validUntil);
    void signingFailed(const QUuid &profileId, const signet::Error &error);
    void tokenEnded(const QUuid &profileId, signet::token::EndReason reason);
    // Whenever the whole seconds left change (each tick), and 0 when a token ends.
    void secondsLeftChanged(const QUuid &profileId, qint64 secondsLeft);
    void urgencyChanged(const QUuid &profileId, signet::token::Urgency urgency);
    // The account behind a token became known, or could not be.
    void identityChanged(const QUuid &profileId);
    void autoResignChanged(const QUuid &profileId, bool on);

private:
    struct Session
    {
        profiles::ConnectionProfile profile;
        AuthToken token;
        SignerIdentity identity;
        QString accessKeyId;
        qint64 lastSecondsLeft = 0;
        Urgency lastUrgency = Urgency::None;
        bool resignStarted = false;
        bool fromStore = false;
        aws::MfaPrompt mfaPrompt;
    };

    void finishSigning(const profiles::ConnectionProfile &profile, quint64 generation,
                       const aws::MfaPrompt &mfaPrompt, Result<aws::ResolvedCredentials> resolved);
    void end(const QUuid &profileId, EndReason reason, const QDateTime &at);
    void lookUpCaller(const QString &accessKeyId, const aws::Credentials &credentials, const QString &region);
    void applyCaller(const QString &accessKeyId, const Result<aws::CallerIdentity> &caller);

    const Clock &m_clock;
    CredentialLookup m_credentials;
    CallerLookup m_callerLookup;
    aws::MfaPrompt m_mfaPrompt;
    QHash<QUuid, Session> m_sessions;
    QHash<QUuid, Ending> m_endings;
    QHash<QUuid, quint64> m_signing;                    // profile → generation of the signing in flight
    QHash<QUuid, profiles::ConnectionProfile> m_latest; // the newest known version of each profile
    QSet<QUuid> m_storeIds;
    QSet<QUuid> m_autoResign;
    quint64 m_generation = 0;
    QHash<QString, aws::CallerIdentity> m_callers; // by access key id: asked once, kept
    QSet<QString> m_callerLookups;                 // access key ids with a request in flight
    QTimer m_timer;
};

} // namespace signet::token
