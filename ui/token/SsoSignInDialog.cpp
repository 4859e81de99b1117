// SPDX-License-Identifier: GPL-3.0-or-later
// The IAM Identity Center sign-in dialog: shows the device code, opens the browser, waits.
#include "token/SsoSignInDialog.h"

#include "aws/SsoDeviceLogin.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace signet::ui {

SsoSignInDialog::SsoSignInDialog(const QString &awsProfile, QProcessEnvironment env, QWidget *parent)
    : QDialog(parent)
    , m_profile(awsProfile)
    , m_login(new aws::SsoDeviceLogin(std::move(env), Clock::system(), this))
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    setWindowTitle(tr("Sign in to IAM Identity Center"));
    m_status = new QLabel(
        tr("Contacting IAM Identity Center for AWS profile <b>%1</b>…").arg(awsProfile.toHtmlEscaped()),
        this);
    m_status->setObjectName(QStringLiteral("ssoStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_code = new QLabel(this);
    m_code->setObjectName(QStringLiteral("ssoUserCode"));
    m_code->setAlignment(Qt::AlignCenter);
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_code->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_code->setFont(big);
    m_code->setVisible(false);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // waiting for the user: no measurable progress
    m_busy->setTextVisible(false);
    m_openButton = new QPushButton(tr("&Open the sign-in page again"), this);
    m_openButton->setVisible(false);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_code);
    layout->addWidget(m_busy);
    layout->addWidget(m_openButton, 0, Qt::AlignLeft);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        m_login->cancel();
        reject();
    });
    connect(m_openButton, &QPushButton::clicked, this, &SsoSignInDialog::openBrowser);
    connect(m_login, &aws::SsoDeviceLogin::verificationReady, this, &SsoSignInDialog::showVerification);
}

SsoSignInDialog::~SsoSignInDialog()
{
    m_login->cancel();
}

QString SsoSignInDialog::statusText() const
{
    return m_status->text();
}

void SsoSignInDialog::start()
{
    auto *watcher = new QFutureWatcher<Result<aws::SsoToken>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<aws::SsoToken> result = watcher->result();
        if (!result) {
            showError(result.error());
            return;
        }
        Q_EMIT signedIn(m_profile);
        accept();
    });
    watcher->setFuture(m_login->start(m_profile));
}

void SsoSignInDialog::showVerification(const QString &uri, const QString &code)
{
    m_verificationUrl = QUrl(uri);
    m_userCode = code;
    m_code->setText(code);
    m_code->setVisible(true);
    m_openButton->setVisible(true);
    m_status->setText(tr("Approve the sign-in in your browser. Check that the page shows this code:"));
    openBrowser();
}

void SsoSignInDialog::openBrowser()
{
    if (m_verificationUrl.isValid() && !m_openUrl(m_verificationUrl))
        m_status->setText(tr("Open %1 in a browser and enter this code:").arg(m_verificationUrl.toString()));
}

void SsoSignInDialog::showError(const Error &error)
{
    m_busy->setVisible(false);
    m_status->setText(QStringLiteral("<b>%1</b><br>%2")
                          .arg(error.message.toHtmlEscaped(), error.hintFor(FrontEnd::Gui).toHtmlEscaped()));
    m_buttons->setStandardButtons(QDialogButtonBox::Close);
}

} // namespace signet::ui
