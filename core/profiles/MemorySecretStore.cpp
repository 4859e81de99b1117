// SPDX-License-Identifier: GPL-3.0-or-later
// MemorySecretStore: answers on the next event-loop turn, like a real keychain.
#include "profiles/MemorySecretStore.h"

#include <QTimer>

namespace signet::profiles {

Result<SecretString> MemorySecretStore::get(const QString &key) const
{
    const auto found = m_secrets.constFind(key);
    if (found == m_secrets.constEnd())
        return makeError(QStringLiteral("secrets.not-found"),
                         QStringLiteral("no secret is stored for this profile"),
                         QStringLiteral("Enter it again in the profile's credentials."));
    return *found;
}

void MemorySecretStore::read(const QString &key, QObject *context, ReadHandler handler)
{
    QTimer::singleShot(0, context, [answer = get(key), handler = std::move(handler)] { handler(answer); });
}

void MemorySecretStore::write(const QString &key, const SecretString &secret, QObject *context,
                              WriteHandler handler)
{
    put(key, secret);
    QTimer::singleShot(0, context, [handler = std::move(handler)] { handler(Unit{}); });
}

void MemorySecretStore::remove(const QString &key, QObject *context, WriteHandler handler)
{
    erase(key);
    QTimer::singleShot(0, context, [handler = std::move(handler)] { handler(Unit{}); });
}

} // namespace signet::profiles
