// SPDX-License-Identifier: GPL-3.0-or-later
// AsyncResult: callbacks and futures of Result<T>, and the CLI's bounded wait on them.
#pragma once

#include "common/Result.h"

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QPromise>
#include <QTimer>

#include <functional>
#include <memory>

namespace signet::aws {

template<typename T> using ResultCallback = std::function<void(Result<T>)>;

// Starts callback-style work and hands back a future that finishes when the callback runs.
template<typename T>
QFuture<Result<T>> futureFromCallback(const std::function<void(ResultCallback<T>)> &start)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    start([promise](Result<T> result) {
        promise->addResult(std::move(result));
        promise->finish();
    });
    return future;
}

// Returns true once the caller has cancelled the future the work reports to.
using CancelCheck = std::function<bool()>;

// As futureFromCallback, for work that stops early (between pages or retries) when the returned
// future is cancelled; a cancelled future gets no result.
template<typename T>
QFuture<Result<T>> cancellableFuture(const std::function<void(ResultCallback<T>, CancelCheck)> &start)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    start(
        [promise](Result<T> result) {
            promise->addResult(std::move(result));
            promise->finish();
        },
        [promise] { return promise->isCanceled(); });
    return future;
}

// For the CLI (never the GUI): spins a local event loop until the future finishes or `timeoutMs`
// passes; then the answer is `onTimeout`.
template<typename T> Result<T> waitForResult(QFuture<Result<T>> future, int timeoutMs, const Error &onTimeout)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<Result<T>> watcher;
        QObject::connect(&watcher, &QFutureWatcher<Result<T>>::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (!future.isFinished())
            loop.exec();
    }
    if (!future.isFinished() || future.resultCount() == 0)
        return onTimeout;
    return future.result();
}

// The same for AWS work; the timeout is an error naming `what`.
template<typename T> Result<T> waitForResult(QFuture<Result<T>> future, int timeoutMs, const QString &what)
{
    return waitForResult(
        std::move(future), timeoutMs,
        makeError(QStringLiteral("aws.timeout"),
                  QStringLiteral("%1 did not finish within %2 s").arg(what).arg(timeoutMs / 1000),
                  QStringLiteral("Check the network and the AWS configuration, then try again.")));
}

} // namespace signet::aws
