// SPDX-License-Identifier: GPL-3.0-or-later
// QueryCanceller: the generation marks and the pool task that runs the family's cancel.
#include "db/QueryCanceller.h"

#include "common/OpenSslThreads.h"

#include <QThreadPool>

namespace signet::db {

void QueryCanceller::setServerCancel(std::shared_ptr<ServerCancel> cancel)
{
    {
        const QMutexLocker lock(&m_mutex);
        m_cancel = cancel;
    }
    if (cancel && m_prepareAhead.load())
        QThreadPool::globalInstance()->start([cancel] {
            cancel->prepare();
            releaseOpenSslThreadState(); // a pool thread: see common/OpenSslThreads.h
        });
}

std::shared_ptr<ServerCancel> QueryCanceller::current() const
{
    const QMutexLocker lock(&m_mutex);
    return m_cancel;
}

void QueryCanceller::cancel(quint64 generation)
{
    m_cancelled.store(generation);
    // The task keeps the cancel handle alive even if the session closes or reconnects meanwhile.
    if (std::shared_ptr<ServerCancel> server = current())
        QThreadPool::globalInstance()->start([server] {
            server->cancel();
            releaseOpenSslThreadState();
        });
}

} // namespace signet::db
