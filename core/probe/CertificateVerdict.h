// SPDX-License-Identifier: GPL-3.0-or-later
// CertificateVerdict: turns the handshake's certificate outcome into a plain-language step.
#pragma once

#include "probe/ProbeStep.h"
#include "probe/WireTlsSession.h"
#include "tls/CaBundle.h"

#include <QDateTime>

namespace signet::probe {

class CertificateVerdict final
{
public:
    // `bundleName` is how the user knows the bundle ("global", a file path); `expectedHost` the
    // endpoint name the certificate must carry. With verifyHostName false (a verify-ca profile) a
    // name mismatch is a warning, never a pass in silence; the chain and expiry still decide.
    static ProbeStep evaluate(const TlsOutcome &outcome, const tls::CaBundle &bundle,
                              const QString &bundleName, const QString &expectedHost, const QDateTime &now,
                              bool verifyHostName = true);
};

} // namespace signet::probe
