// SPDX-License-Identifier: GPL-3.0-or-later
// ProxySession: the upstream TLS connection, back-pressured relaying and closing, shared by both
// protocols.
#include "proxy/ProxySession.h"

#include <sys/socket.h>

#include <cerrno>

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

UpstreamTls *ProxySession::newUpstream(const ProxyContext &context, QObject *parent)
{
    auto *upstream =
        new UpstreamTls(context.upstreamTls, context.target.host, context.target.verifyHostName, parent);
    upstream->setReadBufferSize(kHighWater);
    return upstream;
}

QString ProxySession::upstreamWhere(const ProxyContext &context)
{
    const db::DbTarget &target = context.target;
    return target.hasVia() ? QStringLiteral("%1:%2 (via %3:%4)")
                                 .arg(target.host)
                                 .arg(target.port)
                                 .arg(target.connectHost())
                                 .arg(target.connectPort())
                           : QStringLiteral("%1:%2").arg(target.host).arg(target.port);
}

void ProxySession::connectUpstream()
{
    if (m_upstream)
        return;
    m_upstream = newUpstream(m_context, this);
    connect(m_upstream, &UpstreamTls::connected, this, [this] {
        m_upstreamEverConnected = true;
        upstreamConnected();
    });
    connect(m_upstream, &UpstreamTls::encrypted, this, [this] { upstreamEncrypted(); });
    connect(m_upstream, &UpstreamTls::readyRead, this, &ProxySession::onUpstreamReadyRead);
    connect(m_upstream, &UpstreamTls::errorOccurred, this, &ProxySession::onUpstreamError);
    connect(m_upstream, &UpstreamTls::disconnected, this, &ProxySession::onUpstreamClosed);
    connect(m_upstream, &UpstreamTls::bytesWritten, this, &ProxySession::pumpToUpstream);
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

void ProxySession::onUpstreamError(UpstreamTls::Failure failure)
{
    if (m_state != State::Login || m_failed)
        return;
    const QString where = upstreamWhere(m_context);
    if (failure == UpstreamTls::Failure::Handshake) {
        const QString verification = m_upstream->verificationError();
        fail(
            Failure::Tls,
            verification.isEmpty()
                ? makeError(QStringLiteral("proxy.tls-failed"),
                            QStringLiteral("the TLS handshake with the database at %1 failed (%2), so Signet "
                                           "did not send the token")
                                .arg(where, m_upstream->errorString()),
                            QStringLiteral("Check that the endpoint is a database that offers TLS 1.2 or "
                                           "later."))
                : makeError(
                      QStringLiteral("proxy.tls-refused"),
                      QStringLiteral("the database's TLS certificate was not accepted (%1), so Signet "
                                     "did not send the token")
                          .arg(verification),
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
    if (failure != UpstreamTls::Failure::RemoteClosed)
        fail(Failure::Upstream,
             makeError(QStringLiteral("proxy.upstream-error"),
                       QStringLiteral("the connection to the database at %1 failed during login: %2")
                           .arg(where, m_upstream->errorString())));
}

void ProxySession::writeToClient(const QByteArray &bytes)
{
    if (m_clientClosed || bytes.isEmpty())
        return;
    // A QAbstractSocket keeps its 32 KB write chunk for its whole life once it buffered anything
    // (docs/proxy.md, Memory). While nothing is queued in it the bytes can go to the kernel
    // directly, in order; only what the kernel does not take is queued. Not over local TLS: those
    // bytes must be encrypted by the socket.
    qintptr descriptor = -1;
    if (auto *tcp = qobject_cast<QAbstractSocket *>(m_client)) {
        const auto *tls = qobject_cast<const QSslSocket *>(tcp);
        if (tcp->state() == QAbstractSocket::ConnectedState &&
            (!tls || tls->mode() == QSslSocket::UnencryptedMode))
            descriptor = tcp->socketDescriptor();
    } else if (auto *local = qobject_cast<QLocalSocket *>(m_client)) {
        if (local->state() == QLocalSocket::ConnectedState)
            descriptor = local->socketDescriptor();
    }
    qsizetype sent = 0;
    if (descriptor >= 0 && m_client->bytesToWrite() == 0) {
        while (sent < bytes.size()) {
            const ssize_t result = ::send(int(descriptor), bytes.constData() + sent,
                                          size_t(bytes.size() - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (result > 0)
                sent += qsizetype(result);
            else if (result < 0 && errno == EINTR)
                continue;
            else
                break; // full (the rest is queued) or failed (the socket notices and says so)
        }
    }
    if (sent == 0)
        m_client->write(bytes);
    else if (sent < bytes.size())
        m_client->write(bytes.constData() + sent, bytes.size() - sent);
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

bool ProxySession::requireUser()
{
    if (!m_user.isEmpty())
        return true;
    fail(Failure::Protocol,
         makeError(QStringLiteral("proxy.no-user"),
                   QStringLiteral("the client named no database user and the profile has none"),
                   QStringLiteral("Pass a user name in the client's connection settings.")));
    return false;
}

void ProxySession::requestLoginToken(std::function<void(const token::AuthToken &)> signedToken)
{
    requestToken([this, signedToken = std::move(signedToken)](const Result<token::AuthToken> &token) {
        if (!token) {
            fail(Failure::Credentials, signingFailed(token.error()));
            return;
        }
        signedToken(*token);
    });
}

Error ProxySession::signingFailed(const Error &signer) const
{
    return makeError(
        signer.code,
        QStringLiteral("Signet could not sign an IAM token for %1: %2").arg(m_user, signer.message),
        signer.hint, signer.fix);
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
    return m_upstream ? m_upstream->bytesToWrite() : 0;
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
        m_upstream->state() == UpstreamTls::State::Connected)
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
        m_upstream->read();
}

void ProxySession::onClientClosed()
{
    m_clientClosed = true;
    if (m_state == State::Relaying) {
        // What the client sent last (a Terminate, COM_QUIT) still goes upstream.
        pumpToUpstream();
        if (m_upstream && m_upstream->state() == UpstreamTls::State::Connected &&
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
            error.toString(m_context.frontEnd), QJsonObject{{QStringLiteral("code"), error.code}});
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
        if (m_upstream->state() == UpstreamTls::State::Connected && !m_failed)
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
    if (m_upstream && !m_upstreamClosed && m_upstream->state() != UpstreamTls::State::Unconnected)
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
