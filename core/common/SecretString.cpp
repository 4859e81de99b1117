// SPDX-License-Identifier: GPL-3.0-or-later
// SecretString: secret bytes that are wiped when released.
#include "common/SecretString.h"

#include <openssl/crypto.h>

#include <utility>

namespace signet {

namespace {

// A deep copy, so the result's buffer is not shared with anyone and can be wiped safely.
QByteArray privateCopy(QByteArrayView bytes)
{
    return bytes.isEmpty() ? QByteArray() : QByteArray(bytes.data(), bytes.size());
}

} // namespace

SecretString::SecretString(QByteArrayView bytes)
    : m_bytes(privateCopy(bytes))
{}

SecretString SecretString::fromUtf8(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    SecretString secret(utf8);
    OPENSSL_cleanse(utf8.data(), static_cast<size_t>(utf8.size()));
    return secret;
}

SecretString SecretString::adopt(QByteArray &&bytes)
{
    SecretString secret;
    if (bytes.isDetached()) {
        secret.m_bytes = std::exchange(bytes, {});
    } else {
        secret.m_bytes = privateCopy(bytes);
        bytes = QByteArray();
    }
    return secret;
}

SecretString::SecretString(const SecretString &other)
    : m_bytes(privateCopy(other.m_bytes))
{}

SecretString::SecretString(SecretString &&other) noexcept
    : m_bytes(std::exchange(other.m_bytes, {}))
{}

SecretString &SecretString::operator=(const SecretString &other)
{
    if (this != &other) {
        wipe();
        m_bytes = privateCopy(other.m_bytes);
    }
    return *this;
}

SecretString &SecretString::operator=(SecretString &&other) noexcept
{
    if (this != &other) {
        wipe();
        m_bytes = std::exchange(other.m_bytes, {});
    }
    return *this;
}

SecretString::~SecretString()
{
    wipe();
}

void SecretString::clear()
{
    wipe();
}

bool SecretString::operator==(const SecretString &other) const
{
    if (m_bytes.size() != other.m_bytes.size())
        return false;
    return m_bytes.isEmpty() || CRYPTO_memcmp(m_bytes.constData(), other.m_bytes.constData(),
                                              static_cast<size_t>(m_bytes.size())) == 0;
}

void SecretString::wipe()
{
    // Only a buffer we own alone may be overwritten; a shared one (someone kept reveal()'s
    // result) is dropped and left to its other holder.
    if (!m_bytes.isEmpty() && m_bytes.isDetached())
        OPENSSL_cleanse(m_bytes.data(), static_cast<size_t>(m_bytes.size()));
    m_bytes = QByteArray();
}

QDebug operator<<(QDebug debug, const SecretString &secret)
{
    const QDebugStateSaver saver(debug);
    debug.noquote().nospace() << (secret.isEmpty() ? "(empty)" : "(redacted)");
    return debug;
}

} // namespace signet
