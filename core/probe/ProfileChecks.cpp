// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileChecks: a Probe per running check; its steps are copied into the profile's Check as they end.
#include "probe/ProfileChecks.h"

#include "probe/Probe.h"

#include <QDateTime>

namespace signet::probe {

ProfileChecks::ProfileChecks(QObject *parent)
    : QObject(parent)
{}

ProfileChecks::~ProfileChecks()
{
    for (const QPointer<Probe> &probe : std::as_const(m_probes)) {
        if (probe) {
            probe->disconnect(this);
            probe->cancel();
        }
    }
}

void ProfileChecks::start(const QUuid &profileId, const QString &profileName, const ProbeTarget &target,
                          const ProbeOptions &options)
{
    if (const QPointer<Probe> old = m_probes.take(profileId)) {
        old->disconnect(this);
        old->cancel();
        old->deleteLater();
    }
    Check &check = m_checks[profileId];
    check.profileName = profileName;
    check.target = target;
    check.options = options;
    check.report = {};
    check.report.target = target;
    check.runningStep.clear();
    check.targetChanged = false;
    check.running = true;

    auto *probe = new Probe(target, options, this);
    m_probes.insert(profileId, probe);
    connect(probe, &Probe::stepStarted, this, [this, profileId](const QString &id) {
        m_checks[profileId].runningStep = id;
        Q_EMIT checkChanged(profileId);
    });
    connect(probe, &Probe::stepFinished, this, [this, profileId](const ProbeStep &step) {
        Check &running = m_checks[profileId];
        running.report.steps.append(step);
        running.runningStep.clear();
        Q_EMIT checkChanged(profileId);
    });
    connect(probe, &Probe::finished, this, [this, profileId, probe](const ProbeReport &report) {
        Check &done = m_checks[profileId];
        done.report = report;
        done.runningStep.clear();
        done.running = false;
        done.checkedAt = QDateTime::currentDateTime();
        m_probes.remove(profileId);
        probe->deleteLater();
        Q_EMIT checkFinished(profileId, report);
    });
    Q_EMIT checkStarted(profileId);
    probe->start();
}

bool ProfileChecks::rerun(const QUuid &profileId)
{
    const auto found = m_checks.constFind(profileId);
    if (found == m_checks.constEnd() || found->running)
        return false;
    const Check last = *found;
    start(profileId, last.profileName, last.target, last.options);
    return true;
}

void ProfileChecks::cancel(const QUuid &profileId)
{
    // The probe ends its running step as cancelled and finishes: the result says so.
    if (const QPointer<Probe> probe = m_probes.value(profileId))
        probe->cancel();
}

bool ProfileChecks::isRunning(const QUuid &profileId) const
{
    const auto found = m_checks.constFind(profileId);
    return found != m_checks.constEnd() && found->running;
}

const ProfileChecks::Check *ProfileChecks::check(const QUuid &profileId) const
{
    const auto found = m_checks.constFind(profileId);
    return found == m_checks.constEnd() ? nullptr : &*found;
}

bool ProfileChecks::sameTarget(const ProbeTarget &a, const ProbeTarget &b)
{
    return a.engine == b.engine && a.host == b.host && a.port == b.port && a.region == b.region &&
           a.viaHost == b.viaHost && a.viaPort == b.viaPort && a.user == b.user && a.database == b.database &&
           a.awsProfile == b.awsProfile;
}

void ProfileChecks::profileChanged(const QUuid &profileId, const QString &profileName,
                                   const ProbeTarget &target)
{
    const auto found = m_checks.find(profileId);
    if (found == m_checks.end())
        return;
    const bool moved = !sameTarget(found->target, target);
    if (found->profileName == profileName && (!moved || found->targetChanged))
        return;
    found->profileName = profileName;
    found->targetChanged = found->targetChanged || moved;
    Q_EMIT checkChanged(profileId);
}

void ProfileChecks::forget(const QUuid &profileId)
{
    if (const QPointer<Probe> probe = m_probes.take(profileId)) {
        probe->disconnect(this);
        probe->cancel();
        probe->deleteLater();
    }
    if (m_checks.remove(profileId) > 0)
        Q_EMIT checkForgotten(profileId);
}

} // namespace signet::probe
