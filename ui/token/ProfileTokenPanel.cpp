// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTokenPanel: the one-row token strip of the selected profile, drawn from TokenSessions.
#include "token/ProfileTokenPanel.h"

#include "aws/CredentialChain.h"
#include "common/ConcealedClipboard.h"
#include "common/ElidedLabel.h"
#include "common/Theme.h"
#include "profiles/ProfileSigner.h"
#include "token/CountdownLabel.h"
#include "token/DurationText.h"
#include "token/MfaCodeDialog.h"
#include "token/SsoSignInDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace signet::ui {

using profiles::ConnectionProfile;
using token::EndReason;
using token::SignerIdentity;
using token::TokenSessions;

namespace {

// "user/alice" from "arn:aws:iam::123456789012:user/alice": the part a person recognises.
QString arnResource(const QString &arn)
{
    const QStringList parts = arn.split(QLatin1Char(':'));
    return parts.size() >= 6 ? parts.mid(5).join(QLatin1Char(':')) : arn;
}

bool unreachable(const Error &error)
{
    return error.code == u"aws.unreachable";
}

} // namespace

ProfileTokenPanel::ProfileTokenPanel(TokenSessions &sessions, QWidget *parent)
    : QWidget(parent)
    , m_sessions(sessions)
    , m_clipboard(new ConcealedClipboard(this))
{
    // An assume-role profile asks for its MFA code over this window.
    m_sessions.setMfaPrompt(MfaCodeDialog::asyncPrompt(this));

    m_signAction = new QAction(tr("&Sign"), this);
    m_signAction->setObjectName(QStringLiteral("signAction"));
    m_signAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_copyAction = new QAction(tr("&Copy Token"), this);
    m_copyAction->setObjectName(QStringLiteral("copyTokenAction"));
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_signAction, &QAction::triggered, this, &ProfileTokenPanel::sign);
    connect(m_copyAction, &QAction::triggered, this, &ProfileTokenPanel::copyToken);

    m_countdown = new CountdownLabel(m_sessions, this);
    m_countdown->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00:00 left  ")));
    m_tokenField = new QLineEdit(this);
    m_tokenField->setObjectName(QStringLiteral("tokenField"));
    m_tokenField->setReadOnly(true);
    m_tokenField->setEchoMode(QLineEdit::Password);
    m_tokenField->setPlaceholderText(tr("no token yet"));
    m_tokenField->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("no token yet")) + 16);
    m_signButton = new QPushButton(QIcon::fromTheme(QStringLiteral("document-sign")), tr("&Sign"), this);
    m_signButton->setObjectName(QStringLiteral("signButton"));
    m_signButton->setToolTip(tr("Sign a fresh token (Enter in the profile list)"));
    m_copyButton = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy"), this);
    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_copyButton->setToolTip(tr("Copy the token; the clipboard clears itself"));
    m_revealButton = new QPushButton(tr("Re&veal"), this);
    m_revealButton->setObjectName(QStringLiteral("revealButton"));
    m_revealButton->setCheckable(true);
    m_autoResign = new QCheckBox(tr("&Auto re-sign"), this);
    m_autoResign->setObjectName(QStringLiteral("autoResign"));
    m_autoResign->setToolTip(tr("Sign a new token a minute before this one expires"));
    m_identity = new ElidedLabel(this);
    m_identity->setObjectName(QStringLiteral("identity"));
    m_identity->setForegroundRole(QPalette::PlaceholderText);
    m_identityButton = new QToolButton(this);
    m_identityButton->setObjectName(QStringLiteral("identityButton"));
    m_identityButton->setIcon(QIcon::fromTheme(QStringLiteral("dialog-information")));
    m_identityButton->setText(tr("Who?"));
    m_identityButton->setToolTip(tr("Who signs: credentials, key, account"));
    m_identityButton->setAutoRaise(true);

    m_identityPopup = new QFrame(this, Qt::Popup);
    m_identityPopup->setObjectName(QStringLiteral("identityPopup"));
    m_identityPopup->setFrameShape(QFrame::StyledPanel);
    m_identityDetails = new QLabel(m_identityPopup);
    m_identityDetails->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_identityDetails->setTextFormat(Qt::PlainText);
    m_identityDetails->setWordWrap(true);
    m_identityDetails->setMaximumWidth(520);
    auto *popupLayout = new QVBoxLayout(m_identityPopup);
    popupLayout->addWidget(m_identityDetails);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("tokenError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setFrameShape(QFrame::StyledPanel);
    m_error->setMargin(4);
    m_error->setAutoFillBackground(true);
    m_error->setVisible(false);
    m_signInButton = new QPushButton(tr("Sign &in to IAM Identity Center…"), this);
    m_signInButton->setObjectName(QStringLiteral("ssoSignInButton"));
    m_signInButton->setVisible(false);

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_countdown);
    row->addWidget(m_tokenField, 1);
    row->addWidget(m_signButton);
    row->addWidget(m_copyButton);
    row->addWidget(m_revealButton);
    row->addWidget(m_autoResign);
    row->addWidget(m_identity);
    row->addWidget(m_identityButton);
    row->addStretch(1);
    auto *errorRow = new QHBoxLayout;
    errorRow->setContentsMargins(0, 0, 0, 0);
    errorRow->addWidget(m_error, 1);
    errorRow->addWidget(m_signInButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(row);
    layout->addLayout(errorRow);

    connect(m_signButton, &QPushButton::clicked, this, &ProfileTokenPanel::sign);
    connect(m_copyButton, &QPushButton::clicked, this, &ProfileTokenPanel::copyToken);
    connect(m_signInButton, &QPushButton::clicked, this, &ProfileTokenPanel::signInWithSso);
    connect(m_revealButton, &QPushButton::toggled, this, &ProfileTokenPanel::setRevealed);
    connect(m_identityButton, &QToolButton::clicked, this, &ProfileTokenPanel::showIdentityPopup);
    connect(m_autoResign, &QCheckBox::toggled, this, [this](bool on) {
        if (m_profile)
            m_sessions.setAutoResign(m_profile->id, on);
    });
    connect(m_clipboard, &ConcealedClipboard::copied, this, [this](int timeoutMs) {
        Q_EMIT messageRaised(tr("Token copied; the clipboard clears in %1 s.").arg(timeoutMs / 1000));
    });
    connect(m_clipboard, &ConcealedClipboard::cleared, this,
            [this] { Q_EMIT messageRaised(tr("Clipboard cleared.")); });

    const auto refreshIfCurrent = [this](const QUuid &id) {
        if (isCurrent(id))
            refresh();
    };
    connect(&m_sessions, &TokenSessions::signingStarted, this, refreshIfCurrent);
    connect(&m_sessions, &TokenSessions::tokenSigned, this, &ProfileTokenPanel::onSigned);
    connect(&m_sessions, &TokenSessions::signingFailed, this, &ProfileTokenPanel::onFailed);
    connect(&m_sessions, &TokenSessions::tokenEnded, this, &ProfileTokenPanel::onEnded);
    connect(&m_sessions, &TokenSessions::identityChanged, this, [this](const QUuid &id) {
        if (isCurrent(id))
            refreshIdentity();
    });
    connect(&m_sessions, &TokenSessions::autoResignChanged, this, refreshIfCurrent);
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

void ProfileTokenPanel::credentialsChanged(const QUuid &profileId)
{
    if (isCurrent(profileId))
        clearError();
}

void ProfileTokenPanel::sign()
{
    if (!m_profile)
        return;
    clearError();
    m_asked.insert(m_profile->id);
    m_sessions.sign(*m_profile);
}

void ProfileTokenPanel::onSigned(const QUuid &profileId)
{
    if (isCurrent(profileId))
        refresh();
    const auto identity = m_sessions.identity(profileId);
    if (!m_asked.contains(profileId) || !identity)
        return;
    const auto live = m_sessions.liveTokens();
    const auto it = std::find_if(live.cbegin(), live.cend(), [&](const TokenSessions::LiveToken &token) {
        return token.profileId == profileId;
    });
    if (it != live.cend())
        Q_EMIT messageRaised(
            tr("Signed a token for %1 with %2.").arg(it->profileName, identity->maskedKeyId));
}

void ProfileTokenPanel::onFailed(const QUuid &profileId, const Error &error)
{
    if (isCurrent(profileId)) {
        showError(error);
        refresh();
    } else if (m_asked.contains(profileId)) {
        Q_EMIT messageRaised(error.toString());
    }
}

void ProfileTokenPanel::onEnded(const QUuid &profileId, EndReason reason)
{
    if (isCurrent(profileId))
        refresh();
    if (reason == EndReason::TargetChanged && m_asked.contains(profileId))
        Q_EMIT messageRaised(
            tr("The token ended: the profile's endpoint changed. Sign again for the new one."));
    if (reason == EndReason::ProfileRemoved)
        m_asked.remove(profileId);
}

void ProfileTokenPanel::copyToken()
{
    if (m_profile)
        copyTokenFor(m_profile->id);
}

bool ProfileTokenPanel::copyTokenFor(const QUuid &profileId)
{
    const QString token = m_sessions.tokenText(profileId);
    if (token.isEmpty())
        return false;
    m_clipboard->copySecret(token);
    return true;
}

bool ProfileTokenPanel::hasToken() const
{
    return m_profile && m_sessions.hasToken(m_profile->id);
}

qint64 ProfileTokenPanel::secondsLeft() const
{
    return m_profile ? m_sessions.secondsLeft(m_profile->id) : 0;
}

QString ProfileTokenPanel::urgency() const
{
    return m_countdown->colourName();
}

QString ProfileTokenPanel::countdownText() const
{
    return m_countdown->text();
}

QString ProfileTokenPanel::identitySummary() const
{
    return m_identity->fullText();
}

QString ProfileTokenPanel::identityText() const
{
    return m_identityDetails->text();
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
    const QString hint = error.hintFor(FrontEnd::Gui);
    m_error->setText(
        hint.isEmpty()
            ? QStringLiteral("<b>%1</b>").arg(error.message.toHtmlEscaped())
            : QStringLiteral("<b>%1</b><br>%2").arg(error.message.toHtmlEscaped(), hint.toHtmlEscaped()));
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::Window, theme::errorBackground());
    m_error->setPalette(palette);
    m_error->setVisible(true);
    m_signInButton->setVisible(error.code == u"sso.not-signed-in" || error.code == u"sso.token-expired");
}

