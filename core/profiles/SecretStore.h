// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore: where profile secrets live (the system keychain), behind a small asynchronous interface.
#pragma once

#include "common/Result.h"
#include "common/SecretString.h"

#include <QObject>
#include <QString>
#include <QUuid>

#include <functional>

namespace signet::profiles {

// Every call returns at once and reports through the handler, on the GUI thread, while `context` is
// alive. The key of a secret is the profile id plus its purpose (see keyFor()).
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    using ReadHandler = std::function<void(const Result<SecretString> &)>;
    using WriteHandler = std::function<void(const Status &)>;

    // The purpose of a profile's static AWS key pair.
    static QString staticKeysPurpose() { return QStringLiteral("aws-static-keys"); }
    static QString keyFor(const QUuid &profileId, const QString &purpose);

    explicit SecretStore(QObject *parent = nullptr)
        : QObject(parent)
    {}
    ~SecretStore() override = default;

    // Reading a key that was never written fails with code "secrets.not-found".
    virtual void read(const QString &key, QObject *context, ReadHandler handler) = 0;
    virtual void write(const QString &key, const SecretString &secret, QObject *context,
                       WriteHandler handler) = 0;
    // Removing a key that does not exist succeeds.
    virtual void remove(const QString &key, QObject *context, WriteHandler handler) = 0;
    // For the status bar: "Secret Service", "memory (this session only)".
    virtual QString backendName() const = 0;

    // For the CLI and tests, never the GUI: runs a local event loop until the answer or the timeout
    // ("secrets.timeout").
    Result<SecretString> readAndWait(const QString &key, int timeoutMs = 10'000);
    Status writeAndWait(const QString &key, const SecretString &secret, int timeoutMs = 10'000);
    Status removeAndWait(const QString &key, int timeoutMs = 10'000);

Q_SIGNALS:
    // The keychain could not be used; secrets are kept in memory until Signet quits. Emitted once.
    void fellBackToMemory(const signet::Error &reason);
};

} // namespace signet::profiles
