// SPDX-License-Identifier: GPL-3.0-or-later
// Probe: the step sequence, time limits and the verdict sentences of the network steps.
#include "probe/Probe.h"

#include "aws/CredentialChain.h"
#include "aws/RdsEndpoint.h"
#include "probe/AddressScope.h"
#include "probe/CertificateVerdict.h"
#include "probe/ClockSkewCheck.h"
#include "probe/ConnectionVerdicts.h"
#include "probe/ErrorExplainer.h"
#include "tls/CaBundleStore.h"

#include <QHostInfo>

namespace signet::probe {

namespace {

ProbeStep makeStep(const QString &id, StepStatus status, QString verdict, QString hint = {},
                   QStringList details = {}, Fix fix = {})
{
    return ProbeStep{
        id, Probe::stepTitle(id), status, 0, std::move(verdict), std::move(hint), std::move(details), fix};
}

// A step that failed with `error`: its message, hint and fix (the sign-in command, the CA bundle
// to download, the region to give), worded later by the front-end that shows the step.
ProbeStep failedStep(const QString &id, const Error &error)
{
    return makeStep(id, StepStatus::Failed, error.message, error.hint, {}, error.fix);
}

} // namespace

CredentialsFunction credentialsFrom(aws::CredentialChain chain)
{
    return [chain = std::move(chain)](const ProbeTarget &target,
                                      aws::ResultCallback<aws::ResolvedCredentials> done) {
        chain.resolve(target.awsProfile, std::move(done));
    };
}

CredentialsFunction credentialsFailing(Error error)
{
    return [error = std::move(error)](const ProbeTarget &,
                                      aws::ResultCallback<aws::ResolvedCredentials> done) { done(error); };
}

const std::vector<Probe::Step> &Probe::steps()
{
    static const char *const kRetry = "Try again; if it keeps happening, the network is dropping packets.";
    static const std::vector<Step> list{
        {"tunnel", "Route", [](const ProbeOptions &o) { return o.tunnelTimeoutMs + 500; }, &Probe::runTunnel,
         "The bastion does not answer: check the network, VPN or the bastion's security group."},
        {"dns", "DNS", [](const ProbeOptions &o) { return o.dnsTimeoutMs; }, &Probe::runDns,
         "The DNS server does not answer: check the network, VPN or /etc/resolv.conf."},
        {"tcp", "TCP connect", [](const ProbeOptions &o) { return o.tcpTimeoutMs + 500; }, &Probe::runTcp,
         kRetry},
        {"tls", "TLS negotiation", [](const ProbeOptions &o) { return o.tlsTimeoutMs + 500; }, &Probe::runTls,
         kRetry},
        {"certificate", "Server certificate", [](const ProbeOptions &) { return 2000; },
         &Probe::runCertificate, kRetry},
        {"credentials", "AWS credentials", [](const ProbeOptions &o) { return o.credentialsTimeoutMs; },
         &Probe::runCredentials, kRetry},
        {"clock", "Clock skew", [](const ProbeOptions &o) { return o.stsTimeoutMs + 500; }, &Probe::runClock,
         kRetry},
        {"region", "Token region", [](const ProbeOptions &) { return 2000; }, &Probe::runRegion, kRetry},
        {"login", "Login", [](const ProbeOptions &o) { return o.loginTimeoutMs; }, &Probe::runLogin, kRetry},
    };
    return list;
}

Probe::Probe(ProbeTarget target, ProbeOptions options, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_options(std::move(options))
{
    m_guard.setSingleShot(true);
    m_report.target = m_target;
}

Probe::~Probe()
{
    if (m_dnsLookupId >= 0)
        QHostInfo::abortHostLookup(m_dnsLookupId);
}

QStringList Probe::stepIds()
{
    QStringList ids;
    for (const Step &step : steps())
        ids << QString::fromLatin1(step.id);
    return ids;
}

QString Probe::stepTitle(const QString &id)
{
    for (const Step &step : steps()) {
        if (id == QLatin1String(step.id))
            return QString::fromLatin1(step.title);
    }
    return id;
}

void Probe::start()
{
    if (m_running)
        return;
    m_report = ProbeReport{m_target, m_options.clock->now(), {}};
    m_running = true;
    const Status valid = m_target.validate();
    if (!valid) {
        m_index = 0;
        complete(QStringLiteral("tunnel"), failedStep(QStringLiteral("tunnel"), valid.error()));
        return;
    }
    runStep(0);
}

void Probe::cancel()
{
    if (!m_running)
        return;
    m_guard.stop();
    if (m_session)
        m_session->abort();
    if (m_clockCheck)
        m_clockCheck->cancel();
    skipRemaining(QStringLiteral("skipped: the check was cancelled"));
}

void Probe::runStep(int index)
{
    m_index = index;
    if (index >= stepCount()) {
        m_running = false;
        m_tunnelLease.reset();
        emit finished(m_report);
        return;
    }
    const Step &step = steps().at(size_t(index));
    const QString id = QString::fromLatin1(step.id);
    m_stepClock.start();
    emit stepStarted(id);
    // A step that overruns its limit fails here, whatever it is waiting for.
    const int limit = step.limitMs(m_options);
    m_guard.disconnect(this);
    connect(&m_guard, &QTimer::timeout, this,
            [this, id, limit, hint = QString::fromLatin1(step.timeoutHint)]() {
                if (m_dnsLookupId >= 0) {
                    QHostInfo::abortHostLookup(m_dnsLookupId);
                    m_dnsLookupId = -1;
                }
                if (m_session)
                    m_session->abort();
                complete(id, makeStep(id, StepStatus::Failed,
                                      QStringLiteral("%1 did not finish within %2")
                                          .arg(stepTitle(id), ConnectionVerdicts::seconds(limit)),
                                      hint));
            });
    m_guard.start(limit);
    (this->*step.run)();
}

void Probe::complete(const QString &id, ProbeStep step)
{
    // Late answers (after a time limit or a cancel) belong to no running step.
    if (!m_running || m_index < 0 || m_index >= stepCount() ||
        id != QLatin1String(steps().at(size_t(m_index)).id))
        return;
    m_guard.stop();
    step.id = id;
    step.title = stepTitle(id);
    step.durationMs = m_stepClock.elapsed();
    m_report.steps << step;
    emit stepFinished(step);
    if (step.status == StepStatus::Failed) {
        skipRemaining(QStringLiteral("skipped: %1 failed").arg(step.title));
        return;
    }
    runStep(m_index + 1);
}

void Probe::skipRemaining(const QString &reason)
{
    m_guard.stop();
    // Every step without a result so far, including the one running when cancelled.
    for (int index = int(m_report.steps.size()); index < stepCount(); ++index) {
        const ProbeStep step =
            makeStep(QString::fromLatin1(steps().at(size_t(index)).id), StepStatus::Skipped, reason);
        m_report.steps << step;
        emit stepFinished(step);
    }
    m_index = stepCount();
    m_running = false;
    if (m_session)
        m_session->abort();
    m_tunnelLease.reset();
    emit finished(m_report);
}

QString Probe::signingRegion() const
{
    if (!m_target.region.isEmpty())
        return m_target.region;
    const QString fromHost = regionFromEndpointName(m_target.host);
    if (!fromHost.isEmpty())
        return fromHost;
    return aws::CredentialChain(m_options.environment).defaultRegion(m_target.awsProfile);
}

void Probe::runTunnel()
{
    const QString id = QStringLiteral("tunnel");
    if (!m_options.tunnel) {
        complete(id, makeStep(id, StepStatus::Passed,
                              m_target.hasVia()
                                  ? QStringLiteral("through %1, a tunnel or port-forward run outside Signet")
                                        .arg(m_target.viaText())
                                  : QStringLiteral("direct connection to %1").arg(m_target.host)));
        return;
    }
    QPointer<Probe> self(this);
    m_options.tunnel([self, id](const Result<TunnelOpened> &opened) {
        if (!self)
            return;
        if (!opened) {
            self->complete(id, failedStep(id, opened.error()));
            return;
        }
        if (!self->m_running)
            return; // cancelled meanwhile: the lease goes with `opened`
        self->m_target.viaHost = opened->viaHost;
        self->m_target.viaPort = opened->viaPort;
        self->m_tunnelLease = opened->lease;
        self->complete(id, makeStep(id, StepStatus::Passed, opened->verdict));
    });
}

void Probe::runDns()
{
    const QString host = m_target.connectHost();
    const QString id = QStringLiteral("dns");
    const QHostAddress literal(host);
    if (!literal.isNull()) {
        m_addresses = {literal};
        complete(id, makeStep(id, StepStatus::Passed,
                              QStringLiteral("%1 is an IP address; no lookup needed").arg(host)));
        return;
    }
    m_dnsLookupId = QHostInfo::lookupHost(host, this, [this, host, id](const QHostInfo &info) {
        m_dnsLookupId = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            complete(id, makeStep(id, StepStatus::Failed,
                                  QStringLiteral("%1 does not resolve: %2").arg(host, info.errorString()),
                                  QStringLiteral(
                                      "Check the endpoint name (copy it from the RDS console). A private "
                                      "hosted zone resolves only inside its VPC or over a VPN.")));
            return;
        }
        m_addresses = info.addresses();
        QStringList details;
        bool allPrivate = true;
        for (const QHostAddress &address : m_addresses) {
            const AddressKind kind = classifyAddress(address);
            details << address.toString() + (kind == AddressKind::Private    ? QStringLiteral(" (private)")
                                             : kind == AddressKind::Loopback ? QStringLiteral(" (loopback)")
                                                                             : QString());
            allPrivate = allPrivate && kind == AddressKind::Private;
        }
        const QString verdict =
            QStringLiteral("%1 resolves to %2")
                .arg(host)
                .arg(m_addresses.size() == 1 ? m_addresses.first().toString()
                                             : QStringLiteral("%1 addresses").arg(m_addresses.size()));
        if (allPrivate && !m_target.hasVia()) {
            complete(id, makeStep(id, StepStatus::Warning, verdict + QStringLiteral(", all private"),
                                  QStringLiteral(
                                      "The instance is not publicly reachable: you need a VPN, tunnel or "
                                      "port-forward (e.g. SSM or SSH) to reach it from outside its VPC."),
                                  details, Fix{Fix::Kind::ConnectVia, {}}));
            return;
        }
        complete(id, makeStep(id, StepStatus::Passed, verdict, {}, details));
    });
}

void Probe::runTcp()
{
    const QString id = QStringLiteral("tcp");
    delete m_session;
    m_session = new WireTlsSession(m_target.engine, this);
    const quint16 port = m_target.connectPort();
    connect(
        m_session, &WireTlsSession::connectFinished, this, [this, id, port](const ConnectOutcome &outcome) {
            complete(id, ConnectionVerdicts::tcp(outcome, port, m_target.hasVia(), m_options.tcpTimeoutMs));
        });
    m_session->connectTo(m_addresses, port, m_options.tcpTimeoutMs);
}

void Probe::runTls()
{
    const QString id = QStringLiteral("tls");
    const tls::CaBundleStore store = m_options.caStoreDirectory.isEmpty()
                                         ? tls::CaBundleStore()
                                         : tls::CaBundleStore(m_options.caStoreDirectory);
    const QString bundleId = m_target.caBundle.isEmpty()
                                 ? tls::CaBundleStore::defaultBundleFor(m_target.engine, m_target.host)
                                 : m_target.caBundle;
    const auto bundle = store.load(bundleId);
    if (!bundle) {
        complete(id, failedStep(id, bundle.error()));
        return;
    }
    m_bundle = *bundle;
    m_bundleName = bundleId.isEmpty() ? QStringLiteral("global") : bundleId;
    connect(m_session, &WireTlsSession::negotiationFinished, this, [this, id](const TlsOutcome &outcome) {
        m_tlsOutcome = outcome;
        complete(id, ConnectionVerdicts::tls(outcome, m_target.engine, m_options.tlsTimeoutMs));
    });
    m_session->negotiate(m_bundle->certificates(), m_target.host, m_options.tlsTimeoutMs);
}

void Probe::runCertificate()
{
    const QString id = QStringLiteral("certificate");
    ProbeStep step = CertificateVerdict::evaluate(m_tlsOutcome, *m_bundle, m_bundleName, m_target.host,
                                                  m_options.clock->now(), m_target.verifyHostName);
    complete(id, step);
}

void Probe::runCredentials()
{
    const QString id = QStringLiteral("credentials");
    QPointer<Probe> self(this);
    // The chain may read files, run a credential process or call SSO/STS; it answers on this
    // thread's event loop. The step's time limit covers it.
    const CredentialsFunction resolve = m_options.credentials
                                            ? m_options.credentials
                                            : credentialsFrom(aws::CredentialChain(m_options.environment));
    resolve(m_target, [self, id](Result<aws::ResolvedCredentials> resolved) {
        if (!self)
            return;
        if (!resolved) {
            self->complete(id, failedStep(id, resolved.error()));
            return;
        }
        self->finishCredentials(*resolved);
    });
}

void Probe::finishCredentials(const aws::ResolvedCredentials &resolved)
{
    const QString id = QStringLiteral("credentials");
    const aws::Credentials &credentials = resolved.credentials;
    const QDateTime now = m_options.clock->now();
    const QString who =
        resolved.provider == aws::keychainProvider()
            ? QStringLiteral("%1, static keys from the keychain").arg(credentials.maskedAccessKeyId())
            : QStringLiteral("%1 from %2").arg(credentials.maskedAccessKeyId(), credentials.source);
    QStringList details;
    if (!resolved.provider.isEmpty())
        details << QStringLiteral("provider: %1").arg(resolved.provider);
    if (!resolved.profile.isEmpty())
        details << QStringLiteral("profile: %1").arg(resolved.profile);
    if (!resolved.arn.isEmpty())
        details << QStringLiteral("identity: %1").arg(resolved.arn);
    else if (!resolved.accountId.isEmpty())
        details << QStringLiteral("account: %1").arg(resolved.accountId);
    if (credentials.expiration) {
        const qint64 left = now.secsTo(*credentials.expiration);
        const QString until = credentials.expiration->toUTC().toString(Qt::ISODate);
        if (left <= 0) {
            complete(id,
                     makeStep(id, StepStatus::Failed, QStringLiteral("%1 expired at %2").arg(who, until),
                              QStringLiteral(
                                  "Refresh the credentials (e.g. `aws sso login`) and run the check again."),
                              details));
            return;
        }
        if (left < 15 * 60) {
            complete(id,
                     makeStep(id, StepStatus::Warning,
                              QStringLiteral("%1, expires in %2 min (%3)").arg(who).arg(left / 60).arg(until),
                              QStringLiteral("Tokens signed now stop working when the credentials expire."),
                              details));
            return;
        }
        complete(
            id,
            makeStep(
                id, StepStatus::Passed,
                QStringLiteral("%1, temporary, expires in %2 min (%3)").arg(who).arg(left / 60).arg(until),
                {}, details));
        return;
    }
    complete(id, makeStep(id, StepStatus::Passed, QStringLiteral("%1, long-term access key").arg(who), {},
                          details));
}

void Probe::runClock()
{
    const QString id = QStringLiteral("clock");
    const QUrl endpoint = ClockSkewCheck::stsEndpoint(m_options.environment, signingRegion());
    m_clockCheck = new ClockSkewCheck(*m_options.clock, this);
    connect(m_clockCheck, &ClockSkewCheck::finished, this, [this, id](const ClockSkewResult &result) {
        m_clockCheck->deleteLater();
        const QStringList details{QStringLiteral("STS endpoint: %1").arg(result.endpoint)};
        if (!result.measured) {
            complete(
                id,
                makeStep(id, StepStatus::Warning, QStringLiteral("could not measure: %1").arg(result.detail),
                         QStringLiteral(
                             "If logins fail with expired tokens, check that the clock is synchronised."),
                         details));
            return;
        }
        const qint64 skew = result.skewSeconds;
        const QString direction = skew >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind");
        const QString amount = QStringLiteral("%1 s %2 AWS").arg(std::abs(skew)).arg(direction);
        if (std::abs(skew) > ClockSkewCheck::kMaxSkewSeconds) {
            complete(id, makeStep(id, StepStatus::Failed,
                                  QStringLiteral("the local clock is %1; tokens will be refused").arg(amount),
                                  QStringLiteral(
                                      "Turn on automatic time synchronisation (NTP); AWS refuses signatures "
                                      "more than 5 minutes off."),
                                  details));
            return;
        }
        if (std::abs(skew) > 60) {
            complete(
                id, makeStep(
                        id, StepStatus::Warning, QStringLiteral("the local clock is %1").arg(amount),
                        QStringLiteral("Still accepted (limit 5 minutes), but turn on time synchronisation."),
                        details));
            return;
        }
        complete(id, makeStep(id, StepStatus::Passed,
                              QStringLiteral("the local clock is within %1 s of AWS").arg(std::abs(skew)), {},
                              details));
    });
    m_clockCheck->start(endpoint, m_options.stsTimeoutMs);
}

void Probe::runRegion()
{
    const QString id = QStringLiteral("region");
    const QString endpointRegion = regionFromEndpointName(m_target.host);
    const QString region = signingRegion();
    if (region.isEmpty()) {
        complete(
            id, makeStep(id, StepStatus::Failed, QStringLiteral("no region to sign tokens for"),
                         QStringLiteral("%1 names no region: give the instance's region.").arg(m_target.host),
                         {}, Fix{Fix::Kind::GiveRegion, {}}));
        return;
    }
    if (endpointRegion.isEmpty()) {
        complete(
            id,
            makeStep(id, StepStatus::Passed,
                     QStringLiteral(
                         "tokens are signed for %1; %2 names no region, so it must be the instance's region")
                         .arg(region, m_target.host)));
        return;
    }
    if (region != endpointRegion) {
        complete(id, makeStep(id, StepStatus::Failed,
                              QStringLiteral("tokens would be signed for %1, but the endpoint is in %2")
                                  .arg(region, endpointRegion),
                              QStringLiteral("A token signed for another region is always refused."), {},
                              Fix{Fix::Kind::UseRegion, endpointRegion}));
        return;
    }
    complete(id, makeStep(id, StepStatus::Passed,
                          QStringLiteral("tokens are signed for %1, the endpoint's region").arg(region)));
}

void Probe::runLogin()
{
    const QString id = QStringLiteral("login");
    if (!m_options.login) {
        complete(id, makeStep(id, StepStatus::Skipped,
                              QStringLiteral("skipped: login step not available in this build")));
        return;
    }
    QPointer<Probe> self(this);
    m_options.login(m_target, [self, id](const Status &status) {
        if (!self)
            return;
        if (status) {
            self->complete(
                id, makeStep(id, StepStatus::Passed,
                             QStringLiteral("logged in as %1 and ran SELECT 1").arg(self->m_target.user)));
            return;
        }
        const Explanation explanation = ErrorExplainer::explain(self->m_target.engine, status.error().message,
                                                                0, self->m_target.host, self->m_target.user);
        self->complete(id, makeStep(id, StepStatus::Failed, status.error().message, explanation.summary,
                                    explanation.toLines()));
    });
}

} // namespace signet::probe
