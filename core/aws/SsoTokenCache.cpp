// SPDX-License-Identifier: GPL-3.0-or-later
// SsoTokenCache: read and write the JSON files the AWS CLI keeps per IAM Identity Center sign-in.
#include "aws/SsoTokenCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace signet::aws {

SsoTokenCache::SsoTokenCache(QString directory)
    : m_directory(std::move(directory))
{}

QString SsoTokenCache::cacheKey(const QString &sessionNameOrStartUrl)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(sessionNameOrStartUrl.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QString SsoTokenCache::filePath(const QString &sessionNameOrStartUrl) const
{
    return QDir(m_directory).filePath(cacheKey(sessionNameOrStartUrl) + QStringLiteral(".json"));
}

QDateTime SsoTokenCache::parseTime(const QString &text)
{
    QString normalized = text.trimmed();
    if (normalized.endsWith(QStringLiteral("UTC")))
        normalized = normalized.chopped(3).trimmed() + u'Z';
    QDateTime when = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(normalized, Qt::ISODate);
    return when.isValid() ? when.toUTC() : QDateTime();
}

QString SsoTokenCache::formatTime(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

Result<SsoToken> SsoTokenCache::load(const QString &sessionNameOrStartUrl) const
{
    const QString path = filePath(sessionNameOrStartUrl);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("sso.not-signed-in"),
                         QStringLiteral("no IAM Identity Center sign-in is cached for %1 (%2)")
                             .arg(sessionNameOrStartUrl, path),
                         QStringLiteral("Sign in to IAM Identity Center."),
                         Fix{Fix::Kind::SignInSso, QStringLiteral("NAME")});
    return parse(file.readAll(), path);
}

Result<SsoToken> SsoTokenCache::parse(const QByteArray &json, const QString &path)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject object = document.object();
    SsoToken token;
    token.accessToken = SecretString::fromUtf8(object.value(QStringLiteral("accessToken")).toString());
    token.expiresAt = parseTime(object.value(QStringLiteral("expiresAt")).toString());
    if (parseError.error != QJsonParseError::NoError || token.accessToken.isEmpty() ||
        !token.expiresAt.isValid())
        return makeError(QStringLiteral("sso.bad-cache"),
                         QStringLiteral("the cached IAM Identity Center sign-in %1 is unreadable").arg(path),
                         QStringLiteral("Sign in to IAM Identity Center again."),
                         Fix{Fix::Kind::SignInSso, QStringLiteral("NAME")});
    token.startUrl = object.value(QStringLiteral("startUrl")).toString();
    token.region = object.value(QStringLiteral("region")).toString();
    token.refreshToken = SecretString::fromUtf8(object.value(QStringLiteral("refreshToken")).toString());
    token.clientId = object.value(QStringLiteral("clientId")).toString();
    token.clientSecret = SecretString::fromUtf8(object.value(QStringLiteral("clientSecret")).toString());
    token.registrationExpiresAt = parseTime(object.value(QStringLiteral("registrationExpiresAt")).toString());
    return token;
}

Status SsoTokenCache::store(const QString &sessionNameOrStartUrl, const SsoToken &token) const
{
    QJsonObject object{{QStringLiteral("startUrl"), token.startUrl},
                       {QStringLiteral("region"), token.region},
                       {QStringLiteral("accessToken"), token.accessToken.revealText()},
                       {QStringLiteral("expiresAt"), formatTime(token.expiresAt)}};
    if (!token.refreshToken.isEmpty())
        object.insert(QStringLiteral("refreshToken"), token.refreshToken.revealText());
    if (!token.clientId.isEmpty()) {
        object.insert(QStringLiteral("clientId"), token.clientId);
        object.insert(QStringLiteral("clientSecret"), token.clientSecret.revealText());
    }
    if (token.registrationExpiresAt.isValid())
        object.insert(QStringLiteral("registrationExpiresAt"), formatTime(token.registrationExpiresAt));

    const QString path = filePath(sessionNameOrStartUrl);
    auto failed = [&path](const QString &detail) {
        return makeError(QStringLiteral("sso.cache-write"),
                         QStringLiteral("could not write the sign-in cache %1: %2").arg(path, detail),
                         QStringLiteral("Check that ~/.aws/sso/cache is writable."));
    };
    if (!QDir().mkpath(m_directory))
        return failed(QStringLiteral("cannot create the directory"));
    QFile::setPermissions(m_directory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    file.write(bytes);
    bytes.fill('\0');
    if (!file.commit())
        return failed(file.errorString());
    return Unit{};
}

} // namespace signet::aws
