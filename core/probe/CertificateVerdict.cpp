// SPDX-License-Identifier: GPL-3.0-or-later
// CertificateVerdict: names the failing property (CA, host name, expiry) and the RDS CA in use.
#include "probe/CertificateVerdict.h"

#include "endpoint/Endpoint.h"
#include "tls/CaBundleStore.h"
#include "tls/CertificateSummary.h"
#include "token/DurationText.h"

namespace signet::probe {

namespace {

QString describe(const tls::CertificateSummary &summary, const QDateTime &now)
{
    const qint64 days = summary.daysLeft(now);
    return QStringLiteral("%1 — %2, expires %3 (%4)")
        .arg(summary.commonName.isEmpty() ? summary.subject : summary.commonName, summary.keyAlgorithm,
             summary.notAfter.date().toString(Qt::ISODate),
             days < 0 ? QStringLiteral("expired")
                      : token::durationText(days * 86400) + QStringLiteral(" left"));
}

bool isIssuerProblem(QSslError::SslError error)
{
    switch (error) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateSignatureFailed:
    case QSslError::UnableToDecryptCertificateSignature:
        return true;
    default:
        return false;
    }
}

} // namespace

ProbeStep CertificateVerdict::evaluate(const TlsOutcome &checked, const tls::CaBundle &bundle,
                                       const QString &bundleName, const QString &expectedHost,
                                       const QDateTime &now, bool verifyHostName)
{
    TlsOutcome outcome = checked;
    bool nameMismatch = false;
    if (!verifyHostName && outcome.kind == TlsOutcome::Kind::CertificateRejected) {
        nameMismatch = outcome.errors.removeIf([](const QSslError &error) {
            return error.error() == QSslError::HostNameMismatch;
        }) > 0;
        if (outcome.errors.isEmpty())
            outcome.kind = TlsOutcome::Kind::Encrypted;
    }
    ProbeStep step;
    step.id = QStringLiteral("certificate");
    step.title = QStringLiteral("Server certificate");
    const QSslCertificate leaf = outcome.peerChain.value(0);
    if (!leaf.isNull()) {
        const tls::CertificateSummary summary = tls::CertificateSummary::of(leaf);
        step.details << QStringLiteral("server certificate: %1").arg(describe(summary, now));
        const QStringList names = leaf.subjectAlternativeNames().values(QSsl::DnsEntry) +
                                  leaf.subjectAlternativeNames().values(QSsl::IpAddressEntry);
        if (!names.isEmpty())
            step.details
                << QStringLiteral("names in the certificate: %1").arg(names.join(QStringLiteral(", ")));
        step.details << QStringLiteral("issued by: %1").arg(summary.issuer);
    }
    step.details << QStringLiteral("CA bundle: %1 (%2 certificates)").arg(bundleName).arg(bundle.size());

    if (outcome.kind == TlsOutcome::Kind::CertificateRejected) {
        step.status = StepStatus::Failed;
        QStringList problems;
        QString hint;
        for (const QSslError &error : outcome.errors) {
            problems << error.errorString();
            if (error.error() == QSslError::HostNameMismatch && hint.isEmpty()) {
                step.verdict = QStringLiteral("the server certificate is not valid for %1").arg(expectedHost);
                hint = QStringLiteral(
                    "Use the RDS endpoint name as the host (through a tunnel, keep the endpoint "
                    "name and connect via the tunnel); a custom DNS name or IP does not match.");
                step.fix = Fix{Fix::Kind::ConnectVia, {}};
            } else if (error.error() == QSslError::CertificateExpired && hint.isEmpty()) {
                step.verdict = QStringLiteral("the server certificate has expired");
                hint = QStringLiteral(
                    "Rotate the instance's certificate authority (modify the instance's CA, e.g. "
                    "rds-ca-rsa2048-g1) and reboot; check your clock too.");
            } else if (error.error() == QSslError::CertificateNotYetValid && hint.isEmpty()) {
                step.verdict = QStringLiteral("the server certificate is not valid yet");
                hint = QStringLiteral("Your computer's clock is probably wrong; fix it.");
            } else if (isIssuerProblem(error.error()) && hint.isEmpty()) {
                step.verdict = QStringLiteral("the server certificate is not signed by a CA in the bundle %1")
                                   .arg(bundleName);
                const EndpointKind kind = endpointKind(expectedHost);
                if (kind == EndpointKind::Dsql || kind == EndpointKind::RdsProxy) {
                    // DSQL and RDS Proxy certificates chain to a public CA (RDS Proxy's come from AWS
                    // Certificate Manager, Amazon Root CA): the RDS bundles never verify them.
                    const QString who =
                        kind == EndpointKind::Dsql
                            ? QStringLiteral("Aurora DSQL certificates come from a public CA")
                            : QStringLiteral("RDS Proxy certificates come from AWS Certificate "
                                             "Manager (Amazon Root CA)");
                    hint =
                        bundleName == tls::CaBundleStore::systemBundleName()
                            ? QStringLiteral("%1: install the system's CA certificates (or set "
                                             "SSL_CERT_FILE).")
                                  .arg(who)
                            : QStringLiteral("%1, not from the RDS bundles: verify against the system "
                                             "trust store (leave the CA bundle empty, or choose \"system\").")
                                  .arg(who);
                } else {
                    hint = QStringLiteral(
                        "Download the bundle for the instance's region or point the profile at the CA "
                        "that signed it.");
                    step.fix = Fix{Fix::Kind::UpdateCaBundle, QStringLiteral("REGION")};
                }
            }
        }
        if (step.verdict.isEmpty()) {
            step.verdict = QStringLiteral("the server certificate was rejected");
            hint = QStringLiteral("See the details; Signet never connects past a certificate error.");
        }
        step.hint = hint;
        for (const QString &problem : problems)
            step.details << QStringLiteral("verification: %1").arg(problem);
        return step;
    }
    if (outcome.kind != TlsOutcome::Kind::Encrypted || leaf.isNull()) {
        step.status = StepStatus::Failed;
        step.verdict = QStringLiteral("no certificate to check: TLS was not established");
        return step;
    }

    step.status = StepStatus::Passed;
    const tls::CertificateSummary leafSummary = tls::CertificateSummary::of(leaf);
    QStringList warnings;
    if (nameMismatch)
        warnings << QStringLiteral("the certificate does not name %1, which verify-ca lets through")
                        .arg(expectedHost);
    else if (!verifyHostName)
        step.details << QStringLiteral("host name not checked by Signet's connections (verify-ca)");
    if (leafSummary.expiryState(now) == tls::ExpiryState::ExpiresSoon)
        warnings << QStringLiteral("the server certificate expires in %1")
                        .arg(token::durationText(qint64(leafSummary.daysLeft(now)) * 86400));
    // The CA it chains to: the last certificate of the verified chain that is in the bundle.
    std::optional<QSslCertificate> root;
    for (auto it = outcome.peerChain.crbegin(); it != outcome.peerChain.crend() && !root; ++it) {
        if (bundle.certificates().contains(*it))
            root = *it;
    }
    if (!root)
        root = bundle.issuerOf(outcome.peerChain.size() > 1 ? outcome.peerChain.last() : leaf);
    QString chainsTo;
    if (root) {
        const tls::CertificateSummary rootSummary = tls::CertificateSummary::of(*root);
        chainsTo = rootSummary.commonName;
        step.details << QStringLiteral("chains to: %1").arg(describe(rootSummary, now));
        if (rootSummary.expiryState(now) == tls::ExpiryState::ExpiresSoon)
            warnings << QStringLiteral("its CA %1 expires in %2")
                            .arg(chainsTo, token::durationText(qint64(rootSummary.daysLeft(now)) * 86400));
    }
    step.verdict = QStringLiteral("%1, %2 left%3")
                       .arg(nameMismatch ? QStringLiteral("chain valid")
                                         : QStringLiteral("valid for %1").arg(expectedHost))
                       .arg(token::durationText(qint64(leafSummary.daysLeft(now)) * 86400))
                       .arg(chainsTo.isEmpty() ? QString() : QStringLiteral(", chains to %1").arg(chainsTo));
    if (!warnings.isEmpty()) {
        step.status = StepStatus::Warning;
        step.verdict += QStringLiteral("; ") + warnings.join(QStringLiteral("; "));
        step.hint = nameMismatch
                        ? QStringLiteral("Use the RDS endpoint name as the host and switch the profile to "
                                         "verify-full; a name mismatch can mean another server.")
                        : QStringLiteral("Plan the certificate rotation before it expires (RDS: modify the "
                                         "instance's certificate authority).");
    }
    return step;
}

} // namespace signet::probe
