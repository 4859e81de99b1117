// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeRunner: runs one Probe to the end for a test and measures how long it took.
#pragma once

#include "probe/Probe.h"

#include <QElapsedTimer>
#include <QTest>

namespace signet::test {

struct ProbeRun
{
    probe::ProbeReport report;
    qint64 elapsedMs = 0;
    QStringList started;

    const probe::ProbeStep &step(const QString &id) const
    {
        for (const probe::ProbeStep &candidate : report.steps) {
            if (candidate.id == id)
                return candidate;
        }
        static const probe::ProbeStep missing{};
        return missing;
    }
};

inline ProbeRun runProbe(const probe::ProbeTarget &target, const probe::ProbeOptions &options,
                         int limitMs = 20000)
{
    ProbeRun run;
    probe::Probe probe(target, options);
    bool done = false;
    QObject context;
    QObject::connect(&probe, &probe::Probe::stepStarted, &context,
                     [&](const QString &id) { run.started << id; });
    QObject::connect(&probe, &probe::Probe::finished, &context, [&](const probe::ProbeReport &report) {
        run.report = report;
        done = true;
    });
    QElapsedTimer timer;
    timer.start();
    probe.start();
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done, limitMs); }();
    run.elapsedMs = timer.elapsed();
    return run;
}

} // namespace signet::test
