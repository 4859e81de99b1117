// SPDX-License-Identifier: GPL-3.0-or-later
// WireTlsSession: MySQL greeting + SSLRequest, PostgreSQL SSLRequest + 'S'/'N', then QSslSocket's
// startClientEncryption on the same socket. Certificate errors are recorded, never ignored.
#include "probe/WireTlsSession.h"

#include "probe/PreTlsReply.h"
#include "wire/MySqlMessages.h"
#include "wire/PgMessages.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

namespace signet::probe {

namespace {

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLSv1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLSv1.3");
    default:
        return QStringLiteral("TLS");
    }
}

} // namespace

WireTlsSession::WireTlsSession(Engine engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_socket(new QSslSocket(this))
{
    m_timer.setSingleShot(true);
    connect(m_socket, &QSslSocket::connected, this, &WireTlsSession::onConnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, &WireTlsSession::onSocketError);
    connect(m_socket, &QSslSocket::readyRead, this, &WireTlsSession::onReadyRead);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        // Kept for the certificate verdict; not calling ignoreSslErrors() makes Qt abort the handshake.
        m_sslErrors = errors;
        m_peerChain = m_socket->peerCertificateChain();
    });
    connect(m_socket, &QSslSocket::encrypted, this, [this]() {
        TlsOutcome outcome;
        outcome.kind = TlsOutcome::Kind::Encrypted;
        outcome.peerChain = m_socket->peerCertificateChain();
        outcome.protocol = protocolName(m_socket->sessionProtocol());
        outcome.cipher = m_socket->sessionCipher().name();
        outcome.serverVersion = m_serverVersion;
        finishTls(outcome);
    });
    connect(&m_timer, &QTimer::timeout, this, [this]() {
        if (m_phase == Phase::Connecting) {
            m_lastConnectKind = ConnectOutcome::Kind::TimedOut;
            m_lastConnectDetail = QStringLiteral("no answer from %1 port %2 within the time limit")
                                      .arg(m_addresses.isEmpty() ? QString() : m_addresses.first().toString())
                                      .arg(m_port);
            m_socket->abort();
            finishConnect(
                ConnectOutcome{ConnectOutcome::Kind::TimedOut, m_addresses.value(0), m_lastConnectDetail});
            return;
        }
        TlsOutcome outcome;
        outcome.kind = TlsOutcome::Kind::TimedOut;
        outcome.serverVersion = m_serverVersion;
        outcome.detail = m_phase == Phase::Handshake
                             ? QStringLiteral("the TLS handshake did not complete in time")
                         : m_phase == Phase::Greeting
                             ? QStringLiteral("the server accepted the connection but sent no greeting")
                             : QStringLiteral("the server did not answer the SSL request");
        m_socket->abort();
        finishTls(outcome);
    });
}

WireTlsSession::~WireTlsSession()
{
    m_phase = Phase::Done;
    m_socket->abort();
}

void WireTlsSession::abort()
{
    m_phase = Phase::Done;
    m_timer.stop();
    m_socket->abort();
}

void WireTlsSession::connectTo(const QList<QHostAddress> &addresses, quint16 port, int timeoutMs)
{
    m_addresses = addresses;
    m_port = port;
    m_phase = Phase::Connecting;
    m_timer.start(timeoutMs);
    tryNextAddress();
}

void WireTlsSession::tryNextAddress()
{
    if (m_addresses.isEmpty()) {
        finishConnect(ConnectOutcome{m_lastConnectKind, {}, m_lastConnectDetail});
        return;
    }
    m_socket->connectToHost(m_addresses.first(), m_port);
}

void WireTlsSession::onConnected()
{
    if (m_phase != Phase::Connecting)
        return;
    finishConnect(ConnectOutcome{ConnectOutcome::Kind::Connected, m_socket->peerAddress(), {}});
}

void WireTlsSession::finishConnect(ConnectOutcome outcome)
{
    m_timer.stop();
    m_phase = outcome.kind == ConnectOutcome::Kind::Connected ? Phase::Idle : Phase::Done;
    emit connectFinished(outcome);
}

void WireTlsSession::onSocketError()
{
    const QAbstractSocket::SocketError error = m_socket->error();
    if (m_phase == Phase::Connecting) {
        const QHostAddress failed = m_addresses.takeFirst();
        m_lastConnectKind = error == QAbstractSocket::ConnectionRefusedError ? ConnectOutcome::Kind::Refused
                            : error == QAbstractSocket::NetworkError ? ConnectOutcome::Kind::Unreachable
                                                                     : ConnectOutcome::Kind::Other;
        m_lastConnectDetail =
            QStringLiteral("%1 port %2: %3").arg(failed.toString()).arg(m_port).arg(m_socket->errorString());
        m_socket->abort();
        if (m_addresses.isEmpty()) {
            finishConnect(ConnectOutcome{m_lastConnectKind, failed, m_lastConnectDetail});
            return;
        }
        tryNextAddress();
        return;
    }
    if (m_phase == Phase::Done || m_phase == Phase::Idle)
        return;
    TlsOutcome outcome;
    outcome.serverVersion = m_serverVersion;
    outcome.detail = m_socket->errorString();
    if (!m_sslErrors.isEmpty()) {
        outcome.kind = TlsOutcome::Kind::CertificateRejected;
        outcome.errors = m_sslErrors;
        outcome.peerChain = m_peerChain;
    } else if (error == QAbstractSocket::RemoteHostClosedError) {
        outcome.kind = TlsOutcome::Kind::Closed;
        outcome.detail = m_phase == Phase::Handshake
                             ? QStringLiteral("the server closed the connection during the TLS handshake")
                             : QStringLiteral("the server closed the connection before TLS started");
    } else {
        outcome.kind = TlsOutcome::Kind::HandshakeFailed;
    }
    finishTls(outcome);
}

void WireTlsSession::negotiate(const QList<QSslCertificate> &caCertificates, const QString &peerName,
                               int timeoutMs)
{
    m_caCertificates = caCertificates;
    m_peerName = peerName;
    m_timer.start(timeoutMs);
    if (tlsNegotiation(m_engine) == TlsNegotiation::MySqlSslRequest) {
        m_phase = Phase::Greeting;
        onReadyRead(); // the greeting may already be buffered
    } else {
        m_phase = Phase::SslReply;
        m_socket->write(wire::pg::encodeSslRequest());
    }
}

void WireTlsSession::onReadyRead()
{
    const bool greeting = m_phase == Phase::Greeting;
    PreTlsReply reply;
    if (greeting) {
        m_buffer += m_socket->readAll();
        reply = readMySqlGreeting(m_buffer);
    } else if (m_phase == Phase::SslReply) {
        reply = readPostgresSslReply(m_socket->read(1));
    } else {
        return;
    }
    switch (reply.kind) {
    case PreTlsReply::Kind::NeedMore:
        return;
    case PreTlsReply::Kind::Finished:
        finishTls(reply.outcome);
        return;
    case PreTlsReply::Kind::StartTls:
        if (greeting) {
            m_serverVersion = reply.serverVersion;
            m_socket->write(wire::mysql::sslRequestPacket());
        }
        startHandshake();
        return;
    }
}

void WireTlsSession::startHandshake()
{
    m_phase = Phase::Handshake;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(m_caCertificates);
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    m_socket->setSslConfiguration(configuration);
    m_socket->setPeerVerifyName(m_peerName);
    m_socket->startClientEncryption();
}

void WireTlsSession::finishTls(TlsOutcome outcome)
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_timer.stop();
    m_socket->abort();
    emit negotiationFinished(outcome);
}

} // namespace signet::probe
