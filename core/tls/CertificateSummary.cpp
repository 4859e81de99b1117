// CertificateSummary: subject, key, validity and fingerprint of one certificate.
#include "tls/CertificateSummary.h"

#include <QSslKey>

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

QString keyAlgorithmOf(const QSslCertificate &certificate)
{
    const QSslKey key = certificate.publicKey();
    QString name;
    switch (key.algorithm()) {
    case QSsl::Rsa:
        name = QStringLiteral("RSA");
        break;
    case QSsl::Ec:
        name = QStringLiteral("EC");
        break;
    case QSsl::Dsa:
        name = QStringLiteral("DSA");
        break;
    case QSsl::Dh:
        name = QStringLiteral("DH");
        break;
    default:
        return QStringLiteral("unknown");
    }
    return key.length() > 0 ? name + u' ' + QString::number(key.length()) : name;
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
