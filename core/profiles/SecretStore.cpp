// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore: key naming and the blocking helpers for the CLI.
#include "profiles/SecretStore.h"

#include <QEventLoop>
#include <QTimer>

#include <optional>

namespace signet::profiles {

namespace {

Error timeoutError(int timeoutMs)
{
    return makeError(
        QStringLiteral("secrets.timeout"),
        QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000.0),
        QStringLiteral("Unlock your keyring (e.g. log in to the desktop session) and try again."));
}

// Runs `start` and spins a local loop until it calls back or the time is up.
template<typename T>
T waitFor(int timeoutMs, const std::function<void(QObject *, std::function<void(const T &)>)> &start)
{
    QEventLoop loop;
    std::optional<T> answer;
    start(&loop, [&](const T &value) {
        answer.emplace(value);
        loop.quit();
    });
    if (!answer) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!answer)
        return T(timeoutError(timeoutMs));
    return *answer;
}

} // namespace

QString SecretStore::keyFor(const QUuid &profileId, const QString &purpose)
{
    return profileId.toString(QUuid::WithoutBraces) + u':' + purpose;
}

Result<SecretString> SecretStore::readAndWait(const QString &key, int timeoutMs)
{
    return waitFor<Result<SecretString>>(timeoutMs,
                                         [&](QObject *context, auto done) { read(key, context, done); });
}

Status SecretStore::writeAndWait(const QString &key, const SecretString &secret, int timeoutMs)
{
    return waitFor<Status>(timeoutMs,
                           [&](QObject *context, auto done) { write(key, secret, context, done); });
}

Status SecretStore::removeAndWait(const QString &key, int timeoutMs)
{
    return waitFor<Status>(timeoutMs, [&](QObject *context, auto done) { remove(key, context, done); });
}

} // namespace signet::profiles
