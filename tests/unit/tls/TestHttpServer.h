// SPDX-License-Identifier: GPL-3.0-or-later
// TestHttpServer: a tiny HTTP/1.1 server (plain or TLS) whose answers a test scripts, byte for byte.
#pragma once

#include "TestPki.h"

#include <QList>
#include <QMap>
#include <QTcpServer>

#include <functional>
#include <optional>

namespace signet::test {

struct HttpRequest
{
    QByteArray method;
    QByteArray path;
    QMap<QByteArray, QByteArray> headers; // lower-case names
};

struct HttpAnswer
{
    QByteArray raw;       // the whole response: status line, headers, body
    int chunkBytes = 0;   // > 0: send in pieces of this size ...
    int chunkDelayMs = 0; // ... this far apart
};

class TestHttpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestHttpServer)

public:
    // With a certificate the server speaks TLS, else plain HTTP.
    explicit TestHttpServer(std::optional<TestCertificate> certificate = std::nullopt,
                            QObject *parent = nullptr);

    using Handler = std::function<HttpAnswer(const HttpRequest &)>;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    quint16 start();
    QString baseUrl() const;
    const QList<HttpRequest> &requests() const { return m_requests; }

    // A complete response with Content-Length (unless `contentLength` < 0 is given explicitly).
    static QByteArray response(int status, const QByteArray &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers = {},
                               qint64 contentLength = -2);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::optional<TestCertificate> m_certificate;
    Handler m_handler;
    QList<HttpRequest> m_requests;
};

} // namespace signet::test
