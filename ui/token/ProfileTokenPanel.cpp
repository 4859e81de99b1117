// ProfileTokenPanel: signing for a profile, per-profile token sessions, countdown and concealed copy.
#include "token/ProfileTokenPanel.h"
#include "common/Theme.h"

#include "aws/CredentialChain.h"
#include "common/ConcealedClipboard.h"
#include "profiles/ProfileSigner.h"
#include "profiles/SecretStore.h"
#include "token/AuthToken.h"
#include "token/MfaCodeDialog.h"
#include "token/SsoSignInDialog.h"

#include <QCheckBox>

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcessEnvironment>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace signet::ui {

using profiles::ConnectionProfile;

namespace {

QString colourFor(const QString &urgency)
{
    if (urgency == u"red")
        return theme::error().name();
    if (urgency == u"amber")
        return theme::warning().name();
    return theme::ok().name();
}

QString urgencyFor(qint64 left)
{
    if (left <= 0)
        return {};
    if (left <= ProfileTokenPanel::RedSeconds)
        return QStringLiteral("red");
    if (left <= ProfileTokenPanel::AmberSeconds)
        return QStringLiteral("amber");
    return QStringLiteral("green");
}

bool needsInteraction(const Error &error)
{
    return error.code == u"credentials.mfa-required" || error.code == u"sso.not-signed-in" ||
           error.code == u"sso.token-expired";
}

} // namespace

ProfileTokenPanel::ProfileTokenPanel(const Clock &clock, profiles::SecretStore &secrets, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_secrets(secrets)
    , m_clipboard(new ConcealedClipboard(this))
{
    m_mfaPrompt = MfaCodeDialog::asyncPrompt(this);

    m_box = new QGroupBox(tr("Token"), this);
    m_countdown = new QLabel(m_box);
    m_countdown->setObjectName(QStringLiteral("countdown"));
    m_countdown->setTextFormat(Qt::RichText);
    m_signButton = new QPushButton(QIcon::fromTheme(QStringLiteral("document-sign")), tr("&Sign"), m_box);
    m_signButton->setObjectName(QStringLiteral("signButton"));
    m_signButton->setToolTip(tr("Sign a fresh token (Enter in the profile list)"));
    m_copyButton = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy"), m_box);
    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_revealButton = new QPushButton(tr("Re&veal"), m_box);
    m_revealButton->setCheckable(true);
    m_autoResign = new QCheckBox(tr("&Auto re-sign"), m_box);
    m_autoResign->setToolTip(tr("Sign a new token a minute before this one expires"));
    m_lifeBar = new QProgressBar(m_box);
    m_lifeBar->setTextVisible(false);
    m_lifeBar->setMaximumHeight(6);
    m_tokenField = new QLineEdit(m_box);
    m_tokenField->setObjectName(QStringLiteral("tokenField"));
    m_tokenField->setReadOnly(true);
    m_tokenField->setEchoMode(QLineEdit::Password);
    m_tokenField->setPlaceholderText(tr("no token yet: press Sign"));
    m_identity = new QLabel(m_box);
    m_identity->setObjectName(QStringLiteral("identity"));
    m_identity->setForegroundRole(QPalette::PlaceholderText);
    m_identity->setWordWrap(true);
    m_error = new QLabel(m_box);
    m_error->setObjectName(QStringLiteral("tokenError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: rgba(211, 47, 47, 36); border: 1px solid "
                                          "rgba(211, 47, 47, 160); border-radius: 3px; padding: 6px; }"));
    m_error->setVisible(false);
    m_signInButton = new QPushButton(tr("Sign &in to IAM Identity Center…"), m_box);
    m_signInButton->setObjectName(QStringLiteral("ssoSignInButton"));
    m_signInButton->setVisible(false);

    auto *row = new QHBoxLayout;
    row->addWidget(m_countdown, 1);
    row->addWidget(m_signButton);
    row->addWidget(m_copyButton);
    row->addWidget(m_revealButton);
    row->addWidget(m_autoResign);
    auto *boxLayout = new QVBoxLayout(m_box);
    boxLayout->addLayout(row);
    boxLayout->addWidget(m_lifeBar);
    boxLayout->addWidget(m_tokenField);
    boxLayout->addWidget(m_identity);
    boxLayout->addWidget(m_error);
    boxLayout->addWidget(m_signInButton, 0, Qt::AlignLeft);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_box);

    connect(m_signButton, &QPushButton::clicked, this, &ProfileTokenPanel::sign);
    connect(m_copyButton, &QPushButton::clicked, this, &ProfileTokenPanel::copyToken);
    connect(m_signInButton, &QPushButton::clicked, this, &ProfileTokenPanel::signInWithSso);
    connect(m_revealButton, &QPushButton::toggled, this, &ProfileTokenPanel::setRevealed);
    connect(m_autoResign, &QCheckBox::toggled, this, [this](bool on) {
        if (m_profile && m_sessions.contains(m_profile->id))
            m_sessions[m_profile->id].autoResign = on;
    });
    connect(m_clipboard, &ConcealedClipboard::copied, this, [this](int timeoutMs) {
        Q_EMIT messageRaised(tr("Token copied; the clipboard clears in %1 s.").arg(timeoutMs / 1000));
    });
    connect(m_clipboard, &ConcealedClipboard::cleared, this,
            [this] { Q_EMIT messageRaised(tr("Clipboard cleared.")); });
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ProfileTokenPanel::tick);
    refresh();
}

