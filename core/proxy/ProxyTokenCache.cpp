// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyTokenCache: token reuse and serialized signing for the proxy.
#include "proxy/ProxyTokenCache.h"

#include <QMetaObject>

namespace signet::proxy {

ProxyTokenCache::ProxyTokenCache(SignFunction sign, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_sign(std::move(sign))
    , m_clock(&clock)
{
    m_pool.setMaxThreadCount(1);
}

ProxyTokenCache::~ProxyTokenCache()
{
    m_pool.waitForDone();
}

bool ProxyTokenCache::hasFreshToken(const QString &user) const
{
    const auto found = m_tokens.constFind(user);
    return found != m_tokens.cend() && found->secondsLeft(m_clock->now()) > MinSecondsLeft;
}

void ProxyTokenCache::forget(const QString &user)
{
    m_tokens.remove(user);
}

void ProxyTokenCache::request(const QString &user, QObject *context, Callback done)
{
    if (hasFreshToken(user)) {
        done(m_tokens.value(user));
        return;
    }
    m_tokens.remove(user);
    const bool queued = m_waiting.contains(user);
    m_waiting[user].append(Waiter{context, std::move(done)});
    if (!queued) {
        m_queue.append(user);
        startNext();
    }
}

void ProxyTokenCache::startNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    const QString user = m_queue.takeFirst();
    QPointer<ProxyTokenCache> self(this);
    m_pool.start([self, sign = m_sign, user] {
        Result<token::AuthToken> result = sign(user);
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, user, result = std::move(result)] {
                if (self)
                    self->finish(user, result);
            },
            Qt::QueuedConnection);
    });
}

void ProxyTokenCache::finish(const QString &user, const Result<token::AuthToken> &result)
{
    m_busy = false;
    if (result) {
        ++m_signed;
        m_tokens.insert(user, *result);
        Q_EMIT tokenSigned(user);
    }
    const QList<Waiter> waiters = m_waiting.take(user);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
    startNext();
}

} // namespace signet::proxy
