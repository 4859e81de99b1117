// WireTlsSession: MySQL greeting + SSLRequest, PostgreSQL SSLRequest + 'S'/'N', then QSslSocket's
// startClientEncryption on the same socket. Certificate errors are recorded, never ignored.
#include "probe/WireTlsSession.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QtEndian>

namespace signet::probe {

namespace {

constexpr quint32 kClientLongPassword = 0x1;
constexpr quint32 kClientLongFlag = 0x4;
constexpr quint32 kClientProtocol41 = 0x200;
constexpr quint32 kClientSsl = 0x800;
constexpr quint32 kClientTransactions = 0x2000;
constexpr quint32 kClientSecureConnection = 0x8000;
constexpr quint32 kClientPluginAuth = 0x80000;
constexpr quint32 kPostgresSslRequestCode = 80877103;

QByteArray mySqlSslRequest()
{
    QByteArray payload(32, '\0');
    const quint32 flags = kClientLongPassword | kClientLongFlag | kClientProtocol41 | kClientSsl |
                          kClientTransactions | kClientSecureConnection | kClientPluginAuth;
    qToLittleEndian<quint32>(flags, payload.data());
    qToLittleEndian<quint32>(16 * 1024 * 1024, payload.data() + 4);
    payload[8] = char(45); // utf8mb4_general_ci
    QByteArray packet(4, '\0');
    packet[0] = char(payload.size());
    packet[3] = char(1); // sequence id: the greeting was 0
    return packet + payload;
}

QByteArray postgresSslRequest()
{
    QByteArray packet(8, '\0');
    qToBigEndian<quint32>(8, packet.data());
    qToBigEndian<quint32>(kPostgresSslRequestCode, packet.data() + 4);
    return packet;
}

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

WireTlsSession::WireTlsSession(ProbeTarget::Engine engine, QObject *parent)
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
    if (m_engine == ProbeTarget::Engine::MySql) {
        m_phase = Phase::Greeting;
        onReadyRead(); // the greeting may already be buffered
    } else {
        m_phase = Phase::SslReply;
        m_socket->write(postgresSslRequest());
    }
}

void WireTlsSession::onReadyRead()
{
    if (m_phase == Phase::Greeting) {
        m_buffer += m_socket->readAll();
        if (m_buffer.size() < 4)
            return;
        const quint32 length = quint32(quint8(m_buffer[0])) | quint32(quint8(m_buffer[1])) << 8 |
                               quint32(quint8(m_buffer[2])) << 16;
        if (length == 0 || length > 64 * 1024) {
            finishTls(TlsOutcome{TlsOutcome::Kind::NotTheEngine,
                                 QStringLiteral("the first bytes are not a MySQL greeting packet"),
                                 {},
                                 0,
                                 {},
                                 {},
                                 {},
                                 {}});
            return;
        }
        if (quint32(m_buffer.size()) < 4 + length)
            return;
        onMySqlGreeting(m_buffer.mid(4, length));
    } else if (m_phase == Phase::SslReply) {
        const QByteArray reply = m_socket->read(1);
        if (reply.isEmpty())
            return;
        if (reply == "S") {
            startHandshake();
        } else if (reply == "N") {
            finishTls(TlsOutcome{TlsOutcome::Kind::NoTlsOffered,
                                 QStringLiteral("the server answered 'N' to the SSL request"),
                                 {},
                                 0,
                                 {},
                                 {},
                                 {},
                                 {}});
        } else {
            finishTls(TlsOutcome{
                TlsOutcome::Kind::NotTheEngine,
                QStringLiteral("the server answered the SSL request with byte 0x%1, not 'S' or 'N'")
                    .arg(quint8(reply[0]), 2, 16, QLatin1Char('0')),
                {},
                0,
                {},
                {},
                {},
                {}});
        }
    }
}

void WireTlsSession::onMySqlGreeting(const QByteArray &payload)
{
    const quint8 protocol = quint8(payload[0]);
    if (protocol == 0xFF && payload.size() >= 3) {
        // An error packet instead of a greeting: too many connections, host blocked, …
        TlsOutcome outcome{TlsOutcome::Kind::ServerError, {}, {}, 0, {}, {}, {}, {}};
        outcome.serverErrorCode = qFromLittleEndian<quint16>(payload.constData() + 1);
        QByteArray message = payload.mid(3);
        if (message.startsWith('#'))
            message = message.mid(6);
        outcome.detail = QStringLiteral("server error %1: %2")
                             .arg(outcome.serverErrorCode)
                             .arg(QString::fromUtf8(message));
        finishTls(outcome);
        return;
    }
    const qsizetype versionEnd = payload.indexOf('\0', 1);
    // version NUL, 4 thread id, 8 scramble, 1 filler, 2 capability flags
    if (protocol != 10 || versionEnd < 0 || payload.size() < versionEnd + 1 + 4 + 8 + 1 + 2) {
        finishTls(
            TlsOutcome{TlsOutcome::Kind::NotTheEngine,
                       QStringLiteral("the greeting is not MySQL protocol 10 (first byte %1)").arg(protocol),
                       {},
                       0,
                       {},
                       {},
                       {},
                       {}});
        return;
    }
    m_serverVersion = QString::fromUtf8(payload.mid(1, versionEnd - 1));
    const quint16 capabilities = qFromLittleEndian<quint16>(payload.constData() + versionEnd + 1 + 4 + 8 + 1);
    if (!(capabilities & kClientSsl)) {
        TlsOutcome outcome{
            TlsOutcome::Kind::NoTlsOffered,
            QStringLiteral("the server greeting (%1) does not offer the SSL capability").arg(m_serverVersion),
            m_serverVersion,
            0,
            {},
            {},
            {},
            {}};
        finishTls(outcome);
        return;
    }
    m_socket->write(mySqlSslRequest());
    startHandshake();
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
