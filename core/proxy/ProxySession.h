// SPDX-License-Identifier: GPL-3.0-or-later
// ProxySession: one client connection — the login phase (in a subclass per protocol), then the relay.
#pragma once

#include "common/Error.h"
#include "db/DbTarget.h"
#include "proxy/ProxyLog.h"
#include "proxy/ProxyMetrics.h"
#include "proxy/ProxyTokenCache.h"
#include "proxy/UpstreamTls.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <limits>
#include <memory>

class QAbstractSocket;

namespace signet::proxy {

class ProxyListener;

// What every session of one listener shares.
struct ProxyContext final
{
    QString profile; // the name in logs and metrics
    // Whose words a fix in an error is given in (the sign-in command, or the GUI's panel): the
    // client's error message and the log say how to sign in where this proxy was started.
    FrontEnd frontEnd = FrontEnd::Cli;
    db::DbTarget target; // endpoint (name checked, token signed for), via, CA, default user
    QList<QSslCertificate> caCertificates;
    // The one SSL_CTX of the listener's upstream connections, built from caCertificates by
    // ProxyListener::listen().
    std::shared_ptr<const UpstreamTlsContext> upstreamTls;
    // Not null: TCP clients may switch to TLS with this server configuration (the local
    // certificate, ListenerOptions::localTls); null: they are told TLS is not offered.
    QSslConfiguration localTls;
    QString localTlsCertificatePath; // for messages: what a client must trust
    ProxyTokenCache *tokens = nullptr;
    ProxyMetrics *metrics = nullptr;
    ProxyLog *log = nullptr;
    ProxyListener *listener = nullptr;
    // The whole login, both sides; a PAM- or IAM-heavy server under load can take seconds.
    int loginTimeoutMs = 60000;
};

class ProxySession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxySession)

public:
    enum class State
    {
        Login,
        Relaying,
        Closing,
    };

    // Takes ownership of `client` (a QTcpSocket or a QLocalSocket, already connected).
    ProxySession(const ProxyContext &context, QIODevice *client, quint64 id, QString clientName,
                 QObject *parent = nullptr);
    ~ProxySession() override;

    // Begins the login phase. With a refusal, the client is told why in its protocol and closed.
    void start(std::optional<Error> refusal = std::nullopt);

    quint64 id() const { return m_id; }
    const QString &clientName() const { return m_clientName; }
    const QDateTime &since() const { return m_since; }
    State state() const { return m_state; }
    QString user() const { return m_user; }
    quint64 bytesFromClient() const { return m_bytesFromClient; }
    quint64 bytesToClient() const { return m_bytesToClient; }

Q_SIGNALS:
    // The login failed or the client was refused; `error` is what the client was told (no secret).
    void failed(const signet::Error &error);
    void finished(quint64 id);