ProfileTokenPanel::~ProfileTokenPanel() = default;

void ProfileTokenPanel::setProfile(const std::optional<ConnectionProfile> &profile)
{
    const bool sameProfile = profile && m_profile && profile->id == m_profile->id;
    m_profile = profile;
    if (!sameProfile) {
        clearError();
        m_revealButton->setChecked(false);
    }
    refresh();
}

void ProfileTokenPanel::forgetProfile(const QUuid &id)
{
    m_expiredAt.remove(id);
    if (m_sessions.remove(id))
        Q_EMIT tokenLifeChanged(id, 0);
    refresh();
}

void ProfileTokenPanel::sign()
{
    if (m_profile)
        signProfile(*m_profile);
}

void ProfileTokenPanel::signProfile(const ConnectionProfile &profile)
{
    if (profile.id == m_profile.value_or(ConnectionProfile{}).id)
        clearError();
    // Credentials arrive asynchronously (keychain, STS, SSO, processes); the GUI thread never waits.
    ++m_pending;
    m_signButton->setEnabled(false);
    QPointer<ProfileTokenPanel> self(this);
    if (profile.credentialSource == profiles::CredentialSource::StaticKeys) {
        m_secrets.read(profiles::SecretStore::keyFor(profile.id, profiles::SecretStore::staticKeysPurpose()),
                       this, [this, profile](const Result<SecretString> &stored) {
                           if (!stored)
                               return finishSigning(profile, stored.error());
                           auto keys = profiles::ProfileSigner::decodeStaticKeys(*stored);
                           if (!keys)
                               return finishSigning(profile, keys.error());
                           aws::ResolvedCredentials resolved;
                           resolved.credentials = std::move(keys).value();
                           resolved.provider = QStringLiteral("keychain");
                           finishSigning(profile, resolved);
                       });
        return;
    }
    aws::CredentialChainOptions options;
    options.clock = &m_clock;
    options.mfaPrompt = m_mfaPrompt;
    auto chain = std::make_shared<aws::CredentialChain>(QProcessEnvironment::systemEnvironment(), options);
    chain->resolve(profiles::ProfileSigner::chainProfile(profile),
                   [self, chain, profile](Result<aws::ResolvedCredentials> resolved) {
                       if (self)
                           self->finishSigning(profile, profiles::ProfileSigner::acceptResolved(
                                                            profile, std::move(resolved)));
                   });
}

void ProfileTokenPanel::finishSigning(const ConnectionProfile &profile,
                                      const Result<aws::ResolvedCredentials> &resolved)
{
    m_pending = qMax(0, m_pending - 1);
    m_signButton->setEnabled(m_profile.has_value() && m_pending == 0);
    const bool isCurrent = m_profile && m_profile->id == profile.id;
    const QDateTime now = m_clock.now();
    Result<token::AuthToken> token = resolved
                                         ? profiles::ProfileSigner::sign(profile, resolved->credentials, now)
                                         : Result<token::AuthToken>(resolved.error());
    if (!token) {
        if (needsInteraction(token.error()))
            Q_EMIT interactiveSignInNeeded(profile.id, token.error());
        if (isCurrent)
            showError(token.error());
        else
            Q_EMIT messageRaised(tr("%1: %2").arg(profile.name, token.error().toString()));
        return;
    }
    m_expiredAt.remove(profile.id);
    Session &session = m_sessions[profile.id];
    session.profile = profile;
    session.token = token->secretText();
    session.signedAt = token->signedAt();
    session.validUntil = token->validUntil();
    session.signer = *resolved;
    // The secret key is not kept (the session token is in the token's query anyway).
    session.signer.credentials.secretAccessKey = {};
    const QString keyId = resolved->credentials.accessKeyId;
    if (session.signer.arn.isEmpty() && m_callers.contains(keyId)) {
        session.signer.arn = m_callers.value(keyId).arn;
        session.signer.accountId = m_callers.value(keyId).account;
    }
    session.identity = identityOf(session.signer, now);
    if (session.signer.arn.isEmpty())
        lookUpCaller(profile, *resolved);
    if (isCurrent)
        session.autoResign = m_autoResign->isChecked();
    m_timer.start();
    Q_EMIT tokenSigned(profile.id, session.validUntil);
    Q_EMIT tokenLifeChanged(profile.id, token->secondsLeft(now));
    Q_EMIT messageRaised(tr("Signed a token for %1 as %2 with %3.")
                             .arg(profile.name, profile.dbUser, resolved->credentials.maskedAccessKeyId()));
    refresh();
}

