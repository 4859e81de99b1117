// SPDX-License-Identifier: GPL-3.0-or-later
// UpstreamTls: the proxy's connection to the database — a non-blocking TCP socket that speaks the
// engine's plain pre-TLS bytes, then TLS with OpenSSL directly, verified against the profile's CA and
// the endpoint's name (the SSL_CTX it shares with the listener's other connections: UpstreamTlsContext.h).
#pragma once

#include "common/Result.h"
#include "proxy/ByteQueue.h"
#include "proxy/UpstreamTlsContext.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>

#include <limits>
#include <memory>

class QHostInfo;
class QSocketNotifier;

using SSL = struct ssl_st;

namespace signet::proxy {

// Replaces a QSslSocket for the upstream leg (docs/proxy.md, Memory): no Qt buffer chunks (the
// session reads what arrived, in one QByteArray handed over), no copy of the certificate chain, no
// SSL_CTX of its own. The API follows QAbstractSocket's where the sessions used it.
class UpstreamTls final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamTls)

public:
    enum class State
    {
        Unconnected,
        Connecting, // host lookup and TCP connect
        Connected,  // plain or encrypted
        Closing,    // disconnectFromHost() with bytes still to send
    };
    Q_ENUM(State)
    enum class Failure
    {
        None,
        HostNotFound,
        ConnectFailed, // refused, unreachable, timed out: before the TCP connection existed
        Handshake,     // TLS refused: the certificate (verification), or the handshake itself
        RemoteClosed,  // the database closed the connection
        Network,       // reset, or TLS records that do not decrypt, after the connection existed
    };
    Q_ENUM(Failure)

    // `peerName`: the endpoint name the certificate must carry (also the SNI), even when the TCP
    // connection goes to a "connect via" address. `verifyName` false (verify-ca): the chain is
    // still verified, the name is not.
    UpstreamTls(std::shared_ptr<const UpstreamTlsContext> context, QString peerName, bool verifyName,
                QObject *parent = nullptr);
    ~UpstreamTls() override;

    // Resolves `host` (asynchronously) and connects to its addresses in turn: connected(), or
    // errorOccurred() with Failure::HostNotFound / ConnectFailed.
    void connectToHost(const QString &host, quint16 port);
    // Starts the TLS handshake (after the plain bytes written so far went out): encrypted(), or
    // errorOccurred() with Failure::Handshake (verificationError() says why when it was the
    // certificate). Plain bytes the database sent and nobody read yet refuse the handshake: they
    // would look as if they came over TLS.
    void startClientEncryption();
    // Sends close_notify and closes once what was written went out; disconnected() then.
    void disconnectFromHost();
    // Closes at once, dropping unsent bytes; disconnected() if it was connected.
    void abort();

    State state() const { return m_state; }
    bool isEncrypted() const { return m_encrypted; }
    Failure failure() const { return m_failure; }
    // What failed in plain words (the OS's reason, OpenSSL's verification result); never secret.
    QString errorString() const { return m_errorString; }
    // The certificate's verification error when the handshake failed on it, else empty.
    QString verificationError() const { return m_verificationError; }
    // "TLSv1.3" once encrypted.
    QString protocolName() const;

    // Received bytes not read yet (decrypted once encrypted). Reading stops while this many are
    // held (back-pressure; the last 64 KB read block may pass it); default 512 KB.
    void setReadBufferSize(qint64 size) { m_readLimit = size; }
    qint64 bytesAvailable() const { return m_in.size(); }
    // At most `max` of the received bytes; a block read whole is handed over without a copy.
    QByteArray read(qint64 max = std::numeric_limits<qint64>::max());
    // Queues `bytes` (sent at once as far as the socket takes them); encrypted once TLS started.
    void write(const QByteArray &bytes);
    // Written but not yet taken by the kernel.
    qint64 bytesToWrite() const { return m_out.size(); }

Q_SIGNALS:
    void connected();
    void encrypted();
    void readyRead();
    // Queued bytes went out (only after write() could not send everything at once).
    void bytesWritten(qint64 bytes);
    void errorOccurred(signet::proxy::UpstreamTls::Failure failure);
    void disconnected();

private:
    void onLookedUp(const QHostInfo &info);
    void tryNextAddress();
    void onConnectFinished();
    void onReadable();
    void onWritable();
    void beginHandshake();
    void continueHandshake();
    void readAvailableBytes();
    void flush();
    void finishClose();
    void fail(Failure failure, const QString &message);
    void closeSocket();
    void updateNotifiers();
    QString sslErrorString(int result, int error) const;

    std::shared_ptr<const UpstreamTlsContext> m_context;
    QString m_peerName;
    bool m_verifyName;
    int m_fd = -1;
    SSL *m_ssl = nullptr;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QList<QHostAddress> m_addresses;
    quint16 m_port = 0;
    int m_lookupId = -1;
    QString m_lastConnectError;
    ByteQueue m_in;
    ByteQueue m_out;
    qint64 m_readLimit = 512 * 1024;
    State m_state = State::Unconnected;
    Failure m_failure = Failure::None;
    QString m_errorString;
    QString m_verificationError;
    bool m_encrypted = false;
    bool m_handshaking = false;
    bool m_tlsRequested = false; // startClientEncryption() before the plain bytes went out
    qint64 m_plainLeft = -1;     // then: how many queued bytes still go in clear (-1: no limit)
    bool m_peerClosed = false;   // the database closed; what it sent before stays readable
    bool m_readWantsWrite = false;
    bool m_writeWantsRead = false;
    bool m_readScheduled = false;
    bool m_inWrite = false;
};

} // namespace signet::proxy
