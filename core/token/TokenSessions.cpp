// SPDX-License-Identifier: GPL-3.0-or-later
// The token-session model: signing, countdown, urgency, re-sign, endings and the caller cache.
#include "token/TokenSessions.h"

#include "aws/ServiceEndpoints.h"
#include "profiles/ProfileSigner.h"
#include "profiles/ProfileStore.h"

#include <QPointer>
#include <QProcessEnvironment>

#include <algorithm>
#include <memory>

namespace signet::token {

using profiles::ConnectionProfile;

Urgency TokenSessions::urgencyFor(qint64 secondsLeft)
{
    if (secondsLeft <= 0)
        return Urgency::None;
    if (secondsLeft <= CriticalSeconds)
        return Urgency::Critical;
    if (secondsLeft <= SoonSeconds)
        return Urgency::Soon;
    return Urgency::Ok;
}

TokenSessions::CallerLookup TokenSessions::stsCallerLookup(const Clock &clock)
{
    return [&clock](const aws::Credentials &credentials, const QString &region, QObject *context,
                    aws::ResultCallback<aws::CallerIdentity> done) {
        auto sts = std::make_shared<aws::StsClient>(
            aws::ServiceEndpoints(QProcessEnvironment::systemEnvironment()), region, clock, 8000);
        QPointer<QObject> alive(context);
        sts->getCallerIdentity(credentials, [alive, sts, done](Result<aws::CallerIdentity> caller) {
            if (alive)
                done(std::move(caller));
        });
    };
}

bool TokenSessions::sameTarget(const ConnectionProfile &a, const ConnectionProfile &b)
{
    return a.engine == b.engine && a.host.compare(b.host, Qt::CaseInsensitive) == 0 && a.port == b.port &&
           a.effectiveRegion() == b.effectiveRegion() && a.dbUser == b.dbUser &&
           a.viaHost.compare(b.viaHost, Qt::CaseInsensitive) == 0 && a.viaPort == b.viaPort;
}

TokenSessions::TokenSessions(const Clock &clock, CredentialLookup credentials, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_credentials(std::move(credentials))
    , m_callerLookup(stsCallerLookup(clock))
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &TokenSessions::tick);
}

TokenSessions::~TokenSessions() = default;

void TokenSessions::followStore(const profiles::ProfileStore &store)
{
    connect(&store, &profiles::ProfileStore::profilesChanged, this,
            [this, &store] { syncProfiles(store.profiles()); });
    syncProfiles(store.profiles());
}

void TokenSessions::sign(const ConnectionProfile &profile, aws::MfaPrompt mfaPrompt)
{
    if (m_signing.contains(profile.id))
        return;
    if (!mfaPrompt)
        mfaPrompt = m_mfaPrompt;
    m_latest.insert(profile.id, profile);
    const quint64 generation = ++m_generation;
    m_signing.insert(profile.id, generation);
    Q_EMIT signingStarted(profile.id);
    // Credentials arrive asynchronously (keychain, STS, SSO, processes): nobody waits here.
    QPointer<TokenSessions> self(this);
    m_credentials(profile, mfaPrompt, this,
                  [self, profile, generation, mfaPrompt](Result<aws::ResolvedCredentials> resolved) {
                      if (self)
                          self->finishSigning(profile, generation, mfaPrompt, std::move(resolved));
                  });
}

