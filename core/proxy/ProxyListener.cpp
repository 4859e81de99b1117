// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyListener: accepting, the same-user check, the connection limit and PostgreSQL cancel keys.
#include "proxy/ProxyListener.h"

#include "proxy/MySqlProxySession.h"
#include "proxy/PeerCredentials.h"
#include "proxy/PgProxySession.h"
#include "proxy/ProxyTcpServer.h"
#include "tls/LocalCertificate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace signet::proxy {

ProxyListener::ProxyListener(const ProxyContext &context, ListenerOptions options, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_options(std::move(options))
{
    m_metrics.profile = m_context.profile;
    m_context.metrics = &m_metrics;
    m_context.listener = this;
    if (m_context.tokens)
        connect(m_context.tokens, &ProxyTokenCache::tokenSigned, this, [this] { ++m_metrics.tokensSigned; });
}

ProxyListener::~ProxyListener()
{
    // Sessions count themselves out of m_metrics when they go: delete them while it exists.
    const QList<ProxySession *> sessions = findChildren<ProxySession *>(Qt::FindDirectChildrenOnly);
    for (ProxySession *session : sessions)
        disconnect(session, nullptr, this, nullptr);
    qDeleteAll(sessions);
    if (m_local)
        m_local->close();
}

quint16 ProxyListener::choosePort(const QHostAddress &address, Engine engine, quint16 wanted)
{
    if (wanted != 0)
        return wanted;
    const quint16 first = isPostgresFamily(engine) ? 5432 : 3306;
    for (quint16 port = first; port < first + 100; ++port) {
        QTcpServer probe;
        if (probe.listen(address, port))
            return port;
        // Only a taken port is worth skipping; any other refusal (an address this computer does
        // not have, no permission) is the same on every port, and listening on the first one
        // reports it in plain words.
        if (probe.serverError() != QAbstractSocket::AddressInUseError)
            return first;
    }
    return 0;
}

Status ProxyListener::loadLocalTls()
{
    const QString directory = m_options.localTlsDirectory.isEmpty()
                                  ? tls::LocalCertificate::defaultDirectory()
                                  : m_options.localTlsDirectory;
    const auto identity = tls::LocalCertificate(directory).ensure();
    if (!identity)
        return identity.error();
    if (!identity->note.isEmpty() && m_context.log)
        m_context.log->write(ProxyLog::Level::Info, m_context.profile, identity->note);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(identity->certificate);
    tls.setPrivateKey(identity->privateKey);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    m_context.localTls = tls;
    m_context.localTlsCertificatePath = identity->certificatePath;
    m_localTlsStamp = QFileInfo(identity->certificatePath).lastModified();
    return Unit{};
}

void ProxyListener::followLocalTls()
{
    // Another Signet (a second proxy, the window) may have renewed the shared certificate, and clients
    // verify against the file: serve what is in it now. One that is about to expire is renewed here.
    const QFileInfo file(m_context.localTlsCertificatePath);
    const bool replaced = file.lastModified() != m_localTlsStamp;
    const bool expiring =
        m_context.localTls.localCertificate().expiryDate() <= QDateTime::currentDateTimeUtc().addDays(1);
    if (!replaced && !expiring)
        return;
    // A reload that failed (a read-only or full disk, another process holding the lock for seconds)
    // is not tried again for every connection: once a minute at most.
    if (m_localTlsRetry.isValid() && m_localTlsRetry.elapsed() < 60'000)
        return;
    if (const Status loaded = loadLocalTls(); !loaded) {
        m_localTlsRetry.start();
        if (m_context.log)
            m_context.log->write(ProxyLog::Level::Warning, m_context.profile,
                                 QStringLiteral("keeping the local TLS certificate loaded before: ") +
                                     loaded.error().toString(m_context.frontEnd));
    } else {
        m_localTlsRetry.invalidate();
    }
}

Status ProxyListener::listen()
{
    // One SSL_CTX for every upstream connection of this listener (and its cancel requests).
    if (!m_context.upstreamTls) {
        auto upstreamTls = UpstreamTlsContext::create(m_context.caCertificates);
        if (!upstreamTls)
            return upstreamTls.error();
        m_context.upstreamTls = *upstreamTls;
    }
    if (m_options.localTls) {
        if (const Status loaded = loadLocalTls(); !loaded)
            return loaded;
    }
    m_tcp = new ProxyTcpServer(this);
    m_tcp->setUpgradeable(m_options.localTls);
    m_tcp->setMaxPendingConnections(256);
    const quint16 port = choosePort(m_options.address, m_context.target.engine, m_options.port);
    if (port == 0)
        return makeError(QStringLiteral("proxy.listen"),
                         QStringLiteral("no free port on %1 near %2")
                             .arg(m_options.address.toString())
                             .arg(isPostgresFamily(m_context.target.engine) ? 5432 : 3306),
                         QStringLiteral("Choose a port yourself."));
    if (!m_tcp->listen(m_options.address, port)) {
        if (m_tcp->serverError() == QAbstractSocket::AddressInUseError)
            return makeError(
                QStringLiteral("proxy.port-taken"),
                QStringLiteral("port %1 on %2 is already in use by another program")
                    .arg(port)
                    .arg(m_options.address.toString()),
                QStringLiteral("Choose another port, or stop the program that uses port %1.").arg(port));
        return makeError(QStringLiteral("proxy.listen"),
                         QStringLiteral("cannot listen on %1:%2: %3")
                             .arg(m_options.address.toString())
                             .arg(port)
                             .arg(m_tcp->errorString()),
                         QStringLiteral("Choose another port or address."));
    }
    connect(m_tcp, &QTcpServer::newConnection, this, &ProxyListener::onTcpConnection);
    if (!m_options.unixSocketDir.isEmpty())
        return listenUnix();
    return Unit{};
}

Status ProxyListener::listenUnix()
{
    const QString dir = m_options.unixSocketDir;
    QFileInfo info(dir);
    if (!info.exists()) {
        if (!QDir().mkpath(dir))
            return makeError(QStringLiteral("proxy.socket-dir"),
                             QStringLiteral("cannot create the directory %1").arg(dir),
                             QStringLiteral("Name a directory you can write to (Signet creates it with mode "
                                            "0700), or leave the Unix socket out."));
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        info.refresh();
    }
    if (!info.isDir() || info.ownerId() != PeerCredentials::currentUid())
        return makeError(
            QStringLiteral("proxy.socket-dir"), QStringLiteral("%1 is not a directory of yours").arg(dir),
            QStringLiteral("Name a directory you own, or a new one (Signet creates it with mode 0700)."));
    const auto open = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                      QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & open)
        return makeError(QStringLiteral("proxy.socket-dir"),
                         QStringLiteral("the socket directory %1 can be entered by other users").arg(dir),
                         QStringLiteral("Make it private (chmod 700) or name a new directory."));
    const QString name = isPostgresFamily(m_context.target.engine)
                             ? QStringLiteral(".s.PGSQL.%1").arg(port())
                             : QStringLiteral("mysql.%1.sock").arg(port());
    m_unixPath = QDir(dir).filePath(name);
    if (QFileInfo::exists(m_unixPath)) {
        QLocalSocket probe;
        probe.connectToServer(m_unixPath);
        if (probe.waitForConnected(500))
            return makeError(QStringLiteral("proxy.listen"),
                             QStringLiteral("another process already serves %1").arg(m_unixPath));
        QLocalServer::removeServer(m_unixPath);
    }
    m_local = new QLocalServer(this);
    m_local->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_local->listen(m_unixPath))
        return makeError(QStringLiteral("proxy.listen"),
                         QStringLiteral("cannot listen on %1: %2").arg(m_unixPath, m_local->errorString()));
    QFile::setPermissions(m_unixPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    connect(m_local, &QLocalServer::newConnection, this, &ProxyListener::onLocalConnection);
    return Unit{};
}

void ProxyListener::stopAccepting()
{
    if (m_tcp)
        m_tcp->close();
    if (m_local) {
        m_local->close();
        QFile::remove(m_unixPath);
    }
}

bool ProxyListener::isListening() const
{
    return m_tcp && m_tcp->isListening() && (m_unixPath.isEmpty() || (m_local && m_local->isListening()));
}

quint16 ProxyListener::port() const
{
    return m_tcp ? m_tcp->serverPort() : m_options.port;
}

QList<ProxySession *> ProxyListener::sessions() const
{
    return m_sessions.values();
}

void ProxyListener::onTcpConnection()
{
    if (m_options.localTls)
        followLocalTls();
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        const QString name =
            QStringLiteral("%1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort());
        std::optional<Error> refusal;
        if (m_options.checkPeerUser) {
            const auto uid = PeerCredentials::tcpPeerUid(socket->peerAddress(), socket->peerPort(),
                                                         socket->localAddress(), socket->localPort());
            if (uid && *uid != PeerCredentials::currentUid())
                refusal = makeError(QStringLiteral("proxy.other-user"),
                                    QStringLiteral("this proxy serves only the Unix user %1; the connection "
                                                   "comes from %2")
                                        .arg(PeerCredentials::describeUid(PeerCredentials::currentUid()),
                                             PeerCredentials::describeUid(*uid)),
                                    QStringLiteral("Run your own proxy (signet proxy) as your own user."));
            // A client from another machine (only with an explicit non-loopback --address) is in no
            // local table; a loopback one always is, so not finding it is suspicious.
            else if (!uid && uid.error().code != u"proxy.peer-unsupported" &&
                     socket->peerAddress().isLoopback())
                refusal =
                    makeError(QStringLiteral("proxy.other-user"),
                              QStringLiteral("cannot tell which Unix user the connection belongs to (%1)")
                                  .arg(uid.error().message));
        }
        startSession(socket, name, refusal);
    }
}

void ProxyListener::onLocalConnection()
{
    while (QLocalSocket *socket = m_local->nextPendingConnection()) {
        std::optional<Error> refusal;
        const auto uid = PeerCredentials::unixPeerUid(socket->socketDescriptor());
        QString name = QStringLiteral("unix socket");
        if (uid) {
            name = QStringLiteral("unix socket, uid %1").arg(*uid);
            if (*uid != PeerCredentials::currentUid())
                refusal = makeError(QStringLiteral("proxy.other-user"),
                                    QStringLiteral("this proxy serves only the Unix user %1; the connection "
                                                   "comes from %2")
                                        .arg(PeerCredentials::describeUid(PeerCredentials::currentUid()),
                                             PeerCredentials::describeUid(*uid)));
        } else if (uid.error().code != u"proxy.peer-unsupported") {
            refusal = uid.error();
        }
        startSession(socket, name, refusal);
    }
}

void ProxyListener::startSession(QIODevice *socket, const QString &name, std::optional<Error> refusal)
{
    if (!refusal && m_sessions.size() >= m_options.maxConnections)
        refusal = makeError(QStringLiteral("proxy.too-many-connections"),
                            QStringLiteral("the proxy for %1 already serves %2 connections, its limit")
                                .arg(m_context.profile)
                                .arg(m_options.maxConnections),
                            QStringLiteral("Close idle connections, or restart the proxy with a higher "
                                           "connection limit."));
    const quint64 id = m_nextId++;
    ProxySession *session = nullptr;
    if (isPostgresFamily(m_context.target.engine))
        session = new PgProxySession(m_context, socket, id, name, this);
    else
        session = new MySqlProxySession(m_context, socket, id, name, this);
    const bool counted = !refusal;
    if (counted)
        m_sessions.insert(id, session);
    connect(session, &ProxySession::finished, this, [this](quint64 finishedId) {
        m_sessions.remove(finishedId);
        Q_EMIT sessionFinished(finishedId);
    });
    if (counted)
        m_context.log->write(
            ProxyLog::Level::Info, m_context.profile,
            QStringLiteral("#%1 connection from %2").arg(id).arg(name),
            QJsonObject{{QStringLiteral("session"), qint64(id)}, {QStringLiteral("client"), name}});
    Q_EMIT sessionStarted(session);
    session->start(refusal);
}

void ProxyListener::registerPostgresKey(PgProxySession *session, quint32 &processId, quint32 &secretKey)
{
    do {
        processId = QRandomGenerator::system()->bounded(1u << 30) + 1;
        secretKey = QRandomGenerator::system()->generate();
    } while (m_cancelKeys.contains(quint64(processId) << 32 | secretKey));
    m_cancelKeys.insert(quint64(processId) << 32 | secretKey, session);
    connect(session, &QObject::destroyed, this,
            [this, key = quint64(processId) << 32 | secretKey] { m_cancelKeys.remove(key); });
}

void ProxyListener::cancelPostgres(quint32 processId, quint32 secretKey)
{
    const QPointer<PgProxySession> session = m_cancelKeys.value(quint64(processId) << 32 | secretKey);
    if (!session) {
        m_context.log->write(ProxyLog::Level::Warning, m_context.profile,
                             QStringLiteral("a cancel request with an unknown key was ignored"));
        return;
    }
    m_context.log->write(ProxyLog::Level::Info, m_context.profile,
                         QStringLiteral("#%1 cancel request passed on to the database").arg(session->id()));
    PgProxySession::sendCancel(m_context, session->upstreamProcessId(), session->upstreamSecretKey());
}

} // namespace signet::proxy
