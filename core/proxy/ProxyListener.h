// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyListener: one profile's loopback TCP listener (and Unix socket), its sessions and cancel keys.
#pragma once

#include "common/Result.h"
#include "proxy/ProxySession.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>

class QLocalServer;

namespace signet::proxy {

class PgProxySession;
class ProxyTcpServer;

struct ListenerOptions final
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;      // 0: the engine's default if free, else the next free one
    QString unixSocketDir; // empty: no Unix socket
    int maxConnections = 100;
    bool checkPeerUser = true; // refuse clients of other Unix users (Linux)
    // TLS for TCP clients that ask (PostgreSQL SSLRequest, MySQL SSL request) with the certificate
    // Signet keeps for localhost (tls::LocalCertificate); without it they are told TLS is not offered.
    bool localTls = false;
    QString localTlsDirectory; // empty: tls::LocalCertificate::defaultDirectory()
};

class ProxyListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyListener)

public:
    ProxyListener(const ProxyContext &context, ListenerOptions options, QObject *parent = nullptr);
    ~ProxyListener() override;

    // Binds the TCP port (and the Unix socket). Errors name the address and what to do.
    Status listen();
    // Stops accepting; open sessions go on until they end.
    void stopAccepting();
    bool isListening() const;

    quint16 port() const;
    QHostAddress address() const { return m_options.address; }
    // DIR/.s.PGSQL.PORT (PostgreSQL clients find it from -h DIR -p PORT) or DIR/mysql.PORT.sock.
    QString unixSocketPath() const { return m_unixPath; }
    // The local certificate clients verify the proxy with (their CA file); empty without local TLS.
    QString localTlsCertificatePath() const { return m_context.localTlsCertificatePath; }
    const ProxyContext &context() const { return m_context; }
    ProxyMetrics &metrics() { return m_metrics; }
    const ProxyMetrics &metrics() const { return m_metrics; }
    int sessionCount() const { return int(m_sessions.size()); }
    QList<ProxySession *> sessions() const;

    // PostgreSQL cancel keys: the proxy's key handed to the client, mapped back to the session.
    void registerPostgresKey(PgProxySession *session, quint32 &processId, quint32 &secretKey);
    void cancelPostgres(quint32 processId, quint32 secretKey);

    // The engine's default port (5432, 3306) when free on `address`, else the next free one (0:
    // none of the next 100). When `address` cannot be listened on at all, the default port, so that
    // listening there reports why.
    static quint16 choosePort(const QHostAddress &address, Engine engine, quint16 wanted);

Q_SIGNALS:
    // A client connected (its session is about to start its login, or to be refused).
    void sessionStarted(signet::proxy::ProxySession *session);
    void sessionFinished(quint64 id);

private:
    void onTcpConnection();
    void onLocalConnection();
    void startSession(QIODevice *socket, const QString &name, std::optional<Error> refusal);
    Status listenUnix();
    Status loadLocalTls();
    // Reloads the local certificate when its file changed since it was loaded, or it nearly expired.
    void followLocalTls();

    ProxyContext m_context;
    ListenerOptions m_options;
    ProxyMetrics m_metrics;
    ProxyTcpServer *m_tcp = nullptr;
    QLocalServer *m_local = nullptr;
    QString m_unixPath;
    QDateTime m_localTlsStamp;     // the certificate file's mtime when loaded
    QElapsedTimer m_localTlsRetry; // since a reload failed
    quint64 m_nextId = 1;
    QHash<quint64, ProxySession *> m_sessions;
    QHash<quint64, QPointer<PgProxySession>> m_cancelKeys;
};

} // namespace signet::proxy
