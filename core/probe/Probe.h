// SPDX-License-Identifier: GPL-3.0-or-later
// Probe: runs the check's steps in order (DNS, TCP, engine TLS, certificate, credentials, clock,
// region, login); a failed step skips the rest with a reason. Every step has a time limit.
#pragma once

#include "aws/ResolvedCredentials.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeReport.h"
#include "probe/WireTlsSession.h"
#include "tls/CaBundle.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>
#include <vector>

namespace signet::probe {

class ClockSkewCheck;

class Probe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Probe)

public:
    explicit Probe(ProbeTarget target, ProbeOptions options = {}, QObject *parent = nullptr);
    ~Probe() override;

    // The step ids in the order they run, and their titles.
    static QStringList stepIds();
    static QString stepTitle(const QString &id);

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const ProbeReport &report() const { return m_report; }

signals:
    void stepStarted(const QString &id);
    void stepFinished(const signet::probe::ProbeStep &step);
    void finished(const signet::probe::ProbeReport &report);

private:
    // One step of the check. Adding a step is one entry in steps() (Probe.cpp): its id, title, time
    // limit, the member that runs it (and calls complete() once) and what to say when it overruns.
    struct Step
    {
        const char *id;
        const char *title;
        int (*limitMs)(const ProbeOptions &options);
        void (Probe::*run)();
        const char *timeoutHint;
    };
    static const std::vector<Step> &steps();
    static int stepCount() { return int(steps().size()); }

    void runStep(int index);
    void complete(const QString &id, ProbeStep step);
    void skipRemaining(const QString &reason);
    QString signingRegion() const;

    void runTunnel();
    void runDns();
    void runTcp();
    void runTls();
    void runCertificate();
    void runCredentials();
    void finishCredentials(const aws::ResolvedCredentials &resolved);
    void runClock();
    void runRegion();
    void runLogin();

    ProbeTarget m_target;
    ProbeOptions m_options;
    ProbeReport m_report;
    bool m_running = false;
    int m_index = -1;
    QElapsedTimer m_stepClock;
    QTimer m_guard;
    QList<QHostAddress> m_addresses;
    WireTlsSession *m_session = nullptr;
    TlsOutcome m_tlsOutcome;
    std::optional<tls::CaBundle> m_bundle;
    QString m_bundleName;
    QPointer<ClockSkewCheck> m_clockCheck;
    // The route step's tunnel, held until the run ends.
    std::shared_ptr<void> m_tunnelLease;
    int m_dnsLookupId = -1;
};

} // namespace signet::probe