QString ProfileTokenPanel::identityOf(const aws::ResolvedCredentials &resolved, const QDateTime &now)
{
    const aws::Credentials &credentials = resolved.credentials;
    QStringList parts{
        tr("Identity: %1").arg(credentials.source.isEmpty() ? resolved.provider : credentials.source),
        tr("key %1").arg(credentials.maskedAccessKeyId())};
    // The ARN is known up front for assume-role and SSO; `whoami` (STS) fills it in otherwise.
    if (!resolved.arn.isEmpty())
        parts << resolved.arn;
    else if (!resolved.accountId.isEmpty())
        parts << tr("account %1").arg(resolved.accountId);
    if (credentials.expiration)
        parts << tr("temporary, expires in %n min", nullptr,
                    int(qMax<qint64>(0, now.secsTo(*credentials.expiration)) / 60));
    else if (credentials.isTemporary())
        parts << tr("temporary");
    return parts.join(QStringLiteral("  ·  "));
}

void ProfileTokenPanel::lookUpCaller(const ConnectionProfile &profile,
                                     const aws::ResolvedCredentials &resolved)
{
    const QString keyId = resolved.credentials.accessKeyId;
    if (m_callerLookups.contains(keyId))
        return;
    m_callerLookups.insert(keyId);
    auto sts =
        std::make_shared<aws::StsClient>(aws::ServiceEndpoints(QProcessEnvironment::systemEnvironment()),
                                         profile.effectiveRegion(), m_clock, 8000);
    QPointer<ProfileTokenPanel> self(this);
    sts->getCallerIdentity(resolved.credentials, [self, sts, keyId](Result<aws::CallerIdentity> caller) {
        if (self)
            self->applyCaller(keyId, caller);
    });
}

void ProfileTokenPanel::applyCaller(const QString &accessKeyId, const Result<aws::CallerIdentity> &caller)
{
    m_callerLookups.remove(accessKeyId);
    if (caller)
        m_callers.insert(accessKeyId, *caller);
    const QDateTime now = m_clock.now();
    for (Session &session : m_sessions) {
        if (session.signer.credentials.accessKeyId != accessKeyId || !session.signer.arn.isEmpty())
            continue;
        if (caller) {
            session.signer.arn = caller->arn;
            session.signer.accountId = caller->account;
            session.identity = identityOf(session.signer, now);
        } else {
            // The token is fine without it: say so briefly, the whole reason in the tooltip.
            session.identity =
                identityOf(session.signer, now) + (caller.error().code == u"aws.unreachable"
                                                       ? tr("  ·  account unknown (STS unreachable)")
                                                       : tr("  ·  account unknown"));
            session.identityDetail = tr("STS GetCallerIdentity: %1").arg(caller.error().toString());
        }
    }
    refresh();
}

void ProfileTokenPanel::copyToken()
{
    if (m_profile)
        copyTokenFor(m_profile->id);
}

bool ProfileTokenPanel::copyTokenFor(const QUuid &profileId)
{
    const auto it = m_sessions.constFind(profileId);
    if (it == m_sessions.cend() || m_clock.now().secsTo(it->validUntil) <= 0)
        return false;
    m_clipboard->copySecret(it->token.revealText());
    return true;
}

QList<ProfileTokenPanel::LiveToken> ProfileTokenPanel::liveTokens() const
{
    const QDateTime now = m_clock.now();
    QList<LiveToken> live;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        const qint64 left = now.secsTo(it->validUntil);
        if (left > 0)
            live.append({it.key(), it->profile.name, left});
    }
    std::sort(live.begin(), live.end(),
              [](const LiveToken &a, const LiveToken &b) { return a.secondsLeft < b.secondsLeft; });
    return live;
}

void ProfileTokenPanel::tick()
{
    const QDateTime now = m_clock.now();
    QList<ConnectionProfile> renew;
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        const qint64 left = qMax<qint64>(0, now.secsTo(it->validUntil));
        Q_EMIT tokenLifeChanged(it.key(), left);
        if (it->autoResign && left <= AutoResignSeconds)
            renew.append(it->profile);
        if (left == 0) {
            m_expiredAt.insert(it.key(), it->validUntil);
            it = m_sessions.erase(it); // wipes the token
            continue;
        }
        ++it;
    }
    for (const ConnectionProfile &profile : renew)
        signProfile(profile);
    if (m_sessions.isEmpty())
        m_timer.stop();
    refresh();
}

