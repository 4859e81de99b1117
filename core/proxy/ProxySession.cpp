// SPDX-License-Identifier: GPL-3.0-or-later
// ProxySession: the upstream TLS connection, back-pressured relaying and closing, shared by both
// protocols.
#include "proxy/ProxySession.h"

#include <sys/socket.h>

#include <QLocalSocket>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace signet::proxy {

namespace {

// Reads this much at a time and stops reading a side while the other has this much unsent, so a
// 100 MB result flows through a bounded buffer at the pace of the slower side.
constexpr qint64 kChunk = 64 * 1024;
constexpr qint64 kHighWater = 512 * 1024;

QString describeSslErrors(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &error : errors)
        texts << error.errorString();
    texts.removeDuplicates();
    return texts.join(QStringLiteral("; "));
}

} // namespace

ProxySession::ProxySession(const ProxyContext &context, QIODevice *client, quint64 id, QString clientName,
                           QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_client(client)
    , m_id(id)
    , m_clientName(std::move(clientName))
    , m_since(QDateTime::currentDateTimeUtc())
{
    m_client->setParent(this);
    connect(m_client, &QIODevice::readyRead, this, &ProxySession::onClientReadyRead);
    connect(m_client, &QIODevice::bytesWritten, this, &ProxySession::pumpToClient);
    if (auto *tcp = qobject_cast<QAbstractSocket *>(m_client)) {
        tcp->setReadBufferSize(kHighWater);
        // Queries and replies are small: Nagle's delay would add to every round trip.
        tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(tcp, &QAbstractSocket::disconnected, this, &ProxySession::onClientClosed);
    } else if (auto *local = qobject_cast<QLocalSocket *>(m_client)) {
        local->setReadBufferSize(kHighWater);
        connect(local, &QLocalSocket::disconnected, this, &ProxySession::onClientClosed);
    }
    m_loginTimer.setSingleShot(true);
    connect(&m_loginTimer, &QTimer::timeout, this, [this] {
        fail(Failure::Protocol, makeError(QStringLiteral("proxy.login-timeout"),
                                          QStringLiteral("the login did not finish within %1 seconds")
                                              .arg(m_context.loginTimeoutMs / 1000)));
    });
    if (m_context.metrics) {
        ++m_context.metrics->connectionsOpen;
        ++m_context.metrics->connectionsTotal;
    }
}

ProxySession::~ProxySession()
{
    if (m_context.metrics && m_context.metrics->connectionsOpen > 0)
        --m_context.metrics->connectionsOpen;
}

void ProxySession::start(std::optional<Error> refusal)
{
    if (refusal) {
        if (m_context.metrics)
            ++m_context.metrics->connectionsRefused;
        m_loginCounted = true; // a refusal is not a login attempt
        log(ProxyLog::Level::Warning, QStringLiteral("refused %1: %2").arg(m_clientName, refusal->message));
        m_refusal = std::move(refusal);
    }
    m_loginTimer.start(m_refusal ? qMin(m_context.loginTimeoutMs, 5000) : m_context.loginTimeoutMs);
    beginLogin();
    if (m_client->bytesAvailable() > 0)
        onClientReadyRead();
}

void ProxySession::log(ProxyLog::Level level, const QString &message, QJsonObject fields) const
{
    if (!m_context.log)
        return;
    fields.insert(QStringLiteral("session"), qint64(m_id));
    fields.insert(QStringLiteral("client"), m_clientName);
    if (!m_user.isEmpty())
        fields.insert(QStringLiteral("user"), m_user);
    m_context.log->write(level, m_context.profile, QStringLiteral("#%1 %2").arg(m_id).arg(message), fields);
}

QByteArray ProxySession::readAvailable(QIODevice *device, qint64 max)
{
    const qint64 available = device->bytesAvailable();
    if (available <= 0)
        return {};
    return device->read(qMin(available, max));
}

QSslSocket *ProxySession::newUpstreamSocket(const ProxyContext &context, QObject *parent)
{
    auto *socket = new QSslSocket(parent);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(context.caCertificates);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    socket->setSslConfiguration(tls);
    socket->setPeerVerifyName(context.target.host);
    return socket;
}

QList<QSslError> ProxySession::blockingSslErrors(const ProxyContext &context, const QList<QSslError> &errors)
{
    // verify-ca: the chain must still be good; only the name may differ (through a tunnel).
    QList<QSslError> blocking;
    for (const QSslError &error : errors) {
        if (error.error() == QSslError::HostNameMismatch && !context.target.verifyHostName)
            continue;
        blocking << error;
    }
    return blocking;
}

void ProxySession::connectUpstream()
{
    if (m_upstream)
        return;
    m_upstream = newUpstreamSocket(m_context, this);
    m_upstream->setReadBufferSize(kHighWater);
    m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_upstream, &QSslSocket::connected, this, [this] {
        m_upstreamEverConnected = true;
        upstreamConnected();
    });
    connect(m_upstream, &QSslSocket::encrypted, this, [this] { upstreamEncrypted(); });
    connect(m_upstream, &QSslSocket::readyRead, this, &ProxySession::onUpstreamReadyRead);
    connect(m_upstream, &QSslSocket::sslErrors, this, &ProxySession::onSslErrors);
    connect(m_upstream, &QSslSocket::errorOccurred, this, &ProxySession::onUpstreamError);
    connect(m_upstream, &QSslSocket::disconnected, this, &ProxySession::onUpstreamClosed);
    connect(m_upstream, &QSslSocket::bytesWritten, this, &ProxySession::pumpToUpstream);
    connect(m_upstream, &QSslSocket::encryptedBytesWritten, this, &ProxySession::pumpToUpstream);
    // Buffered, although the TCP socket under the TLS layer then keeps a 32 KB write chunk for the
    // session's life (docs/proxy.md, memory): opened unbuffered, a database restart mid-session
    // went unnoticed and its client waited forever (integration_proxy, upstream restart).
    m_upstream->connectToHost(m_context.target.connectHost(), quint16(m_context.target.connectPort()));
}

