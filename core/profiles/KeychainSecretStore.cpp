// SPDX-License-Identifier: GPL-3.0-or-later
// KeychainSecretStore: QtKeychain jobs, their errors in the user's words, and the fallback.
#include "profiles/KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

namespace signet::profiles {

namespace {

Error keychainError(const QKeychain::Job &job, const QString &action)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return makeError(QStringLiteral("secrets.not-found"),
                         QStringLiteral("no secret is stored for this profile"),
                         QStringLiteral("Enter it again in the profile's credentials."));
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return makeError(
            QStringLiteral("secrets.denied"),
            QStringLiteral("the keychain refused to %1 the secret (%2)").arg(action, job.errorString()),
            QStringLiteral("Unlock the keyring and allow Signet access."));
    default:
        return makeError(
            QStringLiteral("secrets.failed"),
            QStringLiteral("could not %1 the secret in the keychain (%2)").arg(action, job.errorString()),
            QStringLiteral("Check that a Secret Service (GNOME Keyring, KWallet) is running."));
    }
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent)
{}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
    return m_usingMemory ? m_memory.backendName() : tr("system keychain");
}

bool KeychainSecretStore::meansNoKeychain(int code)
{
    return code == QKeychain::NoBackendAvailable || code == QKeychain::NotImplemented ||
           code == QKeychain::OtherError;
}

void KeychainSecretStore::fallBack(const QString &detail)
{
    if (m_usingMemory)
        return;
    m_usingMemory = true;
    m_noKeychainDetail = detail;
    Q_EMIT fellBackToMemory(makeError(
        QStringLiteral("secrets.no-keychain"),
        QStringLiteral("No keychain is available (%1); secrets are kept in memory until Signet quits.")
            .arg(detail),
        QStringLiteral(
            "Start a Secret Service such as GNOME Keyring or KWallet to keep them between sessions.")));
}

void KeychainSecretStore::readFromMemory(const QString &key, QObject *context, ReadHandler handler)
{
    m_memory.read(key, context,
                  [detail = m_noKeychainDetail, handler = std::move(handler)](Result<SecretString> secret) {
                      if (!secret && secret.error().code == u"secrets.not-found")
                          return handler(makeError(
                              secret.error().code,
                              QStringLiteral("the secret cannot be read: the keychain cannot be reached (%1)")
                                  .arg(detail),
                              QStringLiteral("Start or unlock a Secret Service (GNOME Keyring, KWallet) and "
                                             "try again.")));
                      handler(std::move(secret));
                  });
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadHandler handler)
{
    if (m_usingMemory)
        return readFromMemory(key, context, std::move(handler));
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context,
            [this, key, context, handler = std::move(handler)](QKeychain::Job *finished) {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                if (readJob->error() == QKeychain::NoError) {
                    QByteArray bytes = readJob->binaryData();
                    return handler(SecretString::adopt(std::move(bytes)));
                }
                if (meansNoKeychain(readJob->error())) {
                    fallBack(readJob->errorString());
                    return readFromMemory(key, context, handler);
                }
                handler(keychainError(*readJob, tr("read")));
            });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const SecretString &secret, QObject *context,
                                WriteHandler handler)
{
    if (m_usingMemory)
        return m_memory.write(key, secret, context, std::move(handler));
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setBinaryData(secret.reveal());
    connect(job, &QKeychain::Job::finished, context,
            [this, key, secret, context, handler = std::move(handler)](QKeychain::Job *finished) {
                if (finished->error() == QKeychain::NoError)
                    return handler(Unit{});
                if (meansNoKeychain(finished->error())) {
                    fallBack(finished->errorString());
                    return m_memory.write(key, secret, context, handler);
                }
                handler(keychainError(*finished, tr("store")));
            });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, WriteHandler handler)
{
    m_memory.erase(key);
    if (m_usingMemory)
        return m_memory.remove(key, context, std::move(handler));
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context,
            [this, key, context, handler = std::move(handler)](QKeychain::Job *finished) {
                if (finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound)
                    return handler(Unit{});
                if (meansNoKeychain(finished->error())) {
                    fallBack(finished->errorString());
                    return m_memory.remove(key, context, handler);
                }
                handler(keychainError(*finished, tr("remove")));
            });
    job->start();
}

} // namespace signet::profiles
