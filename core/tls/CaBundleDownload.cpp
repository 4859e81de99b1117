// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleDownload: HTTP(S) GET of a PEM bundle through QNetworkAccessManager and the system proxy.
#include "tls/CaBundleDownload.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace signet::tls {

namespace {

// A bundle is ~200 KB; refuse anything absurd before it fills memory.
constexpr qint64 kMaxBundleBytes = 8 * 1024 * 1024;

} // namespace

CaBundleDownload::CaBundleDownload(CaBundleStore store, CaBundleSource source, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_source(std::move(source))
    , m_network(new QNetworkAccessManager(this))
{
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

CaBundleDownload::~CaBundleDownload()
{
    if (m_reply)
        m_reply->abort();
}

void CaBundleDownload::setExtraTrustedCertificates(const QList<QSslCertificate> &certificates)
{
    m_extraCertificates = certificates;
}

void CaBundleDownload::start()
{
    QNetworkRequest request(m_source.url);
    // https → http redirects are refused; same-scheme and upgrade redirects are followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setTransferTimeout(m_transferTimeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("signet"));
    if (!m_extraCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_extraCertificates);
        request.setSslConfiguration(tls);
    }
    if (m_conditional) {
        const auto stored = m_store.entry(m_source.id);
        // Validators only mean something for the same URL; the offline copy has none.
        if (stored && stored->source == m_source.url.toString()) {
            if (!stored->etag.isEmpty())
                request.setRawHeader("If-None-Match", stored->etag.toUtf8());
            if (!stored->lastModified.isEmpty())
                request.setRawHeader("If-Modified-Since", stored->lastModified.toUtf8());
        }
    }
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (received > kMaxBundleBytes) {
            fail(makeError(QStringLiteral("ca.too-large"),
                           QStringLiteral("%1 sent more than 8 MB; that is not a CA bundle")
                               .arg(m_source.url.toString()),
                           QStringLiteral("Check the URL.")));
            return;
        }
        emit progressed(received, total);
    });
    connect(m_reply, &QNetworkReply::finished, this, &CaBundleDownload::onFinished);
}

void CaBundleDownload::cancel()
{
    m_cancelled = true;
    if (m_reply)
        m_reply->abort();
}

void CaBundleDownload::fail(const Error &error)
{
    if (m_done)
        return;
    m_done = true;
    if (m_reply) {
        // Deleting a running reply aborts it; abort() from inside its own signal upsets Qt.
        m_reply->disconnect(this);
        m_reply->deleteLater();
    }
    emit failed(error);
}

void CaBundleDownload::onFinished()
{
    if (m_done)
        return;
    QNetworkReply *reply = m_reply;
    const QString url = m_source.url.toString();
    if (m_cancelled) {
        fail(makeError(QStringLiteral("ca.cancelled"), QStringLiteral("download of %1 cancelled").arg(url)));
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400) {
        fail(makeError(
            QStringLiteral("ca.download-failed"), QStringLiteral("%1 answered HTTP %2").arg(url).arg(status),
            status == 404
                ? QStringLiteral("There is no bundle at that address: check the region name or URL.")
                : QStringLiteral("Try again later, or import the bundle from a file.")));
        return;
    }
    if (reply->error() != QNetworkReply::NoError && status != 304) {
        QString hint = QStringLiteral(
            "Check the network connection and proxy settings, or import the bundle from a file.");
        if (reply->error() == QNetworkReply::OperationCanceledError)
            hint = QStringLiteral("The server stopped sending data; try again later.");
        else if (reply->error() == QNetworkReply::SslHandshakeFailedError)
            hint = QStringLiteral(
                "The download server's certificate was not trusted; Signet does not skip that check.");
        else if (reply->error() == QNetworkReply::InsecureRedirectError)
            hint = QStringLiteral("The server redirected from HTTPS to plain HTTP, which Signet refuses.");
        fail(makeError(QStringLiteral("ca.download-failed"),
                       QStringLiteral("download of %1 failed: %2").arg(url, reply->errorString()), hint));
        return;
    }
    const auto previous = m_store.entry(m_source.id);
    if (status == 304) {
        if (!previous) {
            fail(makeError(QStringLiteral("ca.download-failed"),
                           QStringLiteral("%1 answered 304 Not Modified but no copy is stored").arg(url),
                           QStringLiteral("Run the update again.")));
            return;
        }
        (void)m_store.markChecked(m_source.id);
        m_done = true;
        reply->deleteLater();
        emit finished(CaBundleUpdate{*m_store.entry(m_source.id), true, false});
        return;
    }
    if (status != 200) {
        fail(makeError(QStringLiteral("ca.download-failed"),
                       QStringLiteral("%1 answered HTTP %2").arg(url).arg(status),
                       QStringLiteral("Check the URL or the region name.")));
        return;
    }
    const QByteArray body = reply->readAll();
    const QVariant declared = reply->header(QNetworkRequest::ContentLengthHeader);
    if (declared.isValid() && declared.toLongLong() != body.size()) {
        fail(makeError(
            QStringLiteral("ca.truncated"),
            QStringLiteral("%1 sent %2 of %3 bytes").arg(url).arg(body.size()).arg(declared.toLongLong()),
            QStringLiteral("The download was cut off; try again.")));
        return;
    }
    const auto stored = m_store.store(m_source.id, url, body, QString::fromUtf8(reply->rawHeader("ETag")),
                                      QString::fromUtf8(reply->rawHeader("Last-Modified")));
    if (!stored) {
        fail(stored.error());
        return;
    }
    m_done = true;
    reply->deleteLater();
    emit finished(CaBundleUpdate{*stored, false, !previous || previous->sha256 != stored->sha256});
}

} // namespace signet::tls
