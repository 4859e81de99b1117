// SPDX-License-Identifier: GPL-3.0-or-later
// SsoSignInDialog: IAM Identity Center sign-in from the GUI (OIDC device authorization), sharing
// the AWS CLI's token cache.
#pragma once

#include "common/Error.h"

#include <QDialog>
#include <QProcessEnvironment>
#include <QUrl>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace signet::aws {
class SsoDeviceLogin;
}

namespace signet::ui {

class SsoSignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SsoSignInDialog)

public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    SsoSignInDialog(const QString &awsProfile,
                    QProcessEnvironment env = QProcessEnvironment::systemEnvironment(),
                    QWidget *parent = nullptr);
    ~SsoSignInDialog() override;

    // How the verification page is opened; QDesktopServices by default (tests inject their own).
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }
    // Starts the device authorization; the dialog accepts itself once the user approved.
    void start();

    QString userCode() const { return m_userCode; }
    QString statusText() const;

Q_SIGNALS:
    void signedIn(const QString &awsProfile);

private:
    void showVerification(const QString &uri, const QString &code);
    void showError(const Error &error);
    void openBrowser();

    QString m_profile;
    aws::SsoDeviceLogin *m_login = nullptr;
    UrlOpener m_openUrl;
    QUrl m_verificationUrl;
    QString m_userCode;
    QLabel *m_status = nullptr;
    QLabel *m_code = nullptr;
    QProgressBar *m_busy = nullptr;
    QPushButton *m_openButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace signet::ui
