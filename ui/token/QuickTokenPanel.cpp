// The first screen: endpoint form, Sign, hidden token, countdown, concealed copy.
#include "token/QuickTokenPanel.h"
#include "common/Theme.h"

#include "aws/CredentialChain.h"
#include "aws/RdsEndpoint.h"
#include "common/ConcealedClipboard.h"
#include "token/AuthToken.h"
#include "token/MfaCodeDialog.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace signet::ui {

QuickTokenPanel::QuickTokenPanel(const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
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
    m_revealButton->setEnabled(false);
    m_copyButton = new QPushButton(tr("&Copy"), this);
    m_copyButton->setEnabled(false);
    m_countdown = new QLabel(tr("Sign a token to start the countdown."), this);
    m_lifeBar = new QProgressBar(this);
    m_lifeBar->setTextVisible(false);
    m_lifeBar->setRange(0, 900);
    m_lifeBar->setValue(0);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
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
    layout->addWidget(m_lifeBar);
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
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &QuickTokenPanel::updateCountdown);
}

QuickTokenPanel::~QuickTokenPanel() = default;

void QuickTokenPanel::showError(const Error &error)
{
    m_message->setText(
        QStringLiteral("<b>%1</b><br>%2").arg(error.message.toHtmlEscaped(), error.hint.toHtmlEscaped()));
    m_message->setStyleSheet(QStringLiteral("color: palette(text); background: rgba(220, 50, 47, 40);"
                                            "border: 1px solid rgb(220, 50, 47); padding: 6px;"));
    m_message->setVisible(true);
}

void QuickTokenPanel::sign()
{
    m_message->setVisible(false);
    const QString host = m_host->text().trimmed();
    const QString profile = m_awsProfile->text().trimmed();
    aws::CredentialChainOptions options;
    options.clock = &m_clock;
    options.mfaPrompt = m_mfaPrompt ? m_mfaPrompt : MfaCodeDialog::asyncPrompt(this);
    const aws::CredentialChain chain(QProcessEnvironment::systemEnvironment(), options);
    QString region = m_region->text().trimmed();
    if (region.isEmpty() && aws::RdsEndpoint::regionFromHost(host).isEmpty())
        region = chain.defaultRegion(profile);
    const auto resolvedRegion = aws::RdsEndpoint::resolveRegion(host, region);
    if (!resolvedRegion)
        return showError(resolvedRegion.error());
    // Asynchronous: an SSO refresh, credential_process or an MFA code must not freeze the window.
    m_signButton->setEnabled(false);
    const quint64 generation = ++m_generation;
    QPointer<QuickTokenPanel> self(this);
    chain.resolve(profile, [self, generation, host, port = m_port->value(), region = *resolvedRegion,
                            user = m_user->text()](Result<aws::ResolvedCredentials> resolved) {
        if (!self || self->m_generation != generation)
            return;
        self->m_signButton->setEnabled(true);
        if (!resolved)
            return self->showError(resolved.error());
        self->finishSigning(host, port, region, user, resolved->credentials);
    });
}

void QuickTokenPanel::finishSigning(const QString &host, int port, const QString &region, const QString &user,
                                    const aws::Credentials &credentials)
{
    const auto token = token::AuthToken::generate(host, port, region, user, credentials, m_clock.now());
    if (!token)
        return showError(token.error());

    m_token = SecretString::fromUtf8(token->text());
    m_signedAt = token->signedAt();
    m_validUntil = token->validUntil();
    m_tokenField->setText(m_token.revealText());
    m_revealButton->setEnabled(true);
    m_copyButton->setEnabled(true);
    m_lifeBar->setRange(0, int(qMax<qint64>(1, m_signedAt.secsTo(m_validUntil))));
    m_tick.start();
    updateCountdown();
    Q_EMIT tokenSigned(m_validUntil);
    Q_EMIT statusChanged(tr("Signed for %1 with %2.").arg(token->dbUser(), credentials.maskedAccessKeyId()));
}

void QuickTokenPanel::copyToken()
{
    if (!m_token.isEmpty())
        m_clipboard->copySecret(m_token.revealText());
}

void QuickTokenPanel::setRevealed(bool revealed)
{
    m_tokenField->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_revealButton->setText(revealed ? tr("&Hide") : tr("Re&veal"));
}

void QuickTokenPanel::updateCountdown()
{
    const qint64 left = qMax<qint64>(0, m_clock.now().secsTo(m_validUntil));
    m_lifeBar->setValue(int(left));
    QString colour = theme::ok().name();
    if (left <= 60)
        colour = theme::error().name();
    else if (left <= 300)
        colour = theme::warning().name();
    m_lifeBar->setStyleSheet(QStringLiteral("QProgressBar::chunk { background: %1; }").arg(colour));
    if (left == 0) {
        m_tick.stop();
        m_countdown->setText(tr("Expired at %1. Sign again for a fresh token.")
                                 .arg(QLocale().toString(m_validUntil.toLocalTime().time())));
        m_tokenField->clear();
        m_token.clear();
        m_copyButton->setEnabled(false);
        m_revealButton->setEnabled(false);
        return;
    }
    m_countdown->setText(
        tr("<span style='color:%1; font-weight:bold'>%2:%3 left</span> · valid until %4")
            .arg(colour)
            .arg(left / 60)
            .arg(left % 60, 2, 10, QLatin1Char('0'))
            .arg(QLocale().toString(m_validUntil.toLocalTime().time(), QLocale::ShortFormat)));
}

} // namespace signet::ui
