// SPDX-License-Identifier: GPL-3.0-or-later
// UpstreamTlsContext: the listener's SSL_CTX (trust anchors, protocol floor, buffers) and the
// socket BIO of the proxy's upstream connections.
#include "proxy/UpstreamTlsContext.h"

#include <QDateTime>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstdint>

#include <sys/socket.h>

namespace signet::proxy {

namespace {

// What a socket BIO keeps: its descriptor, and whether its last read emptied the socket.
struct SocketBioState
{
    int fd = -1;
    bool drained = false;
};

SocketBioState *bioState(BIO *bio)
{
    return static_cast<SocketBioState *>(BIO_get_data(bio));
}

int bioFd(BIO *bio)
{
    return bioState(bio)->fd;
}

int bioWrite(BIO *bio, const char *data, int size)
{
    BIO_clear_retry_flags(bio);
    ssize_t written = 0;
    do
        written = ::send(bioFd(bio), data, size_t(size), MSG_NOSIGNAL);
    while (written < 0 && errno == EINTR);
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_write(bio);
    return int(written);
}

int bioRead(BIO *bio, char *data, int size)
{
    BIO_clear_retry_flags(bio);
    ssize_t received = 0;
    do
        received = ::recv(bioFd(bio), data, size_t(size), 0);
    while (received < 0 && errno == EINTR);
    const bool wouldBlock = received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (wouldBlock)
        BIO_set_retry_read(bio);
    else if (received == 0)
        BIO_set_flags(bio, BIO_FLAGS_IN_EOF);
    // Fewer bytes than asked for: the socket had no more at that moment.
    bioState(bio)->drained = wouldBlock || (received > 0 && received < size);
    return int(received);
}

int bioDestroy(BIO *bio)
{
    delete bioState(bio);
    BIO_set_data(bio, nullptr);
    return 1;
}

long bioCtrl(BIO *bio, int command, long, void *)
{
    switch (command) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_CTRL_EOF:
        return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) ? 1 : 0;
    default:
        return 0;
    }
}

// One method table for the process (OpenSSL keeps a pointer to it in every BIO).
const BIO_METHOD *socketMethod()
{
    static BIO_METHOD *method = [] {
        BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "signet proxy socket");
        BIO_meth_set_write(m, bioWrite);
        BIO_meth_set_read(m, bioRead);
        BIO_meth_set_ctrl(m, bioCtrl);
        BIO_meth_set_destroy(m, bioDestroy);
        return m;
    }();
    return method;
}

} // namespace

BIO *newSocketBio(int fd)
{
    BIO *bio = BIO_new(socketMethod());
    if (!bio)
        return nullptr;
    BIO_set_data(bio, new SocketBioState{fd, false});
    BIO_set_init(bio, 1);
    return bio;
}

bool socketBioDrained(BIO *bio)
{
    return bio && BIO_get_data(bio) && bioState(bio)->drained;
}

QString openSslReason()
{
    const unsigned long code = ERR_peek_last_error();
    if (code == 0)
        return {};
    const char *reason = ERR_reason_error_string(code);
    return reason ? QString::fromLatin1(reason) : QStringLiteral("OpenSSL error %1").arg(code);
}

bool isUnexpectedEof()
{
    const unsigned long code = ERR_peek_last_error();
    return ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

Result<std::shared_ptr<const UpstreamTlsContext>>
UpstreamTlsContext::create(const QList<QSslCertificate> &caCertificates)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return makeError(QStringLiteral("proxy.tls-context"),
                         QStringLiteral("OpenSSL could not set up TLS: %1").arg(openSslReason()));
    std::shared_ptr<const UpstreamTlsContext> context(new UpstreamTlsContext(ctx));
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // Verification failures end the handshake; the session reads why from SSL_get_verify_result.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    // Record buffers are freed while a connection is idle (most of a proxied connection's life).
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                              SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    // Read ahead into a 64 KB buffer: one recv() for several records instead of two for each (a
    // 5-byte header, then the body), which halved the rate of a large result. The buffer exists only
    // while records wait in it (SSL_MODE_RELEASE_BUFFERS); readAvailableBytes() empties it.
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_default_read_buffer_len(ctx, 64 * 1024);
    // The profile's CA certificates are the only anchors (no system store); any of them may anchor
    // the chain (a bundle of intermediates, as Qt accepted). Expired ones are left out: RDS bundles
    // carry retired CAs whose subject can shadow the valid certificate of the same name.
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int added = 0;
    for (const QSslCertificate &certificate : caCertificates) {
        if (certificate.expiryDate() < now)
            continue;
        const QByteArray der = certificate.toDer();
        const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
        X509 *x509 = d2i_X509(nullptr, &bytes, long(der.size()));
        if (!x509)
            continue;
        if (X509_STORE_add_cert(store, x509) == 1)
            ++added;
        X509_free(x509); // the store holds its own reference
    }
    ERR_clear_error(); // a duplicate certificate in the bundle is not an error
    if (added == 0)
        return makeError(QStringLiteral("proxy.no-ca"),
                         QStringLiteral("none of the profile's %1 CA certificates is valid now")
                             .arg(caCertificates.size()),
                         QStringLiteral("Update the CA bundles or set the profile's CA."));
    return context;
}

UpstreamTlsContext::~UpstreamTlsContext()
{
    SSL_CTX_free(m_ctx);
}

} // namespace signet::proxy
