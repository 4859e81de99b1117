// QueryCanceller: side-channel cancel per engine.
#include "db/QueryCanceller.h"

#include "db/DbConnector.h"
#include "db/MariaDbConnection.h"

#include <QThreadPool>

#include <libpq-fe.h>


namespace signet::db {

QueryCanceller::QueryCanceller(DbTarget target, DbTokenSigner signer)
    : m_target(std::move(target))
    , m_signer(std::move(signer))
{
}

QueryCanceller::~QueryCanceller()
{
    setPostgresCancel(nullptr);
}

void QueryCanceller::setMySqlThread(unsigned long threadId)
{
    const QMutexLocker lock(&m_mutex);
    m_mysqlThread = threadId;
}

void QueryCanceller::setPostgresCancel(pg_cancel *cancel)
{
    const QMutexLocker lock(&m_mutex);
    if (m_pgCancel)
        PQfreeCancel(m_pgCancel);
    m_pgCancel = cancel;
}

void QueryCanceller::cancel(quint64 generation)
{
    m_cancelled.store(generation);
    // The task keeps the canceller alive even if the session closes meanwhile.
    QThreadPool::globalInstance()->start([self = shared_from_this()] { self->cancelNow(); });
}

void QueryCanceller::cancelNow()
{
    if (m_target.engine == Engine::Postgres) {
        const QMutexLocker lock(&m_mutex);
        if (m_pgCancel) {
            char message[256] = {};
            PQcancel(m_pgCancel, message, int(sizeof message));
        }
        return;
    }
    unsigned long thread = 0;
    {
        const QMutexLocker lock(&m_mutex);
        thread = m_mysqlThread;
    }
    if (thread == 0)
        return;
    const auto options = mariaDbConnectOptions(m_target);
    const auto token = m_signer.sign(m_target);
    if (!options || !token)
        return;
    MariaDbConnection side;
    if (side.open(*options, token->secretText()))
        (void)side.execute(QByteArrayLiteral("KILL QUERY ") + QByteArray::number(qulonglong(thread)));
}

} // namespace signet::db
