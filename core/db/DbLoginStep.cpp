// SPDX-License-Identifier: GPL-3.0-or-later
// DbLoginStep: ProbeTarget → DbTarget → DbSession::run("SELECT 1") with a time limit.
#include "db/DbLoginStep.h"

#include "db/DbSession.h"
#include "tls/CaBundleStore.h"

#include <QTimer>

#include <memory>

namespace signet::db {

DbTarget DbLoginStep::toDbTarget(const probe::ProbeTarget &target, const QString &caFile)
{
    DbTarget db;
    static_cast<Endpoint &>(db) = target.endpoint();
    db.engine = target.engine;
    db.user = target.user;
    db.database = target.database;
    db.caFile = caFile;
    db.awsProfile = target.awsProfile;
    db.verifyHostName = target.verifyHostName;
    return db;
}

probe::LoginFunction DbLoginStep::make(DbTokenSigner signer, QString caStoreDirectory, int timeoutMs)
{
    return [signer = std::move(signer), caStoreDirectory = std::move(caStoreDirectory),
            timeoutMs](const probe::ProbeTarget &target, std::function<void(Status)> done) {
        const tls::CaBundleStore store =
            caStoreDirectory.isEmpty() ? tls::CaBundleStore() : tls::CaBundleStore(caStoreDirectory);
        const auto caFile = store.resolveFor(target.caBundle, target.engine, target.host);
        if (!caFile) {
            done(caFile.error());
            return;
        }
        auto *session = new DbSession(toDbTarget(target, *caFile), signer);
        auto *timer = new QTimer(session);
        timer->setSingleShot(true);
        // Exactly one answer, whichever of success, refusal or the time limit comes first.
        auto finish = [session, done, answered = std::make_shared<bool>(false)](const Status &status) {
            if (*answered)
                return;
            *answered = true;
            session->deleteLater();
            done(status);
        };
        QObject::connect(session, &DbSession::finished, session,
                         [finish](quint64, const QuerySummary &) { finish(Unit{}); });
        QObject::connect(session, &DbSession::failed, session,
                         [finish](quint64, const QueryError &error) { finish(error.error); });
        QObject::connect(session, &DbSession::connectFailed, session,
                         [finish](const Error &error) { finish(error); });
        QObject::connect(timer, &QTimer::timeout, session, [finish, timeoutMs]() {
            finish(makeError(QStringLiteral("login.timeout"),
                             QStringLiteral("no answer to SELECT 1 within %1 s").arg(timeoutMs / 1000),
                             QStringLiteral("The server accepted TLS but did not complete the login; "
                                            "check its load and the connection's route.")));
        });
        timer->start(timeoutMs);
        session->run(QStringLiteral("SELECT 1"));
    };
}

} // namespace signet::db
