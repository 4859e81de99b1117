// SPDX-License-Identifier: GPL-3.0-or-later
// UpstreamTls: non-blocking TCP with QSocketNotifiers, then OpenSSL on the same socket through the
// BIO of UpstreamTlsContext.h.
#include "proxy/UpstreamTls.h"

#include <QHostInfo>
#include <QSocketNotifier>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace signet::proxy {

namespace {

// Received bytes are read in blocks of up to this much (the session relays 64 KB at a time).
constexpr qsizetype kBlock = 64 * 1024;

} // namespace

UpstreamTls::UpstreamTls(std::shared_ptr<const UpstreamTlsContext> context, QString peerName, bool verifyName,
                         QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_peerName(std::move(peerName))
    , m_verifyName(verifyName)
{}

UpstreamTls::~UpstreamTls()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    closeSocket();
}

QString UpstreamTls::protocolName() const
{
    return m_ssl ? QString::fromLatin1(SSL_get_version(m_ssl)) : QString();
}

void UpstreamTls::connectToHost(const QString &host, quint16 port)
{
    if (m_state != State::Unconnected)
        return;
    m_state = State::Connecting;
    m_port = port;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_addresses = {literal};
        // Like QAbstractSocket: the outcome arrives from the event loop, never inside this call.
        QMetaObject::invokeMethod(this, &UpstreamTls::tryNextAddress, Qt::QueuedConnection);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(host, this, &UpstreamTls::onLookedUp);
}

void UpstreamTls::onLookedUp(const QHostInfo &info)
{
    m_lookupId = -1;
    if (m_state != State::Connecting)
        return;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        fail(Failure::HostNotFound,
             info.error() != QHostInfo::NoError ? info.errorString() : QStringLiteral("Host not found"));
        return;
    }
    m_addresses = info.addresses();
    tryNextAddress();
}

void UpstreamTls::tryNextAddress()
{
    if (m_state != State::Connecting)
        return;
    while (!m_addresses.isEmpty()) {
        const QHostAddress address = m_addresses.takeFirst();
        sockaddr_storage storage{};
        socklen_t length = 0;
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            auto *in = reinterpret_cast<sockaddr_in *>(&storage);
            in->sin_family = AF_INET;
            in->sin_port = htons(m_port);
            in->sin_addr.s_addr = htonl(address.toIPv4Address());
            length = sizeof(sockaddr_in);
        } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
            auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
            in6->sin6_family = AF_INET6;
            in6->sin6_port = htons(m_port);
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, bytes.c, sizeof(bytes.c));
            in6->sin6_scope_id = address.scopeId().toUInt();
            length = sizeof(sockaddr_in6);
        } else {
            continue;
        }
        m_fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0) {
            m_lastConnectError = QString::fromLocal8Bit(std::strerror(errno));
            continue;
        }
        // Queries and replies are small: Nagle's delay would add to every round trip.
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        int result = 0;
        do
            result = ::connect(m_fd, reinterpret_cast<sockaddr *>(&storage), length);
        while (result < 0 && errno == EINTR);
        if (result == 0 || errno == EINPROGRESS) {
            // Writable once the connect finished either way (SO_ERROR says which).
            m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
            connect(m_writeNotifier, &QSocketNotifier::activated, this, &UpstreamTls::onWritable);
            return;
        }
        m_lastConnectError = QString::fromLocal8Bit(std::strerror(errno));
        closeSocket();
    }
    fail(Failure::ConnectFailed,
         m_lastConnectError.isEmpty() ? QStringLiteral("no address to connect to") : m_lastConnectError);
}

void UpstreamTls::onConnectFinished()
{
    int error = 0;
    socklen_t length = sizeof(error);
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (error != 0) {
        m_lastConnectError = QString::fromLocal8Bit(std::strerror(error));
        closeSocket();
        tryNextAddress();
        return;
    }
    m_state = State::Connected;
    m_addresses.clear();
    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &UpstreamTls::onReadable);
    updateNotifiers();
    Q_EMIT connected();
}

void UpstreamTls::startClientEncryption()
{
    if (m_state != State::Connected || m_ssl || m_tlsRequested)
        return;
    if (!m_in.isEmpty()) {
        // Bytes the server sent before the handshake would pass as protected (CVE-2021-23222).
        fail(Failure::Handshake, QStringLiteral("the server sent data before the TLS handshake"));
        return;
    }
    if (bytesToWrite() > 0) {
        // flush() starts it once the plain bytes written so far went out; what is written after
        // this call waits for the handshake and goes encrypted (never in clear).
        m_tlsRequested = true;
        m_plainLeft = bytesToWrite();
        return;
    }
    beginHandshake();
}

