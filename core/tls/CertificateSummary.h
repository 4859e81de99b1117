// SPDX-License-Identifier: GPL-3.0-or-later
// CertificateSummary: what a user needs to know about one certificate in a bundle or a chain.
#pragma once

#include <QDateTime>
#include <QSslCertificate>
#include <QString>

namespace signet::tls {

enum class ExpiryState
{
    Valid,
    ExpiresSoon,
    Expired,
    NotYetValid
};

struct CertificateSummary final
{
    QString subject;    // the full subject, "CN=Amazon RDS eu-west-1 Root CA RSA2048 G1, O=…"
    QString commonName; // CN only
    QString issuer;
    QString keyAlgorithm; // "RSA 2048", "EC 384"
    QDateTime notBefore;
    QDateTime notAfter;
    QString sha256; // hex fingerprint
    bool selfSigned = false;

    // Days left until notAfter (negative once expired), counted from `now`.
    qint64 daysLeft(const QDateTime &now) const;
    ExpiryState expiryState(const QDateTime &now) const;

    static CertificateSummary of(const QSslCertificate &certificate);
    // Certificates that expire within this many days are flagged.
    static constexpr int kWarnDays = 90;
};

} // namespace signet::tls
