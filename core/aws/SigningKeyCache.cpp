// SPDX-License-Identifier: GPL-3.0-or-later
// SigningKeyCache: SigV4 signing keys, derived once per (secret, date, region, service).
#include "aws/SigningKeyCache.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace signet::aws {

SigningKeyCache &SigningKeyCache::instance()
{
    static SigningKeyCache cache;
    return cache;
}

SigningKeyCache::SigningKeyCache()
    : m_salt(32, Qt::Uninitialized)
{
    if (RAND_bytes(reinterpret_cast<unsigned char *>(m_salt.data()), int(m_salt.size())) != 1)
        qFatal("signet: OpenSSL RAND_bytes failed");
}

SigningKeyCache::~SigningKeyCache()
{
    clearLocked();
    OPENSSL_cleanse(m_salt.data(), size_t(m_salt.size()));
}

crypto::Digest SigningKeyCache::derive(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                                       QByteArrayView service)
{
    QByteArray seed;
    seed.reserve(4 + secret.size());
    seed.append("AWS4", 4).append(secret);
    crypto::Digest key = crypto::hmacSha256(seed, date);
    OPENSSL_cleanse(seed.data(), size_t(seed.size()));
    crypto::Digest next = crypto::hmacSha256(key, region);
    key = crypto::hmacSha256(next, service);
    next = crypto::hmacSha256(key, QByteArrayView("aws4_request"));
    crypto::cleanse(key);
    return next;
}

crypto::Digest SigningKeyCache::signingKey(const SecretString &secret, QByteArrayView date,
                                           QByteArrayView region, QByteArrayView service)
{
    // Lookup key: H(salt || secret) || date || region || service, with separators that cannot
    // occur in dates, regions or service names.
    QByteArray lookup;
    lookup.reserve(32 + date.size() + region.size() + service.size() + 2);
    const crypto::Digest id = crypto::sha256(m_salt, secret.reveal());
    lookup.append(reinterpret_cast<const char *>(id.data()), qsizetype(id.size()));
    lookup.append(date).append('\n').append(region).append('\n').append(service);

    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_keys.constFind(lookup);
        if (it != m_keys.constEnd()) {
            ++m_hits;
            return it.value();
        }
        ++m_misses;
    }
    // Derive outside the lock; two threads racing on the same key both compute the same value.
    const crypto::Digest key = derive(secret.reveal(), date, region, service);
    const std::lock_guard lock(m_mutex);
    if (m_keys.size() >= MaxEntries)
        clearLocked();
    m_keys.insert(lookup, key);
    return key;
}

void SigningKeyCache::clear()
{
    const std::lock_guard lock(m_mutex);
    clearLocked();
}

void SigningKeyCache::clearLocked()
{
    for (auto it = m_keys.begin(); it != m_keys.end(); ++it)
        crypto::cleanse(it.value());
    m_keys.clear();
}

qsizetype SigningKeyCache::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_keys.size();
}

quint64 SigningKeyCache::hits() const
{
    const std::lock_guard lock(m_mutex);
    return m_hits;
}

quint64 SigningKeyCache::misses() const
{
    const std::lock_guard lock(m_mutex);
    return m_misses;
}

} // namespace signet::aws