void UpstreamTls::beginHandshake()
{
    m_tlsRequested = false;
    m_plainLeft = -1;
    m_ssl = SSL_new(m_context->handle());
    BIO *bio = m_ssl ? newSocketBio(m_fd) : nullptr;
    if (!bio) {
        fail(Failure::Handshake, QStringLiteral("OpenSSL could not start TLS: %1").arg(openSslReason()));
        return;
    }
    SSL_set_bio(m_ssl, bio, bio); // the SSL owns the BIO
    const QByteArray name = m_peerName.toUtf8();
    const bool isAddress = !QHostAddress(m_peerName).isNull();
    if (m_verifyName) {
        // Checked against the endpoint's name even when the TCP connection goes to a "via" address.
        X509_VERIFY_PARAM *param = SSL_get0_param(m_ssl);
        if (isAddress)
            X509_VERIFY_PARAM_set1_ip_asc(param, name.constData());
        else {
            X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            SSL_set1_host(m_ssl, name.constData());
        }
    }
    if (!isAddress && !name.isEmpty())
        SSL_set_tlsext_host_name(m_ssl, name.constData());
    SSL_set_connect_state(m_ssl);
    m_handshaking = true;
    continueHandshake();
}

void UpstreamTls::continueHandshake()
{
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl);
    if (result == 1) {
        m_handshaking = false;
        m_encrypted = true;
        m_readWantsWrite = m_writeWantsRead = false;
        updateNotifiers();
        Q_EMIT encrypted();
        if (m_state == State::Connected && !m_out.isEmpty())
            onWritable(); // written during the handshake: goes now, encrypted
        // A server may have sent application data right behind its last handshake message (it may
        // sit in the read-ahead buffer, where no socket notification announces it).
        if (m_state == State::Connected && m_ssl && SSL_has_pending(m_ssl))
            readAvailableBytes();
        return;
    }
    const int error = SSL_get_error(m_ssl, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        updateNotifiers(); // reads always, writes when SSL_want_write
        return;
    }
    const long verify = SSL_get_verify_result(m_ssl);
    if (verify != X509_V_OK) {
        m_verificationError =
            verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH
                ? QStringLiteral("the certificate is not for %1").arg(m_peerName)
                : QString::fromLatin1(X509_verify_cert_error_string(verify));
        fail(Failure::Handshake, m_verificationError);
        return;
    }
    fail(Failure::Handshake, sslErrorString(result, error));
}

QString UpstreamTls::sslErrorString(int result, int error) const
{
    if (error == SSL_ERROR_SYSCALL && ERR_peek_last_error() == 0)
        return result == 0 || errno == 0 ? QStringLiteral("the server closed the connection")
                                         : QString::fromLocal8Bit(std::strerror(errno));
    if (isUnexpectedEof())
        return QStringLiteral("the server closed the connection");
    const QString reason = openSslReason();
    return reason.isEmpty() ? QStringLiteral("TLS error %1").arg(error) : reason;
}

void UpstreamTls::onReadable()
{
    if (m_handshaking) {
        continueHandshake();
        return;
    }
    if (m_writeWantsRead) {
        m_writeWantsRead = false;
        onWritable();
        if (m_state == State::Unconnected)
            return;
    }
    readAvailableBytes();
}