protected:
    // The kinds of failure a client is told about, each with its SQLSTATE / error number.
    enum class Failure
    {
        Refused,      // another Unix user, too many connections
        Protocol,     // garbage from the client
        Credentials,  // no token could be signed
        Unreachable,  // upstream TCP failed
        Tls,          // upstream TLS refused or not offered: the token was not sent
        LoginRefused, // the database refused the IAM login
        Upstream,     // the database closed or spoke nonsense during login
    };

    // Starts the login; with refusal() set, the subclass tells the client as soon as its protocol
    // allows (MySQL at once, PostgreSQL after the StartupMessage) and fails with Failure::Refused.
    virtual void beginLogin() = 0;
    virtual void clientDataDuringLogin() = 0;
    virtual void upstreamDataDuringLogin() = 0;
    virtual void upstreamConnected() = 0;
    virtual void upstreamEncrypted() = 0;
    // The client's TLS handshake finished (after startClientTls()); its next bytes come decrypted.
    virtual void clientEncrypted() {}
    // Writes the protocol's error message to the client (the session then closes).
    virtual void writeClientError(Failure failure, const Error &error) = 0;
    // Client bytes during the relay; the default forwards them unchanged.
    virtual void relayFromClient(const QByteArray &bytes);
    // Upstream bytes during the relay; the default forwards them unchanged.
    virtual void relayFromUpstream(const QByteArray &bytes);

    const std::optional<Error> &refusal() const { return m_refusal; }
    QIODevice *client() const { return m_client; }
    UpstreamTls *upstream() const { return m_upstream; }
    const ProxyContext &context() const { return m_context; }
    void log(ProxyLog::Level level, const QString &message, QJsonObject fields = {}) const;

    // What `device` has, at most `max` bytes. Reading exactly what a socket holds in one buffer
    // chunk hands that chunk over (QIODevice::read's no-copy case) instead of copying it and leaving
    // the emptied 16 KB chunk to the socket for the rest of the connection (docs/proxy.md, memory);
    // readAll() and read(n) for any other n copy.
    static QByteArray readAvailable(QIODevice *device, qint64 max = std::numeric_limits<qint64>::max());
    static QByteArray readAvailable(UpstreamTls *upstream, qint64 max = std::numeric_limits<qint64>::max())
    {
        return upstream->read(max);
    }
    // A connection to the endpoint (or its "connect via" address) whose TLS is verified against the
    // profile's CA and the endpoint's name (verify-ca: the chain only), on the listener's SSL_CTX.
    static UpstreamTls *newUpstream(const ProxyContext &context, QObject *parent);
    // Where the upstream connection goes, for messages: "host:port" or "host:port (via addr:port)".
    static QString upstreamWhere(const ProxyContext &context);

    // Opens the TCP connection to the endpoint (or the "connect via" address).
    void connectUpstream();
    // Starts TLS on the upstream connection, verified against the profile's CA and endpoint name.
    void startUpstreamTls();
    // Whether this client may switch to TLS now: local TLS is on, it came over TCP, and it has not
    // switched already. Unix-socket clients need no TLS and are told it is not offered.
    bool clientTlsAvailable() const;
    // Starts the server side of TLS on the client connection with the local certificate; then
    // clientEncrypted(), or the session closes if the handshake fails (the client said why).
    void startClientTls();
    // Straight to the client's socket while Qt's write buffer is empty (no 32 KB chunk kept for
    // the connection's life); the rest through the socket.
    void writeToClient(const QByteArray &bytes);
    void writeToUpstream(const QByteArray &bytes);
    // The user the token is signed for: the client's, else the profile's.
    void setUser(const QString &user) { m_user = user; }
    // Asks the cache for a token for user(); calls back in this session's thread.
    void requestToken(ProxyTokenCache::Callback done);
    // At login: false, after failing the login ("proxy.no-user"), when neither the client nor the
    // profile names a database user.
    bool requireUser();
    // At login: a token for user(), handed to `signedToken`; when none can be signed the login
    // fails with the signer's error and hint (expired credentials: the sign-in command).
    void requestLoginToken(std::function<void(const token::AuthToken &)> signedToken);
    // The signer's error as the client reads it: which user had no token, with the signer's hint
    // and fix (at login, and on MySQL's COM_CHANGE_USER, which keeps the session open).
    Error signingFailed(const Error &signer) const;
    // Logged in upstream: counts it, then relays (pending bytes of either side go first).
    void startRelay(const QByteArray &fromClient, const QByteArray &fromUpstream);
    // Tells the client (in its protocol) and closes.
    void fail(Failure failure, const Error &error);
    // Holds or resumes reading the client (MySQL's COM_CHANGE_USER needs a pause).
    void setClientPaused(bool paused);
    // Closes both sides after flushing what was written.
    void halfCloseClient(QAbstractSocket *tcp);
    void closeBoth();
    bool loginCounted() const { return m_loginCounted; }
    void countLogin(bool ok);

private:
    void onClientReadyRead();
    void onUpstreamReadyRead();
    void onClientClosed();
    void onUpstreamClosed();
    void onUpstreamError(UpstreamTls::Failure failure);
    void onClientTlsError();
    void pumpToUpstream();
    void pumpToClient();
    void maybeFinish();
    qint64 clientPending() const;
    qint64 upstreamPending() const;

    ProxyContext m_context;
    QIODevice *m_client;
    UpstreamTls *m_upstream = nullptr;
    quint64 m_id;
    QString m_clientName;
    QString m_user;
    QDateTime m_since;
    State m_state = State::Login;
    QTimer m_loginTimer;
    std::optional<Error> m_refusal;
    bool m_clientClosed = false;
    bool m_upstreamClosed = false;
    bool m_upstreamEverConnected = false;
    bool m_finished = false;
    bool m_clientPaused = false;
    bool m_loginCounted = false;
    bool m_failed = false;
    bool m_clientTlsStarted = false;
    quint64 m_bytesFromClient = 0;
    quint64 m_bytesToClient = 0;
};

} // namespace signet::proxy
