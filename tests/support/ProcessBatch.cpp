// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProcessBatch.h"

#include <QProcess>

#include <deque>
#include <memory>
#include <utility>

namespace signet::test {

QList<ProcessRun> runProcesses(const QString &program, const QList<QStringList> &argumentLists,
                               const QProcessEnvironment &env, int parallel, int timeoutMs)
{
    QList<ProcessRun> results(argumentLists.size());
    std::deque<std::pair<qsizetype, std::unique_ptr<QProcess>>> running;
    for (qsizetype next = 0; next < argumentLists.size() || !running.empty();) {
        if (next < argumentLists.size() && qsizetype(running.size()) < parallel) {
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(env);
            process->start(program, argumentLists.at(next));
            process->closeWriteChannel();
            running.emplace_back(next++, std::move(process));
            continue;
        }
        auto &[index, process] = running.front();
        if (process->waitForFinished(timeoutMs))
            results[index] = {process->exitCode(), process->readAllStandardOutput(),
                              process->readAllStandardError()};
        else
            process->kill();
        process->waitForFinished();
        running.pop_front();
    }
    return results;
}

} // namespace signet::test