void UpstreamTls::readAvailableBytes()
{
    m_readScheduled = false;
    if (m_fd < 0 || m_peerClosed || m_handshaking)
        return;
    qint64 got = 0;
    bool closed = false;
    Failure failure = Failure::None;
    QString why;
    bool more = true;
    while (more && m_in.size() < m_readLimit) {
        // One block per round, filled as far as the socket (or OpenSSL's read-ahead) has bytes.
        QByteArray block(kBlock, Qt::Uninitialized);
        qsizetype filled = 0;
        while (filled < kBlock) {
            if (m_ssl) {
                ERR_clear_error();
                const int result = SSL_read(m_ssl, block.data() + filled, int(kBlock - filled));
                if (result > 0) {
                    filled += result;
                    // A whole reply is mostly one record, read in one recv(): when the socket
                    // gave all it had and OpenSSL holds nothing more, asking again would only
                    // cost a recv() that says EAGAIN (one syscall per query).
                    if (!SSL_has_pending(m_ssl) && socketBioDrained(SSL_get_rbio(m_ssl))) {
                        more = false;
                        break;
                    }
                    continue;
                }
                const int error = SSL_get_error(m_ssl, result);
                if (error == SSL_ERROR_WANT_WRITE)
                    m_readWantsWrite = true;
                else if (error == SSL_ERROR_ZERO_RETURN ||
                         (error == SSL_ERROR_SYSCALL && ERR_peek_last_error() == 0 &&
                          (result == 0 || errno == 0)) ||
                         isUnexpectedEof())
                    closed = true; // close_notify, or the TCP connection ended without it
                else if (error != SSL_ERROR_WANT_READ) {
                    failure = Failure::Network;
                    why = sslErrorString(result, error);
                }
                more = false;
                break;
            }
            const ssize_t result = ::recv(m_fd, block.data() + filled, size_t(kBlock - filled), 0);
            if (result > 0) {
                filled += qsizetype(result);
                continue;
            }
            if (result < 0 && errno == EINTR)
                continue;
            if (result == 0)
                closed = true;
            else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                failure = Failure::Network;
                why = QString::fromLocal8Bit(std::strerror(errno));
            }
            more = false;
            break;
        }
        if (filled > 0) {
            block.truncate(filled);
            if (filled < kBlock / 4)
                block.squeeze(); // a small reply does not hold a 64 KB block
            m_in.append(block);
            got += filled;
        }
    }
    updateNotifiers();
    if (got > 0) {
        Q_EMIT readyRead();
        if (m_state == State::Unconnected)
            return; // closed by a slot
    }
    if (failure != Failure::None) {
        fail(failure, why);
    } else if (closed) {
        // What arrived before the end stays readable; the socket goes now.
        m_peerClosed = true;
        const bool wasOpen = m_state != State::Unconnected;
        closeSocket();
        m_state = State::Unconnected;
        m_failure = Failure::RemoteClosed;
        m_errorString = QStringLiteral("the database closed the connection");
        if (wasOpen)
            Q_EMIT disconnected();
    }
}

QByteArray UpstreamTls::read(qint64 max)
{
    if (max <= 0 || m_in.isEmpty())
        return {};
    const bool wasFull = m_in.size() >= m_readLimit;
    QByteArray taken = m_in.take(max);
    if (wasFull && m_in.size() < m_readLimit && m_fd >= 0) {
        updateNotifiers();
        // Decrypted bytes OpenSSL still holds raise no socket notification: read them from the loop.
        if (!m_readScheduled) {
            m_readScheduled = true;
            QMetaObject::invokeMethod(this, &UpstreamTls::readAvailableBytes, Qt::QueuedConnection);
        }
    }
    return taken;
}

void UpstreamTls::write(const QByteArray &bytes)
{
    if (bytes.isEmpty() || (m_state != State::Connected && m_state != State::Closing) || m_fd < 0)
        return;
    const bool idle = m_out.isEmpty();
    m_out.append(bytes); // shared, not copied
    if (idle && !m_handshaking && !m_writeWantsRead) {
        // A failure found here is reported from the event loop, as QAbstractSocket does: the
        // caller is in the middle of its own work.
        m_inWrite = true;
        flush();
        m_inWrite = false;
    }
}

void UpstreamTls::onWritable()
{
    if (m_state == State::Connecting) {
        onConnectFinished();
        return;
    }
    if (m_handshaking) {
        continueHandshake();
        return;
    }
    if (m_readWantsWrite) {
        m_readWantsWrite = false;
        readAvailableBytes();
        if (m_state == State::Unconnected)
            return;
    }
    const qint64 before = bytesToWrite();
    flush();
    const qint64 written = before - bytesToWrite();
    if (written > 0 && m_state != State::Unconnected)
        Q_EMIT bytesWritten(written);
}

