// SPDX-License-Identifier: GPL-3.0-or-later
// SigningKeyCache: SigV4 signing keys, derived once per (secret, date, region, service).
#pragma once

#include "aws/SigV4Crypto.h"
#include "common/SecretString.h"

#include <QByteArray>
#include <QHash>

#include <mutex>

namespace signet::aws {

// Deriving a signing key costs four HMACs; a token for the same identity, day, region and
// service can reuse it. Entries are keyed by a salted SHA-256 of the secret (the salt is random
// per process), never the secret itself; the derived keys are wiped on clear() and destruction.
// Thread-safe.
class SigningKeyCache final
{
public:
    static SigningKeyCache &instance();

    SigningKeyCache();
    ~SigningKeyCache();
    SigningKeyCache(const SigningKeyCache &) = delete;
    SigningKeyCache &operator=(const SigningKeyCache &) = delete;

    // kSigning for the secret on `date` (yyyyMMdd), from the cache or derived and remembered.
    crypto::Digest signingKey(const SecretString &secret, QByteArrayView date, QByteArrayView region,
                              QByteArrayView service);

    // kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static crypto::Digest derive(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                                 QByteArrayView service);

    // Forgets (and wipes) every key: for credential rotation, sign-out and cold benchmarks.
    void clear();
    qsizetype size() const;
    quint64 hits() const;
    quint64 misses() const;

    // More entries than this and the cache starts over; one user rarely has more than a few.
    static constexpr qsizetype MaxEntries = 64;

private:
    void clearLocked();

    mutable std::mutex m_mutex;
    QByteArray m_salt;
    QHash<QByteArray, crypto::Digest> m_keys;
    quint64 m_hits = 0;
    quint64 m_misses = 0;
};

} // namespace signet::aws
