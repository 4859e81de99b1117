// SPDX-License-Identifier: GPL-3.0-or-later
// DbSession: the thread, the worker and the signal relay.
#include "db/DbSession.h"

#include "common/OpenSslThreads.h"
#include "db/DbWorker.h"
#include "db/QueryCanceller.h"

#include <QThread>

namespace signet::db {

DbSession::DbSession(DbTarget target, DbTokenSigner signer, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_canceller(std::make_shared<QueryCanceller>())
    , m_thread(new QThread)
    , m_worker(new DbWorker(m_target, signer, m_canceller))
{
    m_thread->setObjectName(QStringLiteral("DbSession"));
    m_worker->moveToThread(m_thread);
    // QThread::finished is emitted on the session's thread as its last act: the worker closes its
    // connection (TLS included) there, then the thread gives OpenSSL's per-thread state back before
    // the destructor's wait() returns (common/OpenSslThreads.h says why that order matters).
    connect(
        m_thread, &QThread::finished, m_thread,
        [worker = m_worker] {
            delete worker;
            releaseOpenSslThreadState();
        },
        Qt::DirectConnection);
    connect(m_worker, &DbWorker::connected, this, &DbSession::connected);
    connect(m_worker, &DbWorker::reconnected, this, &DbSession::reconnected);
    connect(m_worker, &DbWorker::disconnected, this, &DbSession::disconnected);
    connect(m_worker, &DbWorker::connectFailed, this, &DbSession::connectFailed);
    connect(m_worker, &DbWorker::columnsReceived, this, &DbSession::columnsReceived);
    connect(m_worker, &DbWorker::progressed, this, &DbSession::progressed);
    connect(m_worker, &DbWorker::failed, this, [this](quint64 generation, const QueryError &error) {
        if (generation == m_running)
            m_running = 0;
        emit failed(generation, error);
    });
    connect(m_worker, &DbWorker::finished, this, [this](quint64 generation, const QuerySummary &summary) {
        if (generation == m_running)
            m_running = 0;
        emit finished(generation, summary);
    });
    m_thread->start();
}

DbSession::~DbSession()
{
    cancel();
    close();
    m_thread->quit();
    if (m_thread->wait(5000)) {
        delete m_thread;
    } else {
        // A statement the server would not stop: let the thread end on its own, then clean up.
        connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    }
}

void DbSession::setCancelPreparedAhead(bool ahead)
{
    m_canceller->setPrepareAhead(ahead);
}

void DbSession::open()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->open(); }, Qt::QueuedConnection);
}

quint64 DbSession::run(const QString &sql)
{
    const quint64 generation = ++m_generation;
    m_running = generation;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation, sql] { worker->run(generation, sql); },
        Qt::QueuedConnection);
    return generation;
}

void DbSession::cancel()
{
    if (m_running != 0)
        m_canceller->cancel(m_generation);
}

void DbSession::close()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::QueuedConnection);
}

} // namespace signet::db