void UpstreamTls::flush()
{
    while (!m_out.isEmpty() && m_fd >= 0) {
        qint64 sent = 0;
        if (m_ssl && !m_handshaking) {
            ERR_clear_error();
            // Partial writes and a moving buffer are allowed (SSL_MODE_*): a retry passes the same
            // front block, whose bytes stay until they went.
            const int result =
                SSL_write(m_ssl, m_out.frontData(), int(qMin<qint64>(m_out.frontSize(), 1 << 30)));
            if (result <= 0) {
                const int error = SSL_get_error(m_ssl, result);
                if (error == SSL_ERROR_WANT_WRITE)
                    break;
                if (error == SSL_ERROR_WANT_READ) {
                    m_writeWantsRead = true;
                    break;
                }
                fail(Failure::Network, sslErrorString(result, error));
                return;
            }
            sent = result;
        } else if (!m_ssl) {
            const qint64 length = m_plainLeft >= 0 ? qMin(m_out.frontSize(), m_plainLeft) : m_out.frontSize();
            if (length == 0)
                break; // the plain part went: the handshake comes next
            const ssize_t result = ::send(m_fd, m_out.frontData(), size_t(length), MSG_NOSIGNAL);
            if (result < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                fail(Failure::Network, QString::fromLocal8Bit(std::strerror(errno)));
                return;
            }
            sent = result;
            if (m_plainLeft >= 0)
                m_plainLeft -= sent;
        } else {
            break; // handshaking: application bytes wait for it
        }
        m_out.consume(sent);
    }
    if (m_tlsRequested && !m_ssl && m_plainLeft == 0 && m_fd >= 0) {
        beginHandshake();
        return;
    }
    updateNotifiers();
    if (!m_out.isEmpty())
        return;
    if (m_state == State::Closing) {
        finishClose();
    }
}

void UpstreamTls::disconnectFromHost()
{
    if (m_state == State::Connecting) {
        abort();
        return;
    }
    if (m_state != State::Connected)
        return;
    m_state = State::Closing;
    if (m_out.isEmpty() || m_handshaking)
        finishClose();
    else
        updateNotifiers();
}

void UpstreamTls::finishClose()
{
    if (m_ssl && m_encrypted && !m_peerClosed) {
        ERR_clear_error();
        SSL_shutdown(m_ssl); // close_notify, not waiting for the server's
    }
    closeSocket();
    m_state = State::Unconnected;
    Q_EMIT disconnected();
}

void UpstreamTls::abort()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    closeSocket();
    m_out.clear();
    m_addresses.clear();
    m_state = State::Unconnected;
}

void UpstreamTls::fail(Failure failure, const QString &message)
{
    if (m_inWrite) {
        if (m_readNotifier)
            m_readNotifier->setEnabled(false);
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
        m_out.clear();
        QMetaObject::invokeMethod(
            this,
            [this, failure, message] {
                if (m_fd >= 0)
                    fail(failure, message);
            },
            Qt::QueuedConnection);
        return;
    }
    const bool wasOpen = m_state == State::Connected || m_state == State::Closing;
    m_failure = failure;
    m_errorString = message;
    closeSocket();
    m_out.clear();
    m_state = State::Unconnected;
    Q_EMIT errorOccurred(failure);
    if (wasOpen)
        Q_EMIT disconnected();
}

void UpstreamTls::closeSocket()
{
    // Often called from a notifier's own activated(): it goes from the event loop.
    for (QSocketNotifier **notifier : {&m_readNotifier, &m_writeNotifier}) {
        if (*notifier) {
            (*notifier)->setEnabled(false);
            (*notifier)->deleteLater();
            *notifier = nullptr;
        }
    }
    if (m_ssl) {
        SSL_free(m_ssl); // and its BIO
        m_ssl = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_handshaking = false;
    m_tlsRequested = false;
    m_plainLeft = -1;
    m_readWantsWrite = m_writeWantsRead = false;
}

void UpstreamTls::updateNotifiers()
{
    if (m_fd < 0)
        return;
    if (m_state == State::Connected || m_state == State::Closing) {
        if (!m_readNotifier) {
            m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
            connect(m_readNotifier, &QSocketNotifier::activated, this, &UpstreamTls::onReadable);
        }
        // Always read during the handshake and when a write waits for the server; otherwise only
        // while there is room, which is also how a reset or a restart is noticed on an idle session.
        m_readNotifier->setEnabled(!m_peerClosed &&
                                   (m_handshaking || m_writeWantsRead || m_in.size() < m_readLimit));
    }
    const bool wantWrite = m_state == State::Connecting || m_readWantsWrite ||
                           (m_handshaking && SSL_want_write(m_ssl)) ||
                           (!m_handshaking && !m_writeWantsRead && !m_out.isEmpty());
    if (wantWrite && !m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &UpstreamTls::onWritable);
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(wantWrite);
}

} // namespace signet::proxy
