// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileChecks: the one place the checks of saved profiles live — by profile id, the running check
// and the last result with its time, the profile's name and the target it was checked against — so
// the Diagnostics view shows the selected profile's own result and never another's.
#pragma once

#include "probe/ProbeOptions.h"
#include "probe/ProbeReport.h"
#include "probe/ProbeTarget.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUuid>

namespace signet::probe {

class Probe;

class ProfileChecks final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileChecks)

public:
    // One profile's check: the last (or running) one.
    struct Check
    {
        QString profileName;
        ProbeTarget target;
        ProbeOptions options;
        // The steps so far while running; all of them once finished.
        ProbeReport report;
        QString runningStep;
        // When the last run finished (invalid while the first runs).
        QDateTime checkedAt;
        // The profile now points elsewhere (host, port, user, …): the result is for the old target.
        bool targetChanged = false;
        bool running = false;
    };

    explicit ProfileChecks(QObject *parent = nullptr);
    ~ProfileChecks() override;

    // Starts a check of the profile (cancelling one that runs); the result replaces its last one.
    void start(const QUuid &profileId, const QString &profileName, const ProbeTarget &target,
               const ProbeOptions &options);
    // Runs the profile's last check again with the same target and options; false when it has none.
    bool rerun(const QUuid &profileId);
    void cancel(const QUuid &profileId);
    bool isRunning(const QUuid &profileId) const;
    // The profile's check, or null when it was never checked.
    const Check *check(const QUuid &profileId) const;

    // The profile was saved: its name follows, and a changed target marks the result as old.
    void profileChanged(const QUuid &profileId, const QString &profileName, const ProbeTarget &target);
    // The profile is gone: so is its check.
    void forget(const QUuid &profileId);
    QList<QUuid> profileIds() const { return m_checks.keys(); }

    // Whether two targets are the same place and login (the CA and options aside).
    static bool sameTarget(const ProbeTarget &a, const ProbeTarget &b);

Q_SIGNALS:
    void checkStarted(const QUuid &profileId);
    // A step started or finished, or the name or target changed.
    void checkChanged(const QUuid &profileId);
    void checkFinished(const QUuid &profileId, const signet::probe::ProbeReport &report);
    void checkForgotten(const QUuid &profileId);

private:
    QHash<QUuid, Check> m_checks;
    QHash<QUuid, QPointer<Probe>> m_probes;
};

} // namespace signet::probe
