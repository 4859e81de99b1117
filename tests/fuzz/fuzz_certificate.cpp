// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the summary of one certificate (subject, issuer, key, validity, fingerprint)
// from DER, as the check shows for a server's chain and the CA views for a bundle's entries.
#include "FuzzSupport.h"
#include "tls/CertificateSummary.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    for (const QSslCertificate &certificate : QSslCertificate::fromData(fuzz::bytes(data, size), QSsl::Der)) {
        if (certificate.isNull())
            continue;
        const tls::CertificateSummary summary = tls::CertificateSummary::of(certificate);
        (void)summary.daysLeft(now);
        (void)summary.expiryState(now);
        fuzz::require(summary.sha256.size() == 64);
    }
    return 0;
}
