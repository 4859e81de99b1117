// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyHealthServer: a minimal HTTP/1.0 responder for health checks and Prometheus scrapes.
#include "proxy/ProxyHealthServer.h"

#include "proxy/ProxyListener.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace signet::proxy {

ProxyHealthServer::ProxyHealthServer(QList<ProxyListener *> listeners, QObject *parent)
    : QObject(parent)
{
    for (ProxyListener *listener : listeners)
        m_listeners << listener;
}

Status ProxyHealthServer::listen(const QHostAddress &address, quint16 port)
{
    m_server = new QTcpServer(this);
    if (!m_server->listen(address, port))
        return makeError(QStringLiteral("proxy.health-listen"),
                         QStringLiteral("cannot listen for health checks on %1:%2: %3")
                             .arg(address.toString())
                             .arg(port)
                             .arg(m_server->errorString()),
                         QStringLiteral("Choose another health port."));
    connect(m_server, &QTcpServer::newConnection, this, &ProxyHealthServer::onConnection);
    return Unit{};
}

quint16 ProxyHealthServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void ProxyHealthServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequest(socket); });
        QTimer::singleShot(10000, socket, [socket] { socket->abort(); });
    }
}

void ProxyHealthServer::reply(QTcpSocket *socket, int status, const QByteArray &contentType,
                              const QByteArray &body)
{
    const QByteArray reason = status == 200   ? "OK"
                              : status == 404 ? "Not Found"
                              : status == 405 ? "Method Not Allowed"
                                              : "Service Unavailable";
    QByteArray response =
        "HTTP/1.0 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + contentType +
        "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    socket->write(response);
    socket->disconnectFromHost();
}

void ProxyHealthServer::onRequest(QTcpSocket *socket)
{
    if (socket->property("answered").toBool())
        return;
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > 8192)
            socket->abort();
        return;
    }
    socket->setProperty("answered", true);
    const QList<QByteArray> words = socket->readLine(8192).trimmed().split(' ');
    if (words.size() < 2) {
        socket->abort();
        return;
    }
    if (words.at(0) != "GET" && words.at(0) != "HEAD") {
        reply(socket, 405, "text/plain", "GET only\n");
        return;
    }
    const QByteArray path = words.at(1).split('?').first();
    if (path == "/healthz") {
        reply(socket, 200, "text/plain", "ok\n");
    } else if (path == "/readyz") {
        answerReady(socket);
    } else if (path == "/metrics") {
        QList<ProxyMetrics> metrics;
        for (const auto &listener : std::as_const(m_listeners)) {
            if (listener)
                metrics << listener->metrics();
        }
        reply(socket, 200, "text/plain; version=0.0.4; charset=utf-8", renderPrometheus(metrics).toUtf8());
    } else {
        reply(socket, 404, "text/plain", "not found: try /healthz, /readyz or /metrics\n");
    }
}

void ProxyHealthServer::answerReady(QTcpSocket *socket)
{
    struct Pending
    {
        int left = 0;
        QStringList problems;
    };
    auto pending = std::make_shared<Pending>();
    for (const auto &listener : std::as_const(m_listeners)) {
        if (!listener)
            continue;
        if (!listener->isListening())
            pending->problems << QStringLiteral("%1: not listening").arg(listener->context().profile);
        ++pending->left;
    }
    QPointer<QTcpSocket> guard(socket);
    auto finishOne = [guard, pending] {
        if (--pending->left > 0 || !guard)
            return;
        if (pending->problems.isEmpty())
            reply(guard, 200, "text/plain", "ready\n");
        else
            reply(guard, 503, "text/plain", pending->problems.join(u'\n').toUtf8() + '\n');
    };
    if (pending->left == 0) {
        ++pending->left;
        finishOne();
        return;
    }
    for (const auto &listener : std::as_const(m_listeners)) {
        if (!listener)
            continue;
        const QString profile = listener->context().profile;
        listener->context().tokens->request(
            listener->context().target.user, this,
            [pending, profile, finishOne](const Result<token::AuthToken> &token) {
                if (!token)
                    pending->problems
                        << QStringLiteral("%1: cannot sign a token: %2").arg(profile, token.error().message);
                finishOne();
            });
    }
}

} // namespace signet::proxy
