// SPDX-License-Identifier: GPL-3.0-or-later
// UpstreamTlsContext: the one SSL_CTX a listener's upstream connections share, and the OpenSSL
// pieces UpstreamTls builds on (the socket BIO that sends with MSG_NOSIGNAL, OpenSSL's reasons).
#pragma once

#include "common/Result.h"

#include <QList>
#include <QSslCertificate>
#include <QString>

#include <memory>

using BIO = struct bio_st;
using SSL_CTX = struct ssl_ctx_st;

namespace signet::proxy {

// What every upstream connection of one listener shares: the SSL_CTX with the profile's CA
// certificates as the only trust anchors, TLS 1.2 or later, peer verification on. Built once per
// listener; each connection holds a reference (the SSL_CTX is freed with the last of them).
class UpstreamTlsContext final
{
public:
    // Fails when none of `caCertificates` can be used (all expired, or none parsed).
    static Result<std::shared_ptr<const UpstreamTlsContext>>
    create(const QList<QSslCertificate> &caCertificates);
    ~UpstreamTlsContext();
    UpstreamTlsContext(const UpstreamTlsContext &) = delete;
    UpstreamTlsContext &operator=(const UpstreamTlsContext &) = delete;

    SSL_CTX *handle() const { return m_ctx; }

private:
    explicit UpstreamTlsContext(SSL_CTX *ctx)
        : m_ctx(ctx)
    {}
    SSL_CTX *m_ctx;
};

// A BIO on the non-blocking socket `fd` (not owned: closing it stays the caller's), reading with
// recv() and sending with send(MSG_NOSIGNAL), so a reset cannot raise SIGPIPE in the window's
// process. Null when OpenSSL could not make one.
BIO *newSocketBio(int fd);
// Whether the last read of a socket BIO got fewer bytes than it asked for (or none yet: would
// block), so the socket was empty then: a reader can stop without one more recv() that only says
// EAGAIN. The socket's read notifier wakes it again when more arrives.
bool socketBioDrained(BIO *bio);
// The reason of OpenSSL's last error in words, or empty when there is none. Never secret.
QString openSslReason();
// Whether OpenSSL's last error is the peer closing without close_notify.
bool isUnexpectedEof();

} // namespace signet::proxy