void TokenSessions::finishSigning(const ConnectionProfile &profile, quint64 generation,
                                  const aws::MfaPrompt &mfaPrompt, Result<aws::ResolvedCredentials> resolved)
{
    if (m_signing.value(profile.id) != generation)
        return; // the profile changed or went away meanwhile: signingFailed was said then
    m_signing.remove(profile.id);
    const QDateTime now = m_clock.now();
    Result<AuthToken> token = resolved ? profiles::ProfileSigner::sign(profile, resolved->credentials, now)
                                       : Result<AuthToken>(resolved.error());
    if (!token) {
        if (auto it = m_sessions.find(profile.id); it != m_sessions.end())
            it->resignStarted = true; // one automatic attempt per token; the user can still Sign
        Q_EMIT signingFailed(profile.id, token.error());
        return;
    }
    m_endings.remove(profile.id);
    Session &session = m_sessions[profile.id];
    session.profile = profile;
    session.token = std::move(token).value();
    session.resignStarted = false;
    session.fromStore = session.fromStore || m_storeIds.contains(profile.id);
    session.mfaPrompt = mfaPrompt;
    session.accessKeyId = resolved->credentials.accessKeyId;
    SignerIdentity &identity = session.identity;
    identity = {};
    identity.source =
        resolved->credentials.source.isEmpty() ? resolved->provider : resolved->credentials.source;
    identity.maskedKeyId = resolved->credentials.maskedAccessKeyId();
    identity.temporary = resolved->credentials.isTemporary() || resolved->credentials.expiration.has_value();
    identity.credentialsExpireAt = resolved->credentials.expiration;
    identity.arn = resolved->arn;
    identity.account = resolved->accountId;
    if (identity.arn.isEmpty()) {
        if (const auto known = m_callers.constFind(session.accessKeyId); known != m_callers.cend()) {
            identity.arn = known->arn;
            identity.account = known->account;
        }
    }
    const qint64 left = session.token.secondsLeft(now);
    session.lastSecondsLeft = left;
    session.lastUrgency = urgencyFor(left);
    m_timer.start();
    Q_EMIT tokenSigned(profile.id, session.token.validUntil());
    Q_EMIT secondsLeftChanged(profile.id, left);
    Q_EMIT urgencyChanged(profile.id, session.lastUrgency);
    // Long-term keys do not say whose they are: STS does, once per access key.
    if (identity.arn.isEmpty())
        lookUpCaller(session.accessKeyId, resolved->credentials, profile.effectiveRegion());
}

void TokenSessions::lookUpCaller(const QString &accessKeyId, const aws::Credentials &credentials,
                                 const QString &region)
{
    for (Session &session : m_sessions) {
        if (session.accessKeyId == accessKeyId && session.identity.arn.isEmpty())
            session.identity.lookingUp = true;
    }
    if (m_callerLookups.contains(accessKeyId))
        return;
    m_callerLookups.insert(accessKeyId);
    QPointer<TokenSessions> self(this);
    m_callerLookup(credentials, region, this, [self, accessKeyId](Result<aws::CallerIdentity> caller) {
        if (self)
            self->applyCaller(accessKeyId, caller);
    });
}

void TokenSessions::applyCaller(const QString &accessKeyId, const Result<aws::CallerIdentity> &caller)
{
    m_callerLookups.remove(accessKeyId);
    if (caller)
        m_callers.insert(accessKeyId, *caller);
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        SignerIdentity &identity = it->identity;
        if (it->accessKeyId != accessKeyId || !identity.arn.isEmpty())
            continue;
        identity.lookingUp = false;
        if (caller) {
            identity.arn = caller->arn;
            identity.account = caller->account;
            identity.lookupFailed.reset();
        } else {
            identity.lookupFailed = caller.error();
        }
        Q_EMIT identityChanged(it.key());
    }
}

bool TokenSessions::hasToken(const QUuid &profileId) const
{
    return secondsLeft(profileId) > 0;
}

qint64 TokenSessions::secondsLeft(const QUuid &profileId) const
{
    const auto it = m_sessions.constFind(profileId);
    return it == m_sessions.cend() ? 0 : it->token.secondsLeft(m_clock.now());
}

QDateTime TokenSessions::signedAt(const QUuid &profileId) const
{
    return hasToken(profileId) ? m_sessions.value(profileId).token.signedAt() : QDateTime();
}

QDateTime TokenSessions::validUntil(const QUuid &profileId) const
{
    return hasToken(profileId) ? m_sessions.value(profileId).token.validUntil() : QDateTime();
}

QString TokenSessions::tokenText(const QUuid &profileId) const
{
    const auto it = m_sessions.constFind(profileId);
    if (it == m_sessions.cend() || it->token.isExpired(m_clock.now()))
        return {};
    return it->token.text();
}

std::optional<SignerIdentity> TokenSessions::identity(const QUuid &profileId) const
{
    const auto it = m_sessions.constFind(profileId);
    if (it == m_sessions.cend())
        return std::nullopt;
    return it->identity;
}

std::optional<TokenSessions::Ending> TokenSessions::lastEnding(const QUuid &profileId) const
{
    const auto it = m_endings.constFind(profileId);
    if (it == m_endings.cend() || m_sessions.contains(profileId))
        return std::nullopt;
    return *it;
}

void TokenSessions::setAutoResign(const QUuid &profileId, bool on)
{
    if (on == m_autoResign.contains(profileId))
        return;
    if (on)
        m_autoResign.insert(profileId);
    else
        m_autoResign.remove(profileId);
    Q_EMIT autoResignChanged(profileId, on);
}

