// SPDX-License-Identifier: GPL-3.0-or-later
// Quick sign: endpoint form, Sign, hidden token, countdown, concealed copy — over TokenSessions.
#include "token/QuickTokenPanel.h"

#include "aws/CredentialChain.h"
#include "common/ConcealedClipboard.h"
#include "common/Theme.h"
#include "endpoint/Endpoint.h"
#include "token/CountdownLabel.h"
#include "token/MfaCodeDialog.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace signet::ui {

using token::TokenSessions;

QuickTokenPanel::QuickTokenPanel(TokenSessions &sessions, QWidget *parent)
    : QWidget(parent)
    , m_sessions(sessions)
    , m_clipboard(new ConcealedClipboard(this))
{
    m_host = new QLineEdit(this);
    m_host->setPlaceholderText(QStringLiteral("mydb.abc123xyz.eu-west-1.rds.amazonaws.com"));
    m_port = new QSpinBox(this);
    m_port->setRange(1, 65535);
    m_port->setValue(3306);
    m_region = new QLineEdit(this);
    m_region->setPlaceholderText(tr("detected from the endpoint"));
    m_user = new QLineEdit(this);
    m_user->setPlaceholderText(tr("the database user created for IAM"));
    m_awsProfile = new QLineEdit(this);
    m_awsProfile->setPlaceholderText(tr("environment, then AWS_PROFILE or default"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Endpoint:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("Database &user:"), m_user);
    form->addRow(tr("AWS pro&file:"), m_awsProfile);

    m_signButton = new QPushButton(tr("&Sign token"), this);
    m_signButton->setDefault(true);
    m_tokenField = new QLineEdit(this);
    m_tokenField->setReadOnly(true);
    m_tokenField->setEchoMode(QLineEdit::Password);
    m_tokenField->setPlaceholderText(tr("no token yet"));
    m_revealButton = new QPushButton(tr("Re&veal"), this);
    m_revealButton->setCheckable(true);
    m_copyButton = new QPushButton(tr("&Copy"), this);
    m_countdown = new CountdownLabel(m_sessions, this);
    m_countdown->setProfile(m_id, tr("Sign a token to start the countdown."));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->setMargin(4);
    m_message->setAutoFillBackground(true);
    m_message->setVisible(false);

    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_tokenField, 1);
    tokenRow->addWidget(m_revealButton);
    tokenRow->addWidget(m_copyButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_signButton, 0, Qt::AlignLeft);
    layout->addWidget(m_message);
    layout->addLayout(tokenRow);
    layout->addWidget(m_countdown);
    layout->addStretch(1);

    connect(m_signButton, &QPushButton::clicked, this, &QuickTokenPanel::sign);
    connect(m_copyButton, &QPushButton::clicked, this, &QuickTokenPanel::copyToken);
    connect(m_revealButton, &QPushButton::toggled, this, &QuickTokenPanel::setRevealed);
    for (QLineEdit *edit : {m_host, m_region, m_user, m_awsProfile})
        connect(edit, &QLineEdit::returnPressed, this, &QuickTokenPanel::sign);
    connect(m_clipboard, &ConcealedClipboard::copied, this, [this](int timeoutMs) {
        Q_EMIT statusChanged(tr("Token copied; the clipboard clears in %1 s.").arg(timeoutMs / 1000));
    });
    connect(m_clipboard, &ConcealedClipboard::cleared, this,
            [this] { Q_EMIT statusChanged(tr("Clipboard cleared.")); });

    const auto mine = [this](const QUuid &id) {
        if (id == m_id)
            refresh();
    };
    connect(&m_sessions, &TokenSessions::signingStarted, this, mine);
    connect(&m_sessions, &TokenSessions::tokenEnded, this, mine);
    connect(&m_sessions, &TokenSessions::tokenSigned, this, [this](const QUuid &id) {
        if (id != m_id)
            return;
        refresh();
        if (const auto identity = m_sessions.identity(m_id))
            Q_EMIT statusChanged(
                tr("Signed for %1 with %2.").arg(m_user->text().trimmed(), identity->maskedKeyId));
    });
    connect(&m_sessions, &TokenSessions::signingFailed, this, [this](const QUuid &id, const Error &error) {
        if (id != m_id)
            return;
        refresh();
        showError(error);
    });
    // The panel's token goes with it (the connection dies with the model, should that go first).
    connect(this, &QObject::destroyed, &m_sessions,
            [sessions = &m_sessions, id = m_id] { sessions->forgetProfile(id); });
    refresh();
}

QuickTokenPanel::~QuickTokenPanel() = default;

void QuickTokenPanel::showError(const Error &error)
{
    m_message->setText(QStringLiteral("<b>%1</b><br>%2")
                           .arg(error.message.toHtmlEscaped(), error.hintFor(FrontEnd::Gui).toHtmlEscaped()));
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::Window, theme::errorBackground());
    m_message->setPalette(palette);
    m_message->setVisible(true);
}

void QuickTokenPanel::sign()
{
    m_message->setVisible(false);
    const QString host = m_host->text().trimmed();
    const QString awsProfile = m_awsProfile->text().trimmed();
    const auto resolvedRegion =
        resolveSigningRegion(host, m_region->text(), aws::CredentialChain().defaultRegion(awsProfile));
    if (!resolvedRegion)
        return showError(resolvedRegion.error());
    // Not a saved profile: a one-off target under this panel's session key.
    profiles::ConnectionProfile target;
    target.id = m_id;
    target.name = host;
    target.host = host;
    target.engine = engineFromEndpointName(host).value_or(target.engine);
    target.port = m_port->value();
    target.region = *resolvedRegion;
    target.dbUser = m_user->text();
    target.credentialSource = profiles::CredentialSource::AwsProfile;
    target.awsProfile = awsProfile;
    m_sessions.sign(target, MfaCodeDialog::asyncPrompt(this));
}

void QuickTokenPanel::copyToken()
{
    const QString token = m_sessions.tokenText(m_id);
    if (!token.isEmpty())
        m_clipboard->copySecret(token);
}

QString QuickTokenPanel::countdownText() const
{
    return m_countdown->text();
}

void QuickTokenPanel::setRevealed(bool revealed)
{
    m_tokenField->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_revealButton->setText(revealed ? tr("&Hide") : tr("Re&veal"));
}

void QuickTokenPanel::refresh()
{
    const bool live = hasToken();
    m_signButton->setEnabled(!m_sessions.isSigning(m_id));
    m_copyButton->setEnabled(live);
    m_revealButton->setEnabled(live);
    if (!live)
        m_revealButton->setChecked(false);
    const QString token = live ? m_sessions.tokenText(m_id) : QString();
    if (m_tokenField->text() != token) {
        m_tokenField->setText(token);
        m_tokenField->setCursorPosition(0);
    }
}

} // namespace signet::ui
