// SPDX-License-Identifier: GPL-3.0-or-later
// SecretString: secret bytes (keys, session tokens, auth tokens) that are wiped when released.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDebug>
#include <QString>

namespace signet {

// Holds its own private copy of the bytes and overwrites it (OPENSSL_cleanse) on destruction,
// reassignment and clear(). Copies are deep, so every holder owns, and wipes, its own buffer.
// The bytes it was built from are the caller's to wipe. Prints as "(redacted)" / "(empty)".
class SecretString final
{
public:
    SecretString() = default;
    explicit SecretString(QByteArrayView bytes);
    // Stores the UTF-8 form of the text.
    static SecretString fromUtf8(const QString &text);
    // Takes over the buffer without copying when the caller held the only reference (otherwise
    // copies); `bytes` is left empty either way.
    static SecretString adopt(QByteArray &&bytes);

    SecretString(const SecretString &other);
    SecretString(SecretString &&other) noexcept;
    SecretString &operator=(const SecretString &other);
    SecretString &operator=(SecretString &&other) noexcept;
    ~SecretString();

    // The secret bytes, for the signer. Do not keep copies longer than needed.
    const QByteArray &reveal() const { return m_bytes; }
    // The secret decoded from UTF-8; the returned QString is not wiped.
    QString revealText() const { return QString::fromUtf8(m_bytes); }

    bool isEmpty() const { return m_bytes.isEmpty(); }
    qsizetype size() const { return m_bytes.size(); }
    void clear();

    // Constant-time comparison of the contents.
    bool operator==(const SecretString &other) const;
    bool operator!=(const SecretString &other) const { return !(*this == other); }

private:
    void wipe();

    QByteArray m_bytes;
};

QDebug operator<<(QDebug debug, const SecretString &secret);

} // namespace signet
