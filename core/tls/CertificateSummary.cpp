// SPDX-License-Identifier: GPL-3.0-or-later
// CertificateSummary: subject, key, validity and fingerprint of one certificate.
#include "tls/CertificateSummary.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace signet::tls {

namespace {

QString joined(const QSslCertificate &certificate, bool issuer)
{
    QStringList parts;
    const auto attributes = issuer ? certificate.issuerInfoAttributes() : certificate.subjectInfoAttributes();
    for (const QByteArray &attribute : attributes) {
        const QStringList values =
            issuer ? certificate.issuerInfo(attribute) : certificate.subjectInfo(attribute);
        for (const QString &value : values)
            parts << QString::fromLatin1(attribute) + u'=' + value;
    }
    return parts.join(QStringLiteral(", "));
}

// Not QSslCertificate::publicKey(): Qt 6.4's OpenSSL backend dereferences a null key when the
// certificate's SubjectPublicKeyInfo does not decode, and crashes (found by tests/fuzz/
// fuzz_certificate: any CA file, or a server's certificate chain in the check, could crash Signet).
// OpenSSL itself answers "no key" safely.
QString keyAlgorithmOf(const QSslCertificate &certificate)
{
    const auto *x509 = static_cast<const X509 *>(certificate.handle());
    const EVP_PKEY *key = x509 ? X509_get0_pubkey(x509) : nullptr;
    if (!key) {
        ERR_clear_error(); // the decode error OpenSSL queued must not surface in a later TLS call
        return QStringLiteral("unknown");
    }
    QString name;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        name = QStringLiteral("RSA");
        break;
    case EVP_PKEY_EC:
        name = QStringLiteral("EC");
        break;
    case EVP_PKEY_DSA:
        name = QStringLiteral("DSA");
        break;
    case EVP_PKEY_DH:
        name = QStringLiteral("DH");
        break;
    default:
        return QStringLiteral("unknown");
    }
    const int bits = EVP_PKEY_get_bits(key);
    return bits > 0 ? name + u' ' + QString::number(bits) : name;
}

} // namespace

qint64 CertificateSummary::daysLeft(const QDateTime &now) const
{
    const qint64 seconds = now.secsTo(notAfter);
    // Round towards minus infinity so a certificate that expired an hour ago reports -1, not 0.
    return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

ExpiryState CertificateSummary::expiryState(const QDateTime &now) const
{
    if (now < notBefore)
        return ExpiryState::NotYetValid;
    if (now >= notAfter)
        return ExpiryState::Expired;
    if (daysLeft(now) <= kWarnDays)
        return ExpiryState::ExpiresSoon;
    return ExpiryState::Valid;
}

CertificateSummary CertificateSummary::of(const QSslCertificate &certificate)
{
    CertificateSummary summary;
    summary.subject = joined(certificate, false);
    summary.commonName = certificate.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "));
    summary.issuer = joined(certificate, true);
    summary.keyAlgorithm = keyAlgorithmOf(certificate);
    summary.notBefore = certificate.effectiveDate().toUTC();
    summary.notAfter = certificate.expiryDate().toUTC();
    summary.sha256 = QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
    summary.selfSigned = certificate.isSelfSigned();
    return summary;
}

} // namespace signet::tls
