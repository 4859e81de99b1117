// SPDX-License-Identifier: GPL-3.0-or-later
// MemorySecretStore: secrets kept in this process only, wiped on exit; the fallback and a test double.
#pragma once

#include "profiles/SecretStore.h"

#include <QHash>

namespace signet::profiles {

class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)

public:
    explicit MemorySecretStore(QObject *parent = nullptr)
        : SecretStore(parent)
    {}
    ~MemorySecretStore() override = default;

    void read(const QString &key, QObject *context, ReadHandler handler) override;
    void write(const QString &key, const SecretString &secret, QObject *context,
               WriteHandler handler) override;
    void remove(const QString &key, QObject *context, WriteHandler handler) override;
    QString backendName() const override { return tr("memory (this session only)"); }

    // Synchronous forms, for the keychain store's fallback.
    Result<SecretString> get(const QString &key) const;
    void put(const QString &key, const SecretString &secret) { m_secrets.insert(key, secret); }
    void erase(const QString &key) { m_secrets.remove(key); }

private:
    QHash<QString, SecretString> m_secrets;
};

} // namespace signet::profiles
