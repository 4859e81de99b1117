// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyTokenCache: one IAM token per database user, reused while more than a minute is left.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "token/AuthToken.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>

namespace signet::proxy {

// RDS throttles new IAM logins (about 200 a second) but not the reuse of a token, so every
// connection of a user shares one token until fewer than MinSecondsLeft remain. validUntil() already
// ends at the credentials' expiry, so a reused token never outlives them. Signing (which may resolve
// credentials over the network: SSO, STS, IMDS) runs on a worker thread, one signature at a time;
// callers for the same user wait for the same signature.
class ProxyTokenCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyTokenCache)

public:
    static constexpr qint64 MinSecondsLeft = 60;

    using SignFunction = std::function<Result<token::AuthToken>(const QString &user)>;
    using Callback = std::function<void(const Result<token::AuthToken> &)>;

    ProxyTokenCache(SignFunction sign, const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~ProxyTokenCache() override;

    // Calls `done` with a token for `user`: at once when a cached one is still good, else after
    // signing (in this object's thread). Nothing is called once `context` is gone.
    void request(const QString &user, QObject *context, Callback done);
    // A cached token that is still good, without signing.
    bool hasFreshToken(const QString &user) const;
    // Forgets every token (e.g. after the upstream refused one).
    void forget(const QString &user);

    quint64 tokensSigned() const { return m_signed; }

Q_SIGNALS:
    void tokenSigned(const QString &user);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };
    void startNext();
    void finish(const QString &user, const Result<token::AuthToken> &result);

    SignFunction m_sign;
    const Clock *m_clock;
    QHash<QString, token::AuthToken> m_tokens;
    QHash<QString, QList<Waiter>> m_waiting;
    QList<QString> m_queue;
    bool m_busy = false;
    quint64 m_signed = 0;
    QThreadPool m_pool;
};

} // namespace signet::proxy
