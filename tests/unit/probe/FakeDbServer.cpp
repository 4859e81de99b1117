// SPDX-License-Identifier: GPL-3.0-or-later
// FakeDbServer: MySQL greeting / error packets and PostgreSQL SSLRequest answers, then optional TLS.
#include "FakeDbServer.h"

#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>
#include <QtEndian>

#include <memory>

#include <sys/socket.h>
#include <unistd.h>

namespace signet::test {

namespace {

QByteArray packet(const QByteArray &payload, quint8 sequence)
{
    QByteArray header(4, '\0');
    header[0] = char(payload.size() & 0xFF);
    header[1] = char((payload.size() >> 8) & 0xFF);
    header[2] = char((payload.size() >> 16) & 0xFF);
    header[3] = char(sequence);
    return header + payload;
}

QByteArray greeting(bool ssl)
{
    QByteArray payload;
    payload += char(10);
    payload += QByteArray("8.0.36-fake") + '\0';
    payload += QByteArray(4, '\x01');         // connection id
    payload += QByteArray("abcdefgh");        // scramble part 1
    payload += '\0';                          // filler
    quint16 lower = 0x0200 | 0x8000 | 0x0001; // PROTOCOL_41 | SECURE_CONNECTION | LONG_PASSWORD
    if (ssl)
        lower |= 0x0800;
    payload += char(lower & 0xFF);
    payload += char(lower >> 8);
    payload += char(45);                  // charset
    payload += QByteArray("\x02\x00", 2); // status
    payload += QByteArray("\x08\x00", 2); // upper capabilities: PLUGIN_AUTH
    payload += char(21);
    payload += QByteArray(10, '\0');
    payload += QByteArray("ijklmnopqrst") + '\0';
    payload += QByteArray("mysql_native_password") + '\0';
    return packet(payload, 0);
}

} // namespace

FakeDbServer::FakeDbServer(Mode mode, std::optional<TestCertificate> certificate, QObject *parent)
    : QTcpServer(parent)
    , m_mode(mode)
    , m_certificate(std::move(certificate))
{}

quint16 FakeDbServer::start()
{
    listen(QHostAddress::LocalHost, 0);
    return serverPort();
}

void FakeDbServer::incomingConnection(qintptr descriptor)
{
    if (m_mode == Mode::MySqlTls || m_mode == Mode::PostgresTls || m_mode == Mode::PostgresRefusesTls) {
        // The pre-TLS bytes are read straight from the kernel: a QIODevice would read ahead and
        // swallow the ClientHello that follows the SSLRequest, which then never reaches TLS.
        const int fd = int(descriptor);
        const bool mysql = m_mode == Mode::MySqlTls;
        if (mysql) {
            const QByteArray hello = greeting(true);
            ::send(fd, hello.constData(), size_t(hello.size()), MSG_NOSIGNAL);
        }
        auto *notifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
        connect(notifier, &QSocketNotifier::activated, this, [this, notifier, fd, mysql]() {
            notifier->setEnabled(false);
            notifier->deleteLater();
            char request[36];
            const ssize_t wanted = mysql ? 36 : 8;
            if (::recv(fd, request, size_t(wanted), MSG_WAITALL) != wanted ||
                (!mysql && qFromBigEndian<quint32>(request + 4) != 80877103)) {
                ::close(fd);
                return;
            }
            if (m_mode == Mode::PostgresRefusesTls) {
                ::send(fd, "N", 1, MSG_NOSIGNAL);
                auto *plain = new QTcpSocket(this);
                plain->setSocketDescriptor(fd);
                connect(plain, &QTcpSocket::disconnected, plain, &QObject::deleteLater);
                return;
            }
            if (!mysql)
                ::send(fd, "S", 1, MSG_NOSIGNAL);
            auto *socket = new QSslSocket(this);
            socket->setSocketDescriptor(fd);
            connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
            socket->setLocalCertificate(m_certificate->certificate());
            socket->setPrivateKey(m_certificate->key());
            socket->startServerEncryption();
        });
        return;
    }
    auto *socket = new QTcpSocket(this);
    socket->setSocketDescriptor(descriptor);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    switch (m_mode) {
    case Mode::MySqlWithoutSsl:
        socket->write(greeting(false));
        return;
    case Mode::MySqlTooMany: {
        QByteArray payload("\xFF", 1);
        payload += char(1040 & 0xFF);
        payload += char(1040 >> 8);
        payload += QByteArray("#08004Too many connections");
        socket->write(packet(payload, 0));
        socket->disconnectFromHost();
        return;
    }
    default: // Silent: accept and say nothing
        return;
    }
}

} // namespace signet::test
