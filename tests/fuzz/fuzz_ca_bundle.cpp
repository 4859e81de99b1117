// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a PEM CA bundle (downloaded, or any file a user picks) and the summaries,
// expiry warnings and issuer look-ups made from it.
#include "FuzzSupport.h"
#include "tls/CaBundle.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto bundle = tls::CaBundle::fromPem(fuzz::bytes(data, size), QStringLiteral("fuzz.pem"));
    if (!bundle) {
        fuzz::requireExplained(bundle.error());
        return 0;
    }
    fuzz::require(bundle->size() > 0);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    for (const tls::CertificateSummary &summary : bundle->summaries()) {
        (void)summary.daysLeft(now);
        (void)summary.expiryState(now);
        fuzz::require(summary.sha256.size() == 64);
    }
    (void)bundle->soonestExpiry();
    (void)bundle->warnings(now);
    for (const QSslCertificate &certificate : bundle->certificates())
        (void)bundle->issuerOf(certificate);
    return 0;
}
