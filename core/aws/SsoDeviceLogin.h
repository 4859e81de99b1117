// SPDX-License-Identifier: GPL-3.0-or-later
// SsoDeviceLogin: Signet's own IAM Identity Center sign-in (OIDC device authorization), sharing the AWS CLI's
// cache.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/SsoOidcClient.h"
#include "aws/SsoTokenCache.h"
#include "common/Clock.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QTimer>

#include <memory>

namespace signet::aws {

// RegisterClient → StartDeviceAuthorization → verificationReady(URI, code) → poll CreateToken at
// the interval the service asks for (slowing down when told) until the user approves, denies or
// the code expires → write ~/.aws/sso/cache/<sha1>.json exactly as `aws sso login` does, so the
// AWS CLI and Signet share one sign-in. The GUI opens the URI with QDesktopServices; the CLI prints it.
class SsoDeviceLogin final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SsoDeviceLogin)

public:
    struct Target
    {
        // The sso-session name, or empty for a legacy sso_start_url profile.
        QString sessionName;
        QString startUrl;
        QString region;
        QStringList scopes;
        QString cacheKey() const { return sessionName.isEmpty() ? startUrl : sessionName; }
    };

    explicit SsoDeviceLogin(QProcessEnvironment env = QProcessEnvironment::systemEnvironment(),
                            const Clock &clock = Clock::system(), QObject *parent = nullptr);

    // Where profile `profile` signs in, from the shared config files.
    static Result<Target> targetFor(const QProcessEnvironment &env, const QString &profile);

    // Starts the flow for `profile`; the future finishes with the stored token or an error.
    QFuture<Result<SsoToken>> start(const QString &profile);
    void cancel();

    void setHttpTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }

signals:
    void verificationReady(const QString &verificationUriComplete, const QString &userCode);

private:
    void poll();
    void finish(Result<SsoToken> result);

    QProcessEnvironment m_env;
    const Clock &m_clock;
    int m_timeoutMs = 10000;
    Target m_target;
    OidcClientRegistration m_client;
    DeviceAuthorization m_device;
    QDateTime m_deadline;
    int m_interval = 5;
    QTimer m_timer;
    std::unique_ptr<SsoOidcClient> m_oidc;
    ResultCallback<SsoToken> m_done;
};

} // namespace signet::aws
