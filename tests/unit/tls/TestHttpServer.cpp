// SPDX-License-Identifier: GPL-3.0-or-later
// TestHttpServer: one request per connection, answered by the test's handler, then closed.
#include "TestHttpServer.h"

#include <QSslSocket>
#include <QTimer>

#include <memory>

namespace signet::test {

TestHttpServer::TestHttpServer(std::optional<TestCertificate> certificate, QObject *parent)
    : QTcpServer(parent)
    , m_certificate(std::move(certificate))
{}

quint16 TestHttpServer::start()
{
    listen(QHostAddress::LocalHost, 0);
    return serverPort();
}

QString TestHttpServer::baseUrl() const
{
    return QStringLiteral("%1://127.0.0.1:%2")
        .arg(m_certificate ? QStringLiteral("https") : QStringLiteral("http"))
        .arg(serverPort());
}

QByteArray TestHttpServer::response(int status, const QByteArray &body,
                                    const QList<QPair<QByteArray, QByteArray>> &headers, qint64 contentLength)
{
    QByteArray text = "HTTP/1.1 " + QByteArray::number(status) + " Test\r\nConnection: close\r\n";
    for (const auto &header : headers)
        text += header.first + ": " + header.second + "\r\n";
    if (contentLength == -2)
        contentLength = body.size();
    if (contentLength >= 0)
        text += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    return text + "\r\n" + body;
}

void TestHttpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    socket->setSocketDescriptor(descriptor);
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QSslSocket::readyRead, this, [this, socket, buffer]() {
        *buffer += socket->readAll();
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0 || buffer->isEmpty())
            return;
        HttpRequest request;
        const QList<QByteArray> lines = buffer->left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        buffer->clear();
        m_requests << request;
        const HttpAnswer answer =
            m_handler ? m_handler(request) : HttpAnswer{response(404, "no handler"), 0, 0};
        if (answer.chunkBytes <= 0) {
            socket->write(answer.raw);
            socket->disconnectFromHost();
            return;
        }
        auto offset = std::make_shared<qsizetype>(0);
        auto *timer = new QTimer(socket);
        connect(timer, &QTimer::timeout, socket, [socket, timer, offset, answer]() {
            socket->write(answer.raw.mid(*offset, answer.chunkBytes));
            *offset += answer.chunkBytes;
            if (*offset >= answer.raw.size()) {
                timer->stop();
                socket->disconnectFromHost();
            }
        });
        timer->start(answer.chunkDelayMs);
    });
    if (m_certificate) {
        socket->setLocalCertificate(m_certificate->certificate());
        socket->setPrivateKey(m_certificate->key());
        socket->startServerEncryption();
    }
}

} // namespace signet::test
