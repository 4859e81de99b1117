// QueryCanceller: side-channel cancel per engine.
#include "db/QueryCanceller.h"

#include "db/DbConnector.h"

#include <QThreadPool>

#include <libpq-fe.h>

namespace signet::db {

QueryCanceller::QueryCanceller(DbTarget target, DbTokenSigner signer)
    : m_target(std::move(target))
    , m_signer(std::move(signer))
{}

QueryCanceller::~QueryCanceller()
{
    setPostgresCancel(nullptr);
}

void QueryCanceller::setMySqlThread(unsigned long threadId)
{
    {
        const QMutexLocker lock(&m_mutex);
        m_mysqlThread = threadId;
    }
    if (threadId != 0 && m_target.isMySqlFamily()) {
        QThreadPool::globalInstance()->start([self = shared_from_this()] {
            const QMutexLocker side(&self->m_sideMutex);
            self->openSide();
        });
    }
}

bool QueryCanceller::openSide()
{
    if (m_side && m_side->isOpen())
        return true;
    const auto options = mariaDbConnectOptions(m_target);
    const auto token = m_signer.sign(m_target);
    if (!options || !token)
        return false;
    m_side = std::make_unique<MariaDbConnection>();
    if (!m_side->open(*options, token->secretText())) {
        m_side.reset();
        return false;
    }
    return true;
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
    const QByteArray kill = QByteArrayLiteral("KILL QUERY ") + QByteArray::number(qulonglong(thread));
    const QMutexLocker side(&m_sideMutex);
    // The warm side connection may have been dropped meanwhile (idle timeout): then once more, fresh.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!openSide())
            return;
        if (m_side->execute(kill))
            return;
        m_side.reset();
    }
}

} // namespace signet::db
