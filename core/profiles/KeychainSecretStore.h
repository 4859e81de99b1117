// SPDX-License-Identifier: GPL-3.0-or-later
// KeychainSecretStore: secrets in the system keychain through QtKeychain, with an in-memory fallback.
#pragma once

#include "profiles/MemorySecretStore.h"
#include "profiles/SecretStore.h"

namespace signet::profiles {

// Service name "signet". QtKeychain's libsecret backend has no insecure fallback: without a session
// bus or Secret Service it fails ("Cannot autolaunch D-Bus…"). Then this store says so once
// (fellBackToMemory) and keeps secrets in memory for the rest of the session; nothing is ever
// written to disk in their place.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    explicit KeychainSecretStore(QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    static QString serviceName() { return QStringLiteral("signet"); }

    void read(const QString &key, QObject *context, ReadHandler handler) override;
    void write(const QString &key, const SecretString &secret, QObject *context,
               WriteHandler handler) override;
    void remove(const QString &key, QObject *context, WriteHandler handler) override;
    QString backendName() const override;
    bool isUsingMemory() const { return m_usingMemory; }

private:
    // True when the error means "there is no usable keychain" rather than "no such entry".
    static bool meansNoKeychain(int code);
    void fallBack(const QString &detail);
    // Reads from the in-memory fallback; a secret missing there is reported as the keychain being
    // out of reach (it may well be stored in the keychain), not as never stored.
    void readFromMemory(const QString &key, QObject *context, ReadHandler handler);

    MemorySecretStore m_memory;
    bool m_usingMemory = false;
    QString m_noKeychainDetail; // why the keychain could not be reached
};

} // namespace signet::profiles