void ProfileTokenPanel::clearError()
{
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
        if (isCurrent(profileId))
            sign();
    });
    if (m_openSsoUrl)
        dialog->setUrlOpener(m_openSsoUrl);
    dialog->open();
    dialog->start();
}

void ProfileTokenPanel::setRevealed(bool revealed)
{
    m_tokenField->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_revealButton->setText(revealed ? tr("&Hide") : tr("Re&veal"));
}

void ProfileTokenPanel::showIdentityPopup()
{
    refreshIdentity();
    m_identityPopup->adjustSize();
    const QPoint below =
        m_identityButton->mapToGlobal(QPoint(m_identityButton->width(), m_identityButton->height()));
    m_identityPopup->move(below - QPoint(m_identityPopup->width(), 0));
    m_identityPopup->show();
    m_identityDetails->setFocus();
}

void ProfileTokenPanel::refreshIdentity()
{
    const auto identity = m_profile ? m_sessions.identity(m_profile->id) : std::nullopt;
    if (!identity || !hasToken()) {
        const QString source =
            m_profile ? tr("Credentials: %1").arg(profiles::ProfileSigner::describeSource(*m_profile))
                      : QString();
        m_identity->setFullText(source);
        m_identity->setDetails({});
        m_identityDetails->setText(source);
        m_identityButton->setEnabled(m_profile.has_value());
        return;
    }
    const SignerIdentity &who = *identity;
    QString summary = who.arn.isEmpty() ? tr("key %1").arg(who.maskedKeyId) : arnResource(who.arn);
    if (!who.account.isEmpty())
        summary += QStringLiteral(" @ ") + who.account;
    else if (who.lookingUp)
        summary += tr(" · looking up the account…");
    else if (who.lookupFailed)
        summary += unreachable(*who.lookupFailed) ? tr(" · account unknown (STS unreachable)")
                                                  : tr(" · account unknown");
    if (who.temporary)
        summary += tr(" · temporary");

    QStringList details{summary, QString(), tr("Credentials: %1").arg(who.source),
                        tr("Key: %1").arg(who.maskedKeyId)};
    if (!who.arn.isEmpty())
        details << tr("ARN: %1").arg(who.arn);
    if (!who.account.isEmpty())
        details << tr("Account: %1").arg(who.account);
    if (who.credentialsExpireAt) {
        // now = validUntil - secondsLeft, so this is now → the credentials' expiry.
        const qint64 left = m_sessions.secondsLeft(m_profile->id) +
                            m_sessions.validUntil(m_profile->id).secsTo(*who.credentialsExpireAt);
        details << tr("Kind: temporary credentials, they expire in %1 (at %2)")
                       .arg(token::durationText(left),
                            QLocale().toString(who.credentialsExpireAt->toLocalTime(), QLocale::ShortFormat));
    } else if (who.temporary) {
        details << tr("Kind: temporary credentials");
    } else {
        details << tr("Kind: long-term keys");
    }
    if (who.lookupFailed)
        details
            << tr("The account is unknown: STS GetCallerIdentity said %1").arg(who.lookupFailed->toString());
    const QString text = details.join(QLatin1Char('\n'));
    m_identity->setFullText(summary);
    m_identity->setDetails(text);
    m_identityDetails->setText(text);
    m_identityButton->setEnabled(true);
}

void ProfileTokenPanel::refresh()
{
    setEnabled(m_profile.has_value());
    const bool live = hasToken();
    m_signButton->setEnabled(m_profile.has_value() && !m_sessions.isSigning(m_profile->id));
    m_copyButton->setEnabled(live);
    m_signAction->setEnabled(m_signButton->isEnabled());
    m_copyAction->setEnabled(live);
    m_revealButton->setEnabled(live);
    m_autoResign->setEnabled(m_profile.has_value());
    {
        const QSignalBlocker blocker(m_autoResign);
        m_autoResign->setChecked(m_profile && m_sessions.autoResign(m_profile->id));
    }
    m_countdown->setProfile(m_profile ? m_profile->id : QUuid(),
                            m_profile ? tr("No live token.") : tr("Select a profile to sign a token."));
    const QString token = live ? m_sessions.tokenText(m_profile->id) : QString();
    if (m_tokenField->text() != token) {
        m_tokenField->setText(token);
        m_tokenField->setCursorPosition(0); // show the start (host:port/?Action=connect…) when revealed
    }
    if (!live)
        m_revealButton->setChecked(false);
    refreshIdentity();
}

} // namespace signet::ui
