// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleDownload: fetches one CA bundle (conditional request, progress, validation) into a store.
#pragma once

#include "common/Error.h"
#include "tls/CaBundleEntry.h"
#include "tls/CaBundleSource.h"
#include "tls/CaBundleStore.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>

class QNetworkAccessManager;
class QNetworkReply;

namespace signet::tls {

struct CaBundleUpdate final
{
    CaBundleEntry entry;
    bool notModified = false; // the server answered 304: the stored copy is current
    bool changed = false;     // the new file differs from the one stored before
};

class CaBundleDownload final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaBundleDownload)

public:
    CaBundleDownload(CaBundleStore store, CaBundleSource source, QObject *parent = nullptr);
    ~CaBundleDownload() override;

    // Extra CAs trusted for the HTTPS download itself (a corporate proxy, a test server), added to
    // the system's; certificate errors are never ignored.
    void setExtraTrustedCertificates(const QList<QSslCertificate> &certificates);
    // No byte for this long aborts the download (default 30 s).
    void setTransferTimeout(int milliseconds) { m_transferTimeoutMs = milliseconds; }
    // Send If-None-Match / If-Modified-Since from the stored entry (default on).
    void setConditional(bool conditional) { m_conditional = conditional; }

    void start();
    void cancel();

signals:
    void progressed(qint64 received, qint64 total);
    void finished(const signet::tls::CaBundleUpdate &update);
    void failed(const signet::Error &error);

private:
    void onFinished();
    void fail(const Error &error);

    CaBundleStore m_store;
    CaBundleSource m_source;
    QList<QSslCertificate> m_extraCertificates;
    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
    int m_transferTimeoutMs = 30000;
    bool m_conditional = true;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace signet::tls
