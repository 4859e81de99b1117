// SPDX-License-Identifier: GPL-3.0-or-later
// WireTlsSession: a TCP connection that speaks the engine's pre-TLS bytes, then the TLS handshake.
#pragma once

#include "probe/ProbeTarget.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>

class QSslSocket;

namespace signet::probe {

struct ConnectOutcome final
{
    enum class Kind
    {
        Connected,
        Refused,
        TimedOut,
        Unreachable,
        Other
    };
    Kind kind = Kind::Other;
    QHostAddress address; // the address connected to, or the last one tried
    QString detail;
};

struct TlsOutcome final
{
    enum class Kind
    {
        Encrypted,           // handshake done, certificate accepted
        CertificateRejected, // the server speaks TLS but its certificate failed verification
        NoTlsOffered,        // MySQL without the SSL capability, PostgreSQL answering 'N'
        ServerError,         // the server sent an error instead of a greeting (MySQL error packet)
        NotTheEngine,        // bytes that are not this engine's protocol
        TimedOut,
        HandshakeFailed,
        Closed,
    };
    Kind kind = Kind::HandshakeFailed;
    QString detail;
    QString serverVersion; // MySQL greeting's version string
    int serverErrorCode = 0;
    QList<QSslError> errors;
    QList<QSslCertificate> peerChain;
    QString protocol; // "TLSv1.3"
    QString cipher;
};

class WireTlsSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WireTlsSession)

public:
    explicit WireTlsSession(Engine engine, QObject *parent = nullptr);
    ~WireTlsSession() override;

    // Tries the addresses in order until one accepts, all within `timeoutMs`.
    void connectTo(const QList<QHostAddress> &addresses, quint16 port, int timeoutMs);
    // After connectFinished(Connected): pre-TLS exchange and handshake, verified against
    // `caCertificates` only (not the system store) and the name `peerName`.
    void negotiate(const QList<QSslCertificate> &caCertificates, const QString &peerName, int timeoutMs);
    void abort();

signals:
    void connectFinished(const signet::probe::ConnectOutcome &outcome);
    void negotiationFinished(const signet::probe::TlsOutcome &outcome);

private:
    enum class Phase
    {
        Idle,
        Connecting,
        Greeting,
        SslReply,
        Handshake,
        Done
    };

    void tryNextAddress();
    void onConnected();
    void onSocketError();
    void onReadyRead();
    void startHandshake();
    void finishConnect(ConnectOutcome outcome);
    void finishTls(TlsOutcome outcome);

    Engine m_engine;
    QSslSocket *m_socket = nullptr;
    QTimer m_timer;
    Phase m_phase = Phase::Idle;
    QList<QHostAddress> m_addresses;
    quint16 m_port = 0;
    QByteArray m_buffer;
    QList<QSslCertificate> m_caCertificates;
    QString m_peerName;
    QList<QSslError> m_sslErrors;
    QList<QSslCertificate> m_peerChain;
    QString m_serverVersion;
    ConnectOutcome::Kind m_lastConnectKind = ConnectOutcome::Kind::Other;
    QString m_lastConnectDetail;
};

} // namespace signet::probe
