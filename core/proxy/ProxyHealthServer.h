// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyHealthServer: /healthz, /readyz and /metrics over plain HTTP on a local port.
#pragma once

#include "common/Result.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>

class QTcpServer;
class QTcpSocket;

namespace signet::proxy {

class ProxyListener;

// /healthz: 200 while the process runs. /readyz: 200 when every listener is up and a token can be
// signed for each profile's user (503 with the reason otherwise). /metrics: Prometheus text.
class ProxyHealthServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyHealthServer)

public:
    explicit ProxyHealthServer(QList<ProxyListener *> listeners, QObject *parent = nullptr);

    Status listen(const QHostAddress &address, quint16 port);
    quint16 port() const;

private:
    void onConnection();
    void onRequest(QTcpSocket *socket);
    void answerReady(QTcpSocket *socket);
    static void reply(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body);

    QList<QPointer<ProxyListener>> m_listeners;
    QTcpServer *m_server = nullptr;
};

} // namespace signet::proxy
