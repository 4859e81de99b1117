// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundle: strict PEM parsing, so a truncated or corrupt download is never mistaken for a bundle.
#include "tls/CaBundle.h"

#include "token/DurationText.h"

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>

namespace signet::tls {

namespace {

const QByteArray kBegin = QByteArrayLiteral("-----BEGIN CERTIFICATE-----");
const QByteArray kEnd = QByteArrayLiteral("-----END CERTIFICATE-----");

Error invalid(const QString &origin, const QString &what)
{
    const QString name = origin.isEmpty() ? QStringLiteral("the PEM data") : origin;
    return makeError(QStringLiteral("ca.invalid-pem"),
                     QStringLiteral("%1 is not a valid CA bundle: %2").arg(name, what),
                     QStringLiteral("Download it again or pick a PEM file of CA certificates."),
                     Fix{Fix::Kind::ListCaBundles, {}});
}

} // namespace

Result<CaBundle> CaBundle::fromPem(const QByteArray &pem, const QString &origin)
{
    CaBundle bundle;
    qsizetype position = 0;
    int block = 0;
    while (true) {
        const qsizetype begin = pem.indexOf(kBegin, position);
        if (begin < 0)
            break;
        ++block;
        const qsizetype end = pem.indexOf(kEnd, begin + kBegin.size());
        const qsizetype nextBegin = pem.indexOf(kBegin, begin + kBegin.size());
        if (end < 0 || (nextBegin >= 0 && nextBegin < end))
            return invalid(origin,
                           QStringLiteral("certificate %1 is cut off (BEGIN without END)").arg(block));
        const QByteArray text = pem.mid(begin, end + kEnd.size() - begin);
        const QList<QSslCertificate> parsed = QSslCertificate::fromData(text, QSsl::Pem);
        if (parsed.size() != 1 || parsed.first().isNull())
            return invalid(origin, QStringLiteral("certificate %1 does not decode as X.509").arg(block));
        bundle.m_certificates << parsed.first();
        position = end + kEnd.size();
    }
    // Anything but whitespace after the last block (or a lone END) means the file was damaged.
    const QByteArray rest = pem.mid(position).trimmed();
    if (rest.contains("-----"))
        return invalid(origin, QStringLiteral("stray PEM markers after certificate %1").arg(block));
    if (bundle.m_certificates.isEmpty())
        return invalid(origin, QStringLiteral("it contains no PEM certificate"));
    bundle.m_pem = pem;
    bundle.m_sha256 = QString::fromLatin1(QCryptographicHash::hash(pem, QCryptographicHash::Sha256).toHex());
    return bundle;
}

Result<CaBundle> CaBundle::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("ca.unreadable"),
                         QStringLiteral("cannot read CA bundle %1: %2").arg(path, file.errorString()),
                         QStringLiteral("Check the path, or use a stored bundle."),
                         Fix{Fix::Kind::ListCaBundles, {}});
    return fromPem(file.readAll(), path);
}

QString CaBundle::builtinGlobalResource()
{
    return QStringLiteral(":/signet/ca/rds-global-bundle.pem");
}

Result<CaBundle> CaBundle::builtinGlobal()
{
    return fromFile(builtinGlobalResource());
}

QList<CertificateSummary> CaBundle::summaries() const
{
    QList<CertificateSummary> list;
    list.reserve(m_certificates.size());
    for (const QSslCertificate &certificate : m_certificates)
        list << CertificateSummary::of(certificate);
    return list;
}

CertificateSummary CaBundle::soonestExpiry() const
{
    const auto first = std::min_element(
        m_certificates.cbegin(), m_certificates.cend(),
        [](const QSslCertificate &a, const QSslCertificate &b) { return a.expiryDate() < b.expiryDate(); });
    return first == m_certificates.cend() ? CertificateSummary{} : CertificateSummary::of(*first);
}

QStringList CaBundle::warnings(const QDateTime &now) const
{
    QStringList lines;
    for (const CertificateSummary &summary : summaries()) {
        switch (summary.expiryState(now)) {
        case ExpiryState::Expired:
            lines << QStringLiteral("%1 expired on %2")
                         .arg(summary.commonName, summary.notAfter.date().toString(Qt::ISODate));
            break;
        case ExpiryState::ExpiresSoon:
            lines << QStringLiteral("%1 expires in %2 (%3)")
                         .arg(summary.commonName, token::durationText(qint64(summary.daysLeft(now)) * 86400),
                              summary.notAfter.date().toString(Qt::ISODate));
            break;
        case ExpiryState::NotYetValid:
            lines << QStringLiteral("%1 is not valid before %2")
                         .arg(summary.commonName, summary.notBefore.date().toString(Qt::ISODate));
            break;
        case ExpiryState::Valid:
            break;
        }
    }
    return lines;
}

std::optional<QSslCertificate> CaBundle::issuerOf(const QSslCertificate &certificate) const
{
    // Qt exposes no raw issuer name, so compare the names attribute by attribute.
    const QList<QByteArray> issuerAttributes = certificate.issuerInfoAttributes();
    for (const QSslCertificate &candidate : m_certificates) {
        const QList<QByteArray> subjectAttributes = candidate.subjectInfoAttributes();
        if (subjectAttributes.size() != issuerAttributes.size())
            continue;
        const bool same =
            std::all_of(subjectAttributes.cbegin(), subjectAttributes.cend(), [&](const QByteArray &a) {
                return candidate.subjectInfo(a) == certificate.issuerInfo(a);
            });
        if (same)
            return candidate;
    }
    return std::nullopt;
}

} // namespace signet::tls
