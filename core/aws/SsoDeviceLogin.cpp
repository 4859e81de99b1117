// SPDX-License-Identifier: GPL-3.0-or-later
// SsoDeviceLogin: the device-authorization grant against IAM Identity Center OIDC.
#include "aws/SsoDeviceLogin.h"

#include "aws/AwsConfigFiles.h"

#include <QPointer>

namespace signet::aws {

SsoDeviceLogin::SsoDeviceLogin(QProcessEnvironment env, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_env(std::move(env))
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SsoDeviceLogin::poll);
}

Result<SsoDeviceLogin::Target> SsoDeviceLogin::targetFor(const QProcessEnvironment &env,
                                                         const QString &profile)
{
    const auto files = AwsConfigFiles::load(env);
    if (!files)
        return files.error();
    const QString name = AwsConfigFiles::profileName(env, profile);
    if (!files->hasProfile(name))
        return makeError(
            QStringLiteral("credentials.no-profile"),
            QStringLiteral("AWS profile \"%1\" is not defined in %2").arg(name, files->config().path()),
            QStringLiteral("Create it with `aws configure sso --profile %1`.").arg(name));
    const auto values = files->profile(name);
    Target target;
    if (values.contains(QStringLiteral("sso_session"))) {
        target.sessionName = values.value(QStringLiteral("sso_session"));
        if (!files->hasSsoSession(target.sessionName))
            return makeError(QStringLiteral("credentials.config"),
                             QStringLiteral("the sso-session \"%1\" of profile \"%2\" does not exist")
                                 .arg(target.sessionName, name));
        const auto session = files->ssoSession(target.sessionName);
        target.startUrl = session.value(QStringLiteral("sso_start_url"));
        target.region = session.value(QStringLiteral("sso_region"));
        for (const QString &scope :
             session.value(QStringLiteral("sso_registration_scopes")).split(u',', Qt::SkipEmptyParts))
            target.scopes.append(scope.trimmed());
        if (target.scopes.isEmpty())
            target.scopes = {QStringLiteral("sso:account:access")};
    } else {
        target.startUrl = values.value(QStringLiteral("sso_start_url"));
        target.region = values.value(QStringLiteral("sso_region"));
    }
    if (target.startUrl.isEmpty() || target.region.isEmpty())
        return makeError(
            QStringLiteral("credentials.config"),
            QStringLiteral("profile \"%1\" has no IAM Identity Center start URL and region").arg(name),
            QStringLiteral("Set sso_session (with sso_start_url and sso_region in its section) or "
                           "sso_start_url and sso_region in the profile."));
    return target;
}

QFuture<Result<SsoToken>> SsoDeviceLogin::start(const QString &profile)
{
    return futureFromCallback<SsoToken>([this, profile](ResultCallback<SsoToken> done) {
        m_done = std::move(done);
        auto target = targetFor(m_env, profile);
        if (!target) {
            finish(target.error());
            return;
        }
        m_target = std::move(target).value();
        m_oidc = std::make_unique<SsoOidcClient>(ServiceEndpoints(m_env), m_target.region, m_timeoutMs);
        m_oidc->registerClient(
            QStringLiteral("signet-%1").arg(m_clock.now().toSecsSinceEpoch()), m_target.scopes,
            [this, guard = QPointer<SsoDeviceLogin>(this)](Result<OidcClientRegistration> client) {
                if (!guard)
                    return;
                if (!client) {
                    finish(client.error());
                    return;
                }
                m_client = std::move(client).value();
                m_oidc->startDeviceAuthorization(
                    m_client, m_target.startUrl, [this, guard](Result<DeviceAuthorization> device) {
                        if (!guard)
                            return;
                        if (!device) {
                            finish(device.error());
                            return;
                        }
                        m_device = std::move(device).value();
                        m_interval = m_device.intervalSeconds;
                        m_deadline = m_clock.now().addSecs(m_device.expiresInSeconds);
                        emit verificationReady(m_device.verificationUriComplete.isEmpty()
                                                   ? m_device.verificationUri
                                                   : m_device.verificationUriComplete,
                                               m_device.userCode);
                        m_timer.start(m_interval * 1000);
                    });
            });
    });
}

void SsoDeviceLogin::cancel()
{
    m_timer.stop();
    finish(makeError(QStringLiteral("sso.cancelled"),
                     QStringLiteral("the IAM Identity Center sign-in was cancelled")));
}

void SsoDeviceLogin::poll()
{
    if (m_clock.now() >= m_deadline) {
        finish(makeError(
            QStringLiteral("sso.device-expired"),
            QStringLiteral("the sign-in code expired before it was approved"),
            QStringLiteral("Run the sign-in again and approve it in the browser within the time shown.")));
        return;
    }
    m_oidc->createTokenWithDeviceCode(
        m_client, m_device.deviceCode,
        [this, guard = QPointer<SsoDeviceLogin>(this)](Result<OidcToken> token) {
            if (!guard || !m_done)
                return;
            if (!token) {
                const QString code = token.error().code;
                if (code.endsWith(QStringLiteral("authorization_pending")) ||
                    code.endsWith(QStringLiteral("AuthorizationPendingException"))) {
                    m_timer.start(m_interval * 1000);
                    return;
                }
                if (code.endsWith(QStringLiteral("slow_down")) ||
                    code.endsWith(QStringLiteral("SlowDownException"))) {
                    m_interval += 5;
                    m_timer.start(m_interval * 1000);
                    return;
                }
                Error error = token.error();
                if (error.hint.isEmpty())
                    error.hint = QStringLiteral("Run the sign-in again.");
                finish(error);
                return;
            }
            SsoToken stored;
            stored.startUrl = m_target.startUrl;
            stored.region = m_target.region;
            stored.accessToken = token->accessToken;
            stored.expiresAt = m_clock.now().addSecs(token->expiresInSeconds);
            if (!m_target.sessionName.isEmpty()) {
                // Only sso-session sign-ins are refreshable, as with the AWS CLI.
                stored.refreshToken = token->refreshToken;
                stored.clientId = m_client.clientId;
                stored.clientSecret = m_client.clientSecret;
                stored.registrationExpiresAt = m_client.expiresAt;
            }
            const SsoTokenCache cache(AwsConfigFiles::expandPath(QStringLiteral("~/.aws/sso/cache"), m_env));
            const auto written = cache.store(m_target.cacheKey(), stored);
            if (!written) {
                finish(written.error());
                return;
            }
            finish(std::move(stored));
        });
}

void SsoDeviceLogin::finish(Result<SsoToken> result)
{
    m_timer.stop();
    if (!m_done)
        return;
    auto done = std::exchange(m_done, nullptr);
    done(std::move(result));
}

} // namespace signet::aws
