// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4Crypto: the SHA-256 and HMAC-SHA256 primitives SigV4 is built from (OpenSSL 3 EVP).
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace signet::aws::crypto {

using Digest = std::array<unsigned char, 32>;

Digest sha256(QByteArrayView data);
// SHA-256 of a followed by b, without concatenating them first.
Digest sha256(QByteArrayView a, QByteArrayView b);
Digest hmacSha256(QByteArrayView key, QByteArrayView data);
inline Digest hmacSha256(const Digest &key, QByteArrayView data)
{
    return hmacSha256(QByteArrayView(reinterpret_cast<const char *>(key.data()), qsizetype(key.size())),
                      data);
}

// Lower-case hex, as SigV4 writes hashes and signatures.
void appendHex(QByteArray &out, const Digest &digest);
QByteArray toHex(const Digest &digest);
inline QByteArray sha256Hex(QByteArrayView data)
{
    return toHex(sha256(data));
}

// Overwrites a digest that held key material.
void cleanse(Digest &digest);

} // namespace signet::aws::crypto
