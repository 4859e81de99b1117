// SPDX-License-Identifier: GPL-3.0-or-later
// PgProxySession: the PostgreSQL login phases on both sides, and cancel requests.
#include "proxy/PgProxySession.h"

#include "proxy/ProxyListener.h"
#include "wire/PgMessages.h"

#include <QTimer>

namespace signet::proxy {

namespace {

QByteArray sqlStateFor(const QString &code, bool refused)
{
    if (code == u"proxy.too-many-connections")
        return "53300";
    return refused ? "28000" : "08006";
}

} // namespace

void PgProxySession::beginLogin()
{
    m_phase = Phase::ClientStartup;
}

void PgProxySession::clientDataDuringLogin()
{
    if (m_phase != Phase::ClientStartup)
        return; // held in the socket until the relay starts
    m_startup.feed(readAvailable(client()));
    while (m_phase == Phase::ClientStartup) {
        const auto request = m_startup.next();
        if (!request)
            break;
        switch (request->kind) {
        case PgStartupRequest::Kind::SslRequest:
            if (clientTlsAvailable()) {
                if (m_startup.buffered() > 0 || client()->bytesAvailable() > 0) {
                    // What a client sends before the handshake is not protected by it (CVE-2021-23214).
                    fail(Failure::Protocol,
                         makeError(QStringLiteral("proxy.pg.protocol"),
                                   QStringLiteral("the client sent data right after its SSLRequest")));
                    return;
                }
                writeToClient(QByteArrayLiteral("S"));
                m_phase = Phase::ClientTls;
                startClientTls();
                return;
            }
            // Without local TLS: loopback needs no encryption; the token travels only on the
            // upstream TLS. A client that insists on TLS gives up here (`--local-tls` serves it).
            writeToClient(QByteArrayLiteral("N"));
            break;
        case PgStartupRequest::Kind::GssEncRequest:
            writeToClient(QByteArrayLiteral("N"));
            break;
        case PgStartupRequest::Kind::Cancel:
            if (context().listener)
                context().listener->cancelPostgres(request->processId, request->secretKey);
            closeBoth();
            return;
        case PgStartupRequest::Kind::Startup:
            onStartup(*request);
            break;
        }
    }
    if (m_startup.hasError())
        fail(Failure::Protocol,
             makeError(QStringLiteral("proxy.pg.protocol"),
                       QStringLiteral("invalid startup packet: %1").arg(m_startup.error())));
}

void PgProxySession::clientEncrypted()
{
    m_phase = Phase::ClientStartup;
}

void PgProxySession::onStartup(const PgStartupRequest &request)
{
    if (refusal()) {
        fail(Failure::Refused, *refusal());
        return;
    }
    m_request = request;
    const QByteArray clientUser = request.parameter("user");
    setUser(clientUser.isEmpty() ? context().target.user : QString::fromUtf8(clientUser));
    if (clientUser.isEmpty())
        m_request.parameters.prepend({"user", context().target.user.toUtf8()});
    if (request.parameter("database").isEmpty() && !context().target.database.isEmpty())
        m_request.parameters.append({"database", context().target.database.toUtf8()});
    if (!requireUser())
        return;
    m_phase = Phase::Signing;
    requestLoginToken([this](const token::AuthToken &token) {
        m_token = token;
        m_phase = Phase::UpstreamConnecting;
        connectUpstream();
    });
}

void PgProxySession::upstreamConnected()
{
    m_phase = Phase::UpstreamSslReply;
    writeToUpstream(wire::pg::encodeSslRequest());
}

void PgProxySession::upstreamEncrypted()
{
    m_phase = Phase::UpstreamAuth;
    writeToUpstream(wire::pg::encodeStartup(m_request.parameters));
}

void PgProxySession::upstreamDataDuringLogin()
{
    if (m_phase == Phase::UpstreamSslReply) {
        const QByteArray reply = upstream()->read(1);
        if (reply.isEmpty())
            return;
        const char answer = reply.front();
        if (answer == 'S') {
            m_phase = Phase::UpstreamTls;
            startUpstreamTls();
        } else if (answer == 'N') {
            fail(Failure::Tls,
                 makeError(QStringLiteral("proxy.no-tls"),
                           QStringLiteral(
                               "the database at %1:%2 does not offer TLS, so Signet did not send the token")
                               .arg(context().target.host)
                               .arg(context().target.port),
                           QStringLiteral(
                               "Check the endpoint: RDS always offers TLS; something between you and the "
                               "database removed it.")));
        } else {
            fail(Failure::Upstream,
                 makeError(
                     QStringLiteral("proxy.pg.not-postgres"),
                     QStringLiteral("the server at %1:%2 did not answer the SSL request as PostgreSQL does")
                         .arg(context().target.connectHost())
                         .arg(context().target.connectPort())));
        }
        return;
    }
    if (m_phase != Phase::UpstreamAuth && m_phase != Phase::UpstreamStatus)
        return;
    m_messages.feed(readAvailable(upstream()));
    while (state() == State::Login) {
        const auto message = m_messages.next();
        if (!message)
            break;
        onUpstreamMessage(*message);
    }
    if (m_messages.hasError() && state() == State::Login)
        fail(Failure::Upstream,
             makeError(QStringLiteral("proxy.pg.protocol"),
                       QStringLiteral("the database sent an invalid message during login: %1")
                           .arg(m_messages.error())));
}

Error PgProxySession::loginRefused(const QMap<char, QByteArray> &fields) const
{
    return makeError(QStringLiteral("proxy.login-refused"),
                     QStringLiteral("the database refused the IAM login for %1: %2")
                         .arg(user(), QString::fromUtf8(fields.value('M'))),
                     QStringLiteral("Likely causes: the IAM policy does not allow rds-db:connect for this "
                                    "user on this database, the user was not granted rds_iam, or this "
                                    "computer's clock is off. The profile's check tells which."));
}

void PgProxySession::onUpstreamMessage(const PgMessage &message)
{
    switch (message.type) {
    case 'R': {
        const qint64 code = wire::pg::authCode(message.body);
        if (code == wire::pg::AuthCleartextPassword) {
            writeToUpstream(wire::pg::encodePassword(m_token.secretText().reveal()));
            m_token = {};
        } else if (code == wire::pg::AuthOk) {
            m_phase = Phase::UpstreamStatus;
            writeToClient(wire::pg::encodeAuthOk());
        } else {
            fail(Failure::LoginRefused,
                 makeError(QStringLiteral("proxy.not-iam"),
                           QStringLiteral("the database asked %1 for %2, not for the IAM token")
                               .arg(user(), code == wire::pg::AuthMd5Password
                                                ? QStringLiteral("an MD5 password")
                                            : code == wire::pg::AuthSasl
                                                ? QStringLiteral("a SCRAM password")
                                                : QStringLiteral("authentication method %1").arg(code)),
                           QStringLiteral("The database user must be set up for IAM authentication "
                                          "(GRANT rds_iam TO the user).")));
        }
        return;
    }
    case 'E': {
        const auto fields = wire::pg::parseFields(message.body);
        if (m_phase == Phase::UpstreamAuth) {
            context().tokens->forget(user());
            fail(Failure::LoginRefused, loginRefused(fields));
        } else {
            fail(Failure::Upstream, makeError(QStringLiteral("proxy.upstream-error"),
                                              QStringLiteral("the database ended the login: %1")
                                                  .arg(QString::fromUtf8(fields.value('M')))));
        }
        return;
    }
    case 'K': {
        if (!wire::pg::parseBackendKeyData(message.body, m_upstreamProcessId, m_upstreamSecretKey)) {
            fail(Failure::Upstream, makeError(QStringLiteral("proxy.pg.protocol"),
                                              QStringLiteral("the database sent an invalid BackendKeyData")));
            return;
        }
        quint32 processId = 0, secretKey = 0;
        if (context().listener)
            context().listener->registerPostgresKey(this, processId, secretKey);
        writeToClient(wire::pg::encodeBackendKeyData(processId, secretKey));
        return;
    }
    case 'Z':
        writeToClient(wire::pg::encodeMessage(message.type, message.body));
        startRelay(m_startup.takeBuffered(), m_messages.takeBuffered());
        return;
    default: // ParameterStatus, NoticeResponse, NegotiateProtocolVersion
        writeToClient(wire::pg::encodeMessage(message.type, message.body));
        return;
    }
}

void PgProxySession::writeClientError(Failure failure, const Error &error)
{
    wire::pg::ErrorFields fields;
    switch (failure) {
    case Failure::Refused:
        fields.sqlState = sqlStateFor(error.code, true);
        break;
    case Failure::Protocol:
        fields.sqlState = "08P01";
        break;
    case Failure::Credentials:
    case Failure::LoginRefused:
        fields.sqlState = "28000";
        break;
    case Failure::Unreachable:
    case Failure::Tls:
        fields.sqlState = "08001";
        break;
    case Failure::Upstream:
        fields.sqlState = sqlStateFor(error.code, false);
        break;
    }
    fields.message = QStringLiteral("signet proxy: ") + error.message;
    fields.hint = error.hintFor(context().frontEnd);
    writeToClient(wire::pg::encodeError(fields));
}

void PgProxySession::sendCancel(const ProxyContext &context, quint32 processId, quint32 secretKey)
{
    // The same verified TLS as a session's (the listener's SSL_CTX, the endpoint's name): the key
    // is never sent in clear, and never to a server whose certificate was not accepted.
    UpstreamTls *socket = newUpstream(context, context.listener);
    const ProxyContext copy = context;
    auto warn = [copy](const QString &why) {
        if (copy.log)
            copy.log->write(ProxyLog::Level::Warning, copy.profile,
                            QStringLiteral("the cancel request did not reach the database: %1").arg(why));
    };
    QObject::connect(socket, &UpstreamTls::connected, socket,
                     [socket] { socket->write(wire::pg::encodeSslRequest()); });
    QObject::connect(socket, &UpstreamTls::readyRead, socket, [socket, warn] {
        if (socket->isEncrypted()) {
            socket->read();
            return;
        }
        const QByteArray answer = socket->read(1);
        if (answer == "S") {
            socket->startClientEncryption();
            return;
        }
        warn(QStringLiteral("the database does not offer TLS"));
        socket->abort(); // no TLS: the key is not sent in clear
        socket->deleteLater();
    });
    QObject::connect(socket, &UpstreamTls::encrypted, socket, [socket, processId, secretKey] {
        socket->write(wire::pg::encodeCancelRequest(processId, secretKey));
        socket->disconnectFromHost();
    });
    QObject::connect(socket, &UpstreamTls::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &UpstreamTls::errorOccurred, socket,
                     [socket, warn](UpstreamTls::Failure failure) {
                         if (failure != UpstreamTls::Failure::RemoteClosed)
                             warn(socket->errorString());
                         socket->deleteLater();
                     });
    QTimer::singleShot(15000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->connectToHost(context.target.connectHost(), quint16(context.target.connectPort()));
}

} // namespace signet::proxy