void ProxySession::startUpstreamTls()
{
    m_upstream->startClientEncryption();
}

bool ProxySession::clientTlsAvailable() const
{
    return !m_context.localTls.isNull() && !m_clientTlsStarted && qobject_cast<QSslSocket *>(m_client);
}

void ProxySession::startClientTls()
{
    auto *tls = qobject_cast<QSslSocket *>(m_client);
    if (!tls || m_clientTlsStarted)
        return;
    m_clientTlsStarted = true;
    tls->setSslConfiguration(m_context.localTls);
    connect(tls, &QSslSocket::encrypted, this, [this, tls] {
        log(ProxyLog::Level::Info,
            QStringLiteral("TLS with the client (%1)").arg(tls->sessionCipher().protocolString()));
        clientEncrypted();
        if (m_state == State::Login && !m_failed && m_client->bytesAvailable() > 0)
            clientDataDuringLogin();
    });
    connect(tls, &QSslSocket::encryptedBytesWritten, this, &ProxySession::pumpToClient);
    connect(tls, &QSslSocket::errorOccurred, this, &ProxySession::onClientTlsError);
    tls->startServerEncryption();
}

void ProxySession::onClientTlsError()
{
    auto *tls = qobject_cast<QSslSocket *>(m_client);
    if (!tls || tls->isEncrypted() || m_failed || m_clientClosed)
        return;
    // The client refused the handshake (most often: it does not trust the local certificate) or
    // left during it. It cannot be told in its protocol: TLS was what failed. Its own message says
    // why; the log says what to give it.
    m_failed = true;
    m_loginTimer.stop();
    countLogin(false);
    log(ProxyLog::Level::Warning,
        QStringLiteral("the client's TLS handshake failed (%1); a client that verifies the proxy needs "
                       "its certificate as CA: %2")
            .arg(tls->errorString(), m_context.localTlsCertificatePath));
    tls->abort();
    m_clientClosed = true;
    closeBoth();
}

void ProxySession::onSslErrors(const QList<QSslError> &errors)
{
    const QList<QSslError> blocking = blockingSslErrors(m_context, errors);
    if (blocking.isEmpty()) {
        m_upstream->ignoreSslErrors(errors);
        return;
    }
    m_sslErrors = blocking;
}

void ProxySession::onUpstreamError()
{
    if (m_state != State::Login || m_failed)
        return;
    const QAbstractSocket::SocketError error = m_upstream->error();
    const QString where = m_context.target.hasVia()
                              ? QStringLiteral("%1:%2 (via %3:%4)")
                                    .arg(m_context.target.host)
                                    .arg(m_context.target.port)
                                    .arg(m_context.target.connectHost())
                                    .arg(m_context.target.connectPort())
                              : QStringLiteral("%1:%2").arg(m_context.target.host).arg(m_context.target.port);
    if (error == QAbstractSocket::SslHandshakeFailedError || !m_sslErrors.isEmpty()) {
        fail(Failure::Tls,
             makeError(
                 QStringLiteral("proxy.tls-refused"),
                 QStringLiteral("the database's TLS certificate was not accepted (%1), so Signet "
                                "did not send the token")
                     .arg(m_sslErrors.isEmpty() ? m_upstream->errorString() : describeSslErrors(m_sslErrors)),
                 QStringLiteral("Check the profile's CA bundle and that the endpoint is the name in "
                                "the database's certificate.")));
        return;
    }
    if (!m_upstreamEverConnected) {
        fail(Failure::Unreachable,
             makeError(
                 QStringLiteral("proxy.unreachable"),
                 QStringLiteral("cannot reach the database at %1: %2").arg(where, m_upstream->errorString()),
                 QStringLiteral("Check that the endpoint is reachable from here (VPN, security group, "
                                "tunnel); the profile's check shows which step fails.")));
        return;
    }
    if (error != QAbstractSocket::RemoteHostClosedError)
        fail(Failure::Upstream,
             makeError(QStringLiteral("proxy.upstream-error"),
                       QStringLiteral("the connection to the database at %1 failed during login: %2")
                           .arg(where, m_upstream->errorString())));
}

