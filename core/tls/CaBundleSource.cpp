// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleSource: the RDS truststore URL rules per partition, with a test override.
#include "tls/CaBundleSource.h"

#include "aws/RdsEndpoint.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QRegularExpression>

namespace signet::tls {

namespace {

const QString kCommercial = QStringLiteral("https://truststore.pki.rds.amazonaws.com");
const QString kGovCloud = QStringLiteral("https://truststore.pki.us-gov-west-1.rds.amazonaws.com");
const QString kChina = QStringLiteral("https://rds-truststore.s3.cn-north-1.amazonaws.com.cn");

QString baseFor(const QString &partition, const QProcessEnvironment &env)
{
    const QString override = env.value(QString::fromLatin1(CaBundleSource::kBaseUrlVariable)).trimmed();
    if (!override.isEmpty())
        return override.endsWith(u'/') ? override.chopped(1) : override;
    if (partition == u"aws-us-gov")
        return kGovCloud;
    if (partition == u"aws-cn")
        return kChina;
    return kCommercial;
}

CaBundleSource make(const QString &id, const QString &base, const QString &path)
{
    return CaBundleSource{id, QUrl(base + path)};
}

} // namespace

CaBundleSource CaBundleSource::global(const QProcessEnvironment &env)
{
    return make(QStringLiteral("global"), baseFor(QStringLiteral("aws"), env),
                QStringLiteral("/global/global-bundle.pem"));
}

Result<CaBundleSource> CaBundleSource::fromSpec(const QString &spec, const QProcessEnvironment &env)
{
    const QString text = spec.trimmed();
    if (text.isEmpty() || text == u"global")
        return global(env);
    if (text == u"us-gov-global")
        return make(text, baseFor(QStringLiteral("aws-us-gov"), env),
                    QStringLiteral("/global/global-bundle.pem"));
    if (aws::RdsEndpoint::isRegionName(text)) {
        return make(text, baseFor(aws::RdsEndpoint::partitionOf(text), env),
                    QStringLiteral("/%1/%1-bundle.pem").arg(text));
    }
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http") && !url.host().isEmpty()) {
        // A readable id from the file name, plus a short hash so two "bundle.pem" URLs don't collide.
        QString stem = QFileInfo(url.path()).completeBaseName();
        stem.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
        if (stem.isEmpty())
            stem = QStringLiteral("bundle");
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(url.toEncoded(), QCryptographicHash::Sha256).toHex().left(8));
        return CaBundleSource{QStringLiteral("url-%1-%2").arg(stem, hash), url};
    }
    return makeError(
        QStringLiteral("ca.bad-source"), QStringLiteral("\"%1\" is not a CA bundle source").arg(text),
        QStringLiteral("Use global, us-gov-global, a region such as eu-west-1, or an https:// URL."));
}

} // namespace signet::tls
