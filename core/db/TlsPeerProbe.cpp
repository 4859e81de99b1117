// SPDX-License-Identifier: GPL-3.0-or-later
// TlsPeerProbe: MySQL SSLRequest + TLS handshake with QSslSocket, verifying chain and endpoint name.
#include "db/TlsPeerProbe.h"

#include "probe/PreTlsReply.h"
#include "wire/MySqlMessages.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>

namespace signet::db {

namespace {

Error tlsError(const QString &message)
{
    return makeError(
        QStringLiteral("db.tls"), message,
        QStringLiteral("The token was not sent: the server must offer TLS with a certificate for "
                       "the endpoint name signed by the CA bundle."));
}

} // namespace

Result<QByteArray> probeMySqlPeerCertificate(const QString &connectHost, int connectPort,
                                             const QString &verifyName, const QString &caFile, int timeoutMs)
{
    const QList<QSslCertificate> anchors = QSslCertificate::fromPath(caFile, QSsl::Pem);
    if (anchors.isEmpty())
        return tlsError(QStringLiteral("no certificate could be read from %1").arg(caFile));
    QElapsedTimer timer;
    timer.start();
    auto left = [&] { return int(qMax<qint64>(1, timeoutMs - timer.elapsed())); };

    QSslSocket socket;
    socket.connectToHost(connectHost, quint16(connectPort));
    if (!socket.waitForConnected(left()))
        return makeError(QStringLiteral("db.connect"),
                         QStringLiteral("cannot reach %1:%2: %3")
                             .arg(connectHost)
                             .arg(connectPort)
                             .arg(socket.errorString()),
                         QStringLiteral("Check the \"connect via\" address and that the tunnel is up."));
    QByteArray greeting;
    probe::PreTlsReply reply;
    while ((reply = probe::readMySqlGreeting(greeting)).kind == probe::PreTlsReply::Kind::NeedMore) {
        if (!socket.waitForReadyRead(left()))
            return tlsError(QStringLiteral("%1:%2 sent no MySQL greeting").arg(connectHost).arg(connectPort));
        greeting += socket.readAll();
    }
    if (reply.kind == probe::PreTlsReply::Kind::Finished)
        return tlsError(
            QStringLiteral("%1:%2: %3").arg(connectHost).arg(connectPort).arg(reply.outcome.detail));
    socket.write(wire::mysql::sslRequestPacket());

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(anchors);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    socket.setSslConfiguration(config);
    if (verifyName.isEmpty()) {
        // verify-ca: the chain must hold; only the name check is dropped.
        QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&socket](const QList<QSslError> &errors) {
            const bool onlyName = std::all_of(errors.cbegin(), errors.cend(), [](const QSslError &error) {
                return error.error() == QSslError::HostNameMismatch;
            });
            if (onlyName)
                socket.ignoreSslErrors();
        });
    } else {
        socket.setPeerVerifyName(verifyName);
    }
    socket.startClientEncryption();
    if (!socket.waitForEncrypted(left())) {
        QStringList reasons;
        for (const QSslError &error : socket.sslHandshakeErrors())
            reasons << error.errorString();
        if (reasons.isEmpty())
            reasons << socket.errorString();
        return tlsError(QStringLiteral("the certificate of %1 (via %2:%3) was refused: %4")
                            .arg(verifyName.isEmpty() ? connectHost : verifyName, connectHost)
                            .arg(connectPort)
                            .arg(reasons.join(QStringLiteral("; "))));
    }
    const QByteArray fingerprint = socket.peerCertificate().digest(QCryptographicHash::Sha1).toHex();
    socket.abort();
    return fingerprint;
}

} // namespace signet::db
