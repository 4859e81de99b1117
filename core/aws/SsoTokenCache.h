// SPDX-License-Identifier: GPL-3.0-or-later
// SsoTokenCache: the AWS CLI's IAM Identity Center token cache (~/.aws/sso/cache/<sha1>.json).
#pragma once

#include "common/Result.h"
#include "common/SecretString.h"

#include <QDateTime>
#include <QString>

namespace signet::aws {

// One cached sign-in, field for field as the AWS CLI v2 writes it.
struct SsoToken final
{
    QString startUrl;
    QString region;
    SecretString accessToken;
    QDateTime expiresAt;
    // Present for sso-session sign-ins, which can be refreshed without the browser.
    SecretString refreshToken;
    QString clientId;
    SecretString clientSecret;
    QDateTime registrationExpiresAt;

    bool canRefresh(const QDateTime &now) const
    {
        return !refreshToken.isEmpty() && !clientId.isEmpty() && !clientSecret.isEmpty() &&
               (!registrationExpiresAt.isValid() || registrationExpiresAt > now);
    }
};

class SsoTokenCache final
{
public:
    // `directory` is normally ~/.aws/sso/cache.
    explicit SsoTokenCache(QString directory);

    // sha1 of the sso-session name, or of the start URL for legacy profiles, in hex.
    static QString cacheKey(const QString &sessionNameOrStartUrl);
    QString filePath(const QString &sessionNameOrStartUrl) const;

    Result<SsoToken> load(const QString &sessionNameOrStartUrl) const;
    // One cache file's bytes (`path` names it in errors): "sso.bad-cache" unless it is a JSON
    // object with an access token and a valid expiresAt.
    static Result<SsoToken> parse(const QByteArray &json, const QString &path);
    // Written atomically and readable by the owner only.
    Status store(const QString &sessionNameOrStartUrl, const SsoToken &token) const;

    // The AWS CLI's time format: "2026-11-21T15:00:00Z" (also accepts "+00:00" and "UTC" forms).
    static QDateTime parseTime(const QString &text);
    static QString formatTime(const QDateTime &when);

private:
    QString m_directory;
};

} // namespace signet::aws
