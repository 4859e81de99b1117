// SPDX-License-Identifier: GPL-3.0-or-later
// MasterSession: a QtSql connection on a pool thread, opened with a password through the family's rules.
#include "setup/MasterSession.h"

#include "common/OpenSslThreads.h"
#include "db/DbConnector.h"

#include <QAtomicInteger>
#include <QPromise>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace signet::setup {

namespace {

// Opens the connection, hands it to `work` and removes it again, all on a pool thread.
template<typename T>
QFuture<Result<T>> onPoolThread(db::DbTarget target, SecretString password,
                                std::function<Result<T>(QSqlDatabase &)> work)
{
    static QAtomicInteger<quint64> counter;
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, target = std::move(target), password = std::move(password),
                                          work = std::move(work)]() mutable {
        const QString name = QStringLiteral("signet-setup-master-%1").arg(counter.fetchAndAddOrdered(1));
        std::optional<Result<T>> outcome;
        {
            auto db = db::openDatabaseWithPassword(target, password, name);
            password.clear();
            if (!db)
                outcome = Result<T>(db.error());
            else {
                QSqlDatabase connection = *db;
                outcome = work(connection);
                connection.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
        // The pool thread may outlive this run; its TLS state goes now (common/OpenSslThreads.h).
        releaseOpenSslThreadState();
        promise->addResult(std::move(*outcome));
        promise->finish();
    });
    return future;
}

Error statementError(const QSqlQuery &query, const QString &statement)
{
    return makeError(
        QStringLiteral("setup.sql"),
        QStringLiteral("the database refused \"%1\": %2")
            .arg(statement, query.lastError().databaseText().trimmed()),
        QStringLiteral("The master user may lack the privilege, or the statement may not suit this "
                       "server; run it by hand to see more."));
}

} // namespace

QFuture<Result<UserLookup>> MasterSession::lookupUser(db::DbTarget target, SecretString password,
                                                      QString userSql, QString grantSql)
{
    return onPoolThread<UserLookup>(
        std::move(target), std::move(password), [userSql, grantSql](QSqlDatabase &db) -> Result<UserLookup> {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (!query.exec(userSql) || !query.next())
                return statementError(query, userSql);
            UserLookup found{query.value(0).toInt() != 0, query.value(1).toInt() != 0};
            // The driver allows one open result per connection.
            query.finish();
            if (found.exists && !grantSql.isEmpty()) {
                QSqlQuery grants(db);
                grants.setForwardOnly(true);
                if (!grants.exec(grantSql) || !grants.next())
                    return statementError(grants, grantSql);
                found.hasGrant = grants.value(0).toInt() != 0;
            }
            return found;
        });
}

QFuture<Result<int>> MasterSession::run(db::DbTarget target, SecretString password, QStringList statements)
{
    return onPoolThread<int>(std::move(target), std::move(password),
                             [statements](QSqlDatabase &db) -> Result<int> {
                                 int ran = 0;
                                 for (const QString &statement : statements) {
                                     QSqlQuery query(db);
                                     if (!query.exec(statement))
                                         return statementError(query, statement);
                                     ++ran;
                                 }
                                 return ran;
                             });
}

} // namespace signet::setup