bool ProfileTokenPanel::hasToken() const
{
    return m_profile && m_sessions.contains(m_profile->id);
}

qint64 ProfileTokenPanel::secondsLeft() const
{
    if (!hasToken())
        return 0;
    return qMax<qint64>(0, m_clock.now().secsTo(m_sessions.value(m_profile->id).validUntil));
}

QString ProfileTokenPanel::urgency() const
{
    return urgencyFor(secondsLeft());
}

QString ProfileTokenPanel::countdownText() const
{
    return m_countdown->text();
}

QString ProfileTokenPanel::identityText() const
{
    return m_identity->text();
}

QString ProfileTokenPanel::identityToolTip() const
{
    return m_identity->toolTip();
}

QString ProfileTokenPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ProfileTokenPanel::showError(const Error &error)
{
    m_lastError = error;
    m_error->setText(error.hint.isEmpty()
                         ? QStringLiteral("<b>%1</b>").arg(error.message.toHtmlEscaped())
                         : QStringLiteral("<b>%1</b><br>%2")
                               .arg(error.message.toHtmlEscaped(), error.hint.toHtmlEscaped()));
    m_error->setVisible(true);
    m_signInButton->setVisible(error.code == u"sso.not-signed-in" || error.code == u"sso.token-expired");
}

void ProfileTokenPanel::clearError()
{
    m_lastError = {};
    m_error->clear();
    m_error->setVisible(false);
    m_signInButton->setVisible(false);
}

void ProfileTokenPanel::signInWithSso()
{
    if (!m_profile)
        return;
    const QString awsProfile = aws::CredentialChain().profileName(m_profile->awsProfile);
    auto *dialog = new SsoSignInDialog(awsProfile, QProcessEnvironment::systemEnvironment(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    const QUuid profileId = m_profile->id;
    connect(dialog, &SsoSignInDialog::signedIn, this, [this, profileId] {
        Q_EMIT messageRaised(tr("Signed in to IAM Identity Center."));
        if (m_profile && m_profile->id == profileId)
            sign();
    });
    Q_EMIT ssoSignInStarted(dialog);
    dialog->open();
    dialog->start();
}

void ProfileTokenPanel::setRevealed(bool revealed)
{
    m_tokenField->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_revealButton->setText(revealed ? tr("&Hide") : tr("Re&veal"));
}

void ProfileTokenPanel::refresh()
{
    setEnabled(m_profile.has_value());
    m_signButton->setEnabled(m_profile.has_value() && m_pending == 0);
    const bool live = hasToken();
    m_copyButton->setEnabled(live);
    m_revealButton->setEnabled(live);
    if (!live) {
        m_tokenField->clear();
        m_revealButton->setChecked(false);
        m_lifeBar->setRange(0, 1);
        m_lifeBar->setValue(0);
        QSignalBlocker blocker(m_autoResign);
        m_autoResign->setChecked(false);
        if (!m_profile)
            m_countdown->setText(tr("Select a profile to sign a token."));
        else if (m_expiredAt.contains(m_profile->id))
            m_countdown->setText(
                tr("Expired at %1. Sign again for a fresh token.")
                    .arg(QLocale().toString(m_expiredAt.value(m_profile->id).toLocalTime().time(),
                                            QLocale::ShortFormat)));
        else
            m_countdown->setText(tr("No live token."));
        m_identity->setToolTip({});
        m_identity->setText(
            m_profile ? tr("Credentials: %1").arg(profiles::ProfileSigner::describeSource(*m_profile))
                      : QString());
        return;
    }
    const Session &session = m_sessions[m_profile->id];
    const qint64 left = secondsLeft();
    const QString colour = colourFor(urgencyFor(left));
    const QString token = session.token.revealText();
    if (m_tokenField->text() != token) {
        m_tokenField->setText(token);
        m_tokenField->setCursorPosition(0); // show the start (host:port/?Action=connect…) when revealed
    }
    {
        QSignalBlocker blocker(m_autoResign);
        m_autoResign->setChecked(session.autoResign);
    }
    m_lifeBar->setRange(0, int(qMax<qint64>(1, session.signedAt.secsTo(session.validUntil))));
    m_lifeBar->setValue(int(left));
    m_lifeBar->setStyleSheet(QStringLiteral("QProgressBar::chunk { background: %1; }").arg(colour));
    m_countdown->setText(
        tr("<span style='color:%1; font-weight:bold; font-size:large'>%2:%3 left</span>"
           " &nbsp;valid until %4")
            .arg(colour)
            .arg(left / 60)
            .arg(left % 60, 2, 10, QLatin1Char('0'))
            .arg(QLocale().toString(session.validUntil.toLocalTime().time(), QLocale::ShortFormat)));
    m_identity->setText(session.identity);
    m_identity->setToolTip(session.identityDetail);
}

} // namespace signet::ui
