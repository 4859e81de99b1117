// SPDX-License-Identifier: GPL-3.0-or-later
// TlsPeerProbe: MySQL SSLRequest + TLS handshake with QSslSocket, verifying chain and endpoint name.
#include "db/TlsPeerProbe.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QtEndian>

#include <algorithm>

namespace signet::db {

namespace {

constexpr quint32 ClientLongPassword = 0x1;
constexpr quint32 ClientProtocol41 = 0x200;
constexpr quint32 ClientSsl = 0x800;
constexpr quint32 ClientSecureConnection = 0x8000;
constexpr quint32 ClientPluginAuth = 0x80000;

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
    while (greeting.size() < 4 ||
           greeting.size() < 4 + qsizetype(qFromLittleEndian<quint32>(greeting.constData()) & 0xffffff)) {
        if (!socket.waitForReadyRead(left()))
            return tlsError(QStringLiteral("%1:%2 sent no MySQL greeting").arg(connectHost).arg(connectPort));
        greeting += socket.readAll();
    }
    // HandshakeV10: protocol(1) version(NUL) thread(4) scramble(8) filler(1) capabilities(2).
    const qsizetype versionEnd = greeting.indexOf('\0', 5);
    if (greeting.at(4) != 10 || versionEnd < 0 || greeting.size() < versionEnd + 16)
        return tlsError(
            QStringLiteral("%1:%2 does not speak the MySQL protocol").arg(connectHost).arg(connectPort));
    const quint16 capabilities = qFromLittleEndian<quint16>(greeting.constData() + versionEnd + 14);
    if (!(capabilities & ClientSsl))
        return tlsError(
            QStringLiteral("the server at %1:%2 does not offer TLS").arg(connectHost).arg(connectPort));

    QByteArray request(4 + 32, '\0');
    request[0] = 32;
    request[3] = 1; // sequence id
    qToLittleEndian<quint32>(ClientLongPassword | ClientProtocol41 | ClientSsl | ClientSecureConnection |
                                 ClientPluginAuth,
                             request.data() + 4);
    qToLittleEndian<quint32>(16 * 1024 * 1024, request.data() + 8);
    request[12] = 45; // utf8mb4
    socket.write(request);

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