QList<TokenSessions::LiveToken> TokenSessions::liveTokens() const
{
    const QDateTime now = m_clock.now();
    QList<LiveToken> live;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (const qint64 left = it->token.secondsLeft(now); left > 0)
            live.append({it.key(), it->profile.name, left});
    }
    std::sort(live.begin(), live.end(), [](const LiveToken &a, const LiveToken &b) {
        return a.secondsLeft != b.secondsLeft ? a.secondsLeft < b.secondsLeft : a.profileName < b.profileName;
    });
    return live;
}

void TokenSessions::updateProfile(const ConnectionProfile &profile)
{
    const auto latest = m_latest.constFind(profile.id);
    const bool retargeted = latest != m_latest.cend() && !sameTarget(*latest, profile);
    m_latest.insert(profile.id, profile);
    if (!retargeted) {
        if (auto it = m_sessions.find(profile.id); it != m_sessions.end())
            it->profile.name = profile.name; // the tray and messages follow a rename
        return;
    }
    if (m_signing.remove(profile.id))
        Q_EMIT signingFailed(
            profile.id,
            makeError(QStringLiteral("token.target-changed"),
                      QStringLiteral("the endpoint of \"%1\" changed while signing").arg(profile.name),
                      QStringLiteral("Sign again for the new endpoint.")));
    if (m_sessions.contains(profile.id))
        end(profile.id, EndReason::TargetChanged, m_clock.now());
}

void TokenSessions::syncProfiles(const QList<ConnectionProfile> &profiles)
{
    QSet<QUuid> present;
    for (const ConnectionProfile &profile : profiles) {
        present.insert(profile.id);
        if (auto it = m_sessions.find(profile.id); it != m_sessions.end())
            it->fromStore = true;
        updateProfile(profile);
    }
    // Only what the store held before can be removed from it (a quick-sign token never was there).
    const QSet<QUuid> gone = m_storeIds - present;
    m_storeIds = present;
    for (const QUuid &id : gone)
        forgetProfile(id);
}

void TokenSessions::forgetProfile(const QUuid &profileId)
{
    m_latest.remove(profileId);
    m_signing.remove(profileId);
    setAutoResign(profileId, false);
    if (m_sessions.contains(profileId))
        end(profileId, EndReason::ProfileRemoved, m_clock.now());
    m_endings.remove(profileId);
}

void TokenSessions::end(const QUuid &profileId, EndReason reason, const QDateTime &at)
{
    if (!m_sessions.remove(profileId)) // wipes the token
        return;
    m_endings.insert(profileId, {at, reason});
    if (m_sessions.isEmpty())
        m_timer.stop();
    Q_EMIT secondsLeftChanged(profileId, 0);
    Q_EMIT urgencyChanged(profileId, Urgency::None);
    Q_EMIT tokenEnded(profileId, reason);
}

void TokenSessions::tick()
{
    // Work out every change first, then say them: a view reading the model from a slot sees it whole.
    const QDateTime now = m_clock.now();
    QList<std::pair<QUuid, qint64>> counted;
    QList<std::pair<QUuid, Urgency>> moved;
    QList<std::pair<ConnectionProfile, aws::MfaPrompt>> renew;
    QList<std::pair<QUuid, QDateTime>> expired;
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        Session &session = *it;
        const qint64 left = session.token.secondsLeft(now);
        if (left == 0) {
            expired.append({it.key(), session.token.validUntil()});
            continue;
        }
        if (left != session.lastSecondsLeft) {
            session.lastSecondsLeft = left;
            counted.append({it.key(), left});
        }
        if (const Urgency urgency = urgencyFor(left); urgency != session.lastUrgency) {
            session.lastUrgency = urgency;
            moved.append({it.key(), urgency});
        }
        if (left <= ResignSeconds && m_autoResign.contains(it.key()) && !session.resignStarted &&
            !m_signing.contains(it.key())) {
            session.resignStarted = true;
            renew.append({m_latest.value(it.key(), session.profile), session.mfaPrompt});
        }
    }
    for (const auto &[id, left] : counted)
        Q_EMIT secondsLeftChanged(id, left);
    for (const auto &[id, urgency] : moved)
        Q_EMIT urgencyChanged(id, urgency);
    for (const auto &[id, at] : expired)
        end(id, EndReason::Expired, at);
    for (const auto &[profile, prompt] : renew)
        sign(profile, prompt);
}

} // namespace signet::token
