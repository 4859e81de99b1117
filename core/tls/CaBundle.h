// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundle: a PEM file of CA certificates, every block validated, with expiry information.
#pragma once

#include "common/Result.h"
#include "tls/CertificateSummary.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

namespace signet::tls {

class CaBundle final
{
public:
    // Parses PEM text. Fails when there is no certificate, when a block is cut off (BEGIN without
    // END), or when any block does not decode as an X.509 certificate; the error names the block.
    static Result<CaBundle> fromPem(const QByteArray &pem, const QString &origin = {});
    static Result<CaBundle> fromFile(const QString &path);
    // The global RDS bundle compiled into the program (works offline).
    static Result<CaBundle> builtinGlobal();
    static QString builtinGlobalResource();

    const QList<QSslCertificate> &certificates() const { return m_certificates; }
    QList<CertificateSummary> summaries() const;
    int size() const { return int(m_certificates.size()); }
    // SHA-256 (hex) of the exact bytes parsed.
    QString sha256() const { return m_sha256; }
    const QByteArray &pem() const { return m_pem; }

    // The certificate that expires first.
    CertificateSummary soonestExpiry() const;
    // One line per certificate that expired or expires within CertificateSummary::kWarnDays.
    QStringList warnings(const QDateTime &now) const;
    // The certificate in this bundle whose subject is `issuer`'s issuer, if any.
    std::optional<QSslCertificate> issuerOf(const QSslCertificate &certificate) const;

private:
    QList<QSslCertificate> m_certificates;
    QByteArray m_pem;
    QString m_sha256;
};

} // namespace signet::tls