void ProxySession::writeToClient(const QByteArray &bytes)
{
    if (!m_clientClosed)
        m_client->write(bytes);
}

void ProxySession::writeToUpstream(const QByteArray &bytes)
{
    if (m_upstream && !m_upstreamClosed)
        m_upstream->write(bytes);
}

void ProxySession::requestToken(ProxyTokenCache::Callback done)
{
    m_context.tokens->request(m_user, this, std::move(done));
}

void ProxySession::countLogin(bool ok)
{
    if (m_loginCounted)
        return;
    m_loginCounted = true;
    if (m_context.metrics)
        ++(ok ? m_context.metrics->loginsOk : m_context.metrics->loginsFailed);
}

void ProxySession::startRelay(const QByteArray &fromClient, const QByteArray &fromUpstream)
{
    m_loginTimer.stop();
    m_state = State::Relaying;
    countLogin(true);
    log(ProxyLog::Level::Info,
        QStringLiteral("logged in to %1 as %2; relaying").arg(m_context.target.host, m_user));
    if (!fromUpstream.isEmpty())
        relayFromUpstream(fromUpstream);
    if (!fromClient.isEmpty())
        relayFromClient(fromClient);
    pumpToClient();
    pumpToUpstream();
}

void ProxySession::relayFromClient(const QByteArray &bytes)
{
    writeToUpstream(bytes);
}

void ProxySession::relayFromUpstream(const QByteArray &bytes)
{
    m_bytesToClient += quint64(bytes.size());
    if (m_context.metrics)
        m_context.metrics->bytesToClients += quint64(bytes.size());
    writeToClient(bytes);
}

qint64 ProxySession::clientPending() const
{
    const auto *tls = qobject_cast<const QSslSocket *>(m_client);
    return m_client->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

qint64 ProxySession::upstreamPending() const
{
    return m_upstream ? m_upstream->bytesToWrite() + m_upstream->encryptedBytesToWrite() : 0;
}

void ProxySession::setClientPaused(bool paused)
{
    m_clientPaused = paused;
    if (!paused)
        QMetaObject::invokeMethod(this, &ProxySession::pumpToUpstream, Qt::QueuedConnection);
}

void ProxySession::pumpToUpstream()
{
    if (m_state != State::Relaying || m_clientPaused || !m_upstream)
        return;
    while (m_client->bytesAvailable() > 0 && upstreamPending() < kHighWater && !m_clientPaused) {
        const QByteArray chunk = readAvailable(m_client, kChunk);
        if (chunk.isEmpty())
            break;
        m_bytesFromClient += quint64(chunk.size());
        if (m_context.metrics)
            m_context.metrics->bytesFromClients += quint64(chunk.size());
        relayFromClient(chunk);
    }
    if (m_clientClosed && m_client->bytesAvailable() == 0 &&
        m_upstream->state() == QAbstractSocket::ConnectedState)
        m_upstream->disconnectFromHost();
}

void ProxySession::pumpToClient()
{
    if (m_state != State::Relaying || !m_upstream)
        return;
    while (m_upstream->bytesAvailable() > 0 && clientPending() < kHighWater) {
        const QByteArray chunk = readAvailable(m_upstream, kChunk);
        if (chunk.isEmpty())
            break;
        relayFromUpstream(chunk);
    }
    if (m_upstreamClosed && m_upstream->bytesAvailable() == 0)
        closeBoth();
}

void ProxySession::onClientReadyRead()
{
    if (m_state == State::Relaying)
        pumpToUpstream();
    else if (m_state == State::Login && !m_failed)
        clientDataDuringLogin();
    else
        m_client->readAll(); // closing: nothing more goes anywhere
}

void ProxySession::onUpstreamReadyRead()
{
    if (m_state == State::Relaying)
        pumpToClient();
    else if (m_state == State::Login && !m_failed)
        upstreamDataDuringLogin();
    else
        m_upstream->readAll();
}

void ProxySession::onClientClosed()
{
    m_clientClosed = true;
    if (m_state == State::Relaying) {
        // What the client sent last (a Terminate, COM_QUIT) still goes upstream.
        pumpToUpstream();
        if (m_upstream && m_upstream->state() == QAbstractSocket::ConnectedState &&
            m_client->bytesAvailable() == 0)
            m_upstream->disconnectFromHost();
        else if (m_upstream && m_client->bytesAvailable() > 0)
            m_upstream->abort();
    } else if (m_upstream) {
        if (m_state == State::Login)
            log(ProxyLog::Level::Info, QStringLiteral("the client left during login"));
        m_upstream->abort();
        m_upstreamClosed = true;
    }
    m_state = State::Closing;
    maybeFinish();
}

void ProxySession::onUpstreamClosed()
{
    m_upstreamClosed = true;
    if (m_state == State::Login && !m_failed) {
        fail(Failure::Upstream, makeError(QStringLiteral("proxy.upstream-closed"),
                                          QStringLiteral("the database closed the connection during login")));
        return;
    }
    if (m_state == State::Relaying) {
        log(ProxyLog::Level::Info, QStringLiteral("the database closed the connection"));
        pumpToClient(); // closes once everything read reached the client
        return;
    }
    maybeFinish();
}

void ProxySession::fail(Failure failure, const Error &error)
{
    if (m_failed)
        return;
    m_failed = true;
    m_loginTimer.stop();
    if (failure != Failure::Refused && failure != Failure::Protocol)
        countLogin(false);
    if (failure != Failure::Refused)
        log(failure == Failure::Protocol ? ProxyLog::Level::Warning : ProxyLog::Level::Error,
            error.toString(), QJsonObject{{QStringLiteral("code"), error.code}});
    if (!m_clientClosed)
        writeClientError(failure, error);
    Q_EMIT failed(error);
    closeBoth();
}

void ProxySession::halfCloseClient(QAbstractSocket *tcp)
{
    // A client refused while it was still sending (an oversized packet, garbage): closing with its
    // bytes unread would make the kernel reset the connection, and the reset can drop the error
    // message before the client reads it. So: send the error, then only our half is closed; what
    // the client still sends is read and dropped (State::Closing) until it closes, or the closing
    // timer gives up on it.
    // Over TLS the error is written once it is encrypted and the encrypted bytes have gone.
    auto *tls = qobject_cast<QSslSocket *>(tcp);
    auto pending = [tcp, tls] { return tcp->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0); };
    auto shutdownWrite = [tcp, pending] {
        if (pending() == 0 && tcp->socketDescriptor() >= 0)
            ::shutdown(int(tcp->socketDescriptor()), SHUT_WR);
    };
    if (pending() == 0)
        return shutdownWrite();
    connect(tcp, &QAbstractSocket::bytesWritten, this, shutdownWrite);
    if (tls)
        connect(tls, &QSslSocket::encryptedBytesWritten, this, shutdownWrite);
}

