// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialCache: reuse and single-flight refresh of temporary credentials.
#include "aws/CredentialCache.h"

namespace signet::aws {

std::shared_ptr<CredentialCache> CredentialCache::global()
{
    static const auto cache = std::make_shared<CredentialCache>();
    return cache;
}

void CredentialCache::get(const QString &key, const QDateTime &now, const Fetch &fetch,
                          ResultCallback<ResolvedCredentials> done)
{
    {
        QMutexLocker lock(&m_mutex);
        const auto entry = m_entries.constFind(key);
        if (entry != m_entries.cend() && entry->credentials.expiration &&
            entry->credentials.expiration->addSecs(-kRefreshMarginSeconds) > now) {
            const ResolvedCredentials cached = *entry;
            lock.unlock();
            done(cached);
            return;
        }
        auto &waiters = m_waiting[key];
        waiters.append(std::move(done));
        if (waiters.size() > 1)
            return;
        ++m_fetches;
    }
    fetch([this, key](Result<ResolvedCredentials> result) { finish(key, result); });
}

void CredentialCache::finish(const QString &key, const Result<ResolvedCredentials> &result)
{
    QList<ResultCallback<ResolvedCredentials>> waiters;
    {
        QMutexLocker lock(&m_mutex);
        waiters = m_waiting.take(key);
        if (result && result->credentials.expiration)
            m_entries.insert(key, *result);
        else
            m_entries.remove(key);
    }
    for (const auto &waiter : waiters)
        waiter(result);
}

void CredentialCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
}

int CredentialCache::fetchCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_fetches;
}

} // namespace signet::aws
