// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4Crypto: SHA-256 and HMAC-SHA256 over OpenSSL 3 EVP.
#include "aws/SigV4Crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>

namespace signet::aws::crypto {

namespace {

// Fetching an algorithm is the slow part of EVP; do it once per process, and keep one context
// per thread so signing on several threads needs no lock.
const EVP_MD *sha256Md()
{
    static EVP_MD *const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

EVP_MAC *hmacAlgorithm()
{
    static EVP_MAC *const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

struct ThreadContexts
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_MAC_CTX *mac = nullptr;

    ThreadContexts()
    {
        if (EVP_MAC *algorithm = hmacAlgorithm()) {
            mac = EVP_MAC_CTX_new(algorithm);
            char digestName[] = "SHA256";
            const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digestName, 0),
                                         OSSL_PARAM_construct_end()};
            if (mac && EVP_MAC_CTX_set_params(mac, params) != 1) {
                EVP_MAC_CTX_free(mac);
                mac = nullptr;
            }
        }
    }
    ~ThreadContexts()
    {
        EVP_MAC_CTX_free(mac);
        EVP_MD_CTX_free(md);
    }
    ThreadContexts(const ThreadContexts &) = delete;
    ThreadContexts &operator=(const ThreadContexts &) = delete;
};

ThreadContexts &contexts()
{
    thread_local ThreadContexts ctx;
    return ctx;
}

[[noreturn]] void cryptoFailure()
{
    // Only reachable when OpenSSL itself is broken (no default provider); signing garbage would
    // be worse than stopping.
    qFatal("signet: OpenSSL SHA-256/HMAC is unavailable");
}

} // namespace

Digest sha256(QByteArrayView data)
{
    return sha256(data, QByteArrayView());
}

Digest sha256(QByteArrayView a, QByteArrayView b)
{
    Digest out{};
    ThreadContexts &ctx = contexts();
    unsigned int len = 0;
    if (!ctx.md || !sha256Md() || EVP_DigestInit_ex2(ctx.md, sha256Md(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.md, a.data(), static_cast<size_t>(a.size())) != 1 ||
        (!b.isEmpty() && EVP_DigestUpdate(ctx.md, b.data(), static_cast<size_t>(b.size())) != 1) ||
        EVP_DigestFinal_ex(ctx.md, out.data(), &len) != 1 || len != out.size())
        cryptoFailure();
    return out;
}

Digest hmacSha256(QByteArrayView key, QByteArrayView data)
{
    Digest out{};
    ThreadContexts &ctx = contexts();
    size_t len = 0;
    // EVP_MAC_init rejects an empty key pointer; HMAC with an empty key is still well defined.
    static const unsigned char emptyKey[1] = {0};
    const auto *keyBytes = key.isEmpty() ? emptyKey : reinterpret_cast<const unsigned char *>(key.data());
    if (!ctx.mac || EVP_MAC_init(ctx.mac, keyBytes, static_cast<size_t>(key.size()), nullptr) != 1 ||
        EVP_MAC_update(ctx.mac, reinterpret_cast<const unsigned char *>(data.data()),
                       static_cast<size_t>(data.size())) != 1 ||
        EVP_MAC_final(ctx.mac, out.data(), &len, out.size()) != 1 || len != out.size())
        cryptoFailure();
    return out;
}

void appendHex(QByteArray &out, const Digest &digest)
{
    static constexpr char digits[] = "0123456789abcdef";
    const qsizetype start = out.size();
    out.resize(start + qsizetype(digest.size()) * 2);
    char *p = out.data() + start;
    for (unsigned char byte : digest) {
        *p++ = digits[byte >> 4];
        *p++ = digits[byte & 0x0f];
    }
}

QByteArray toHex(const Digest &digest)
{
    QByteArray out;
    out.reserve(qsizetype(digest.size()) * 2);
    appendHex(out, digest);
    return out;
}

void cleanse(Digest &digest)
{
    OPENSSL_cleanse(digest.data(), digest.size());
}

} // namespace signet::aws::crypto