void ProxySession::closeBoth()
{
    m_state = State::Closing;
    if (m_upstream && !m_upstreamClosed) {
        if (m_upstream->state() == QAbstractSocket::ConnectedState && !m_failed)
            m_upstream->disconnectFromHost();
        else {
            m_upstream->abort();
            m_upstreamClosed = true;
        }
    }
    if (!m_clientClosed) {
        if (auto *tcp = qobject_cast<QAbstractSocket *>(m_client)) {
            if (tcp->state() == QAbstractSocket::UnconnectedState)
                m_clientClosed = true;
            else if (m_failed)
                halfCloseClient(tcp);
            else
                tcp->disconnectFromHost();
        } else if (auto *local = qobject_cast<QLocalSocket *>(m_client)) {
            if (local->state() == QLocalSocket::UnconnectedState)
                m_clientClosed = true;
            else
                local->disconnectFromServer();
        }
    }
    // A peer that never reads must not keep the session forever.
    QTimer::singleShot(10000, this, [this] {
        if (m_finished)
            return;
        if (m_upstream)
            m_upstream->abort();
        if (auto *tcp = qobject_cast<QAbstractSocket *>(m_client))
            tcp->abort();
        else if (auto *local = qobject_cast<QLocalSocket *>(m_client))
            local->abort();
        m_clientClosed = m_upstreamClosed = true;
        maybeFinish();
    });
    maybeFinish();
}

void ProxySession::maybeFinish()
{
    if (m_finished || !m_clientClosed)
        return;
    if (m_upstream && !m_upstreamClosed && m_upstream->state() != QAbstractSocket::UnconnectedState)
        return;
    m_finished = true;
    log(ProxyLog::Level::Info,
        QStringLiteral("closed after %1 s (%2 bytes from the client, %3 to it)")
            .arg(m_since.secsTo(QDateTime::currentDateTimeUtc()))
            .arg(m_bytesFromClient)
            .arg(m_bytesToClient),
        QJsonObject{{QStringLiteral("bytes_from_client"), qint64(m_bytesFromClient)},
                    {QStringLiteral("bytes_to_client"), qint64(m_bytesToClient)}});
    Q_EMIT finished(m_id);
    deleteLater();
}

} // namespace signet::proxy
