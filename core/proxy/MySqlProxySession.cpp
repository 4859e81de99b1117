// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlProxySession: the MySQL/MariaDB login phases on both sides and COM_CHANGE_USER.
#include "proxy/MySqlProxySession.h"

#include <QRandomGenerator>

namespace signet::proxy {

using namespace wire;
using namespace wire::mysql;

namespace {

const QByteArray kNativePassword = QByteArrayLiteral("mysql_native_password");
const QByteArray kClearPassword = QByteArrayLiteral("mysql_clear_password");

QByteArray freshScramble()
{
    QByteArray scramble(20, '\0');
    for (char &c : scramble)
        c = char(QRandomGenerator::system()->bounded(33, 127));
    return scramble;
}

} // namespace

void MySqlProxySession::beginLogin()
{
    if (refusal()) {
        fail(Failure::Refused, *refusal());
        return;
    }
    m_phase = Phase::UpstreamGreeting;
    connectUpstream();
}

void MySqlProxySession::upstreamConnected()
{
    // The server speaks first.
}

void MySqlProxySession::upstreamDataDuringLogin()
{
    if (m_phase == Phase::UpstreamTls || m_phase == Phase::ClientResponse || m_phase == Phase::Signing ||
        m_phase == Phase::ClientTls) {
        if (m_phase != Phase::UpstreamTls && upstream()->bytesAvailable() > 0 && !upstream()->isEncrypted()) {
            // Anything but silence before our SSL request (an ERR: too many connections, a timeout).
            m_upstreamPackets.feed(readAvailable(upstream()));
            if (const auto packet = m_upstreamPackets.next();
                packet && authReplyKind(packet->payload) == AuthReplyKind::Error) {
                const auto error = parseError(packet->payload);
                fail(Failure::Upstream,
                     makeError(QStringLiteral("proxy.upstream-error"),
                               QStringLiteral("the database ended the login: %1")
                                   .arg(error ? QString::fromUtf8(error->message) : QString())));
            }
        }
    } else {
        m_upstreamPackets.feed(readAvailable(upstream()));
        while (state() == State::Login) {
            const auto packet = m_upstreamPackets.next();
            if (!packet)
                break;
            if (m_phase == Phase::UpstreamGreeting)
                onUpstreamGreeting(*packet);
            else if (m_phase == Phase::UpstreamAuth)
                onUpstreamAuthPacket(*packet);
        }
    }
    if (m_upstreamPackets.hasError() && state() == State::Login)
        fail(Failure::Upstream,
             makeError(
                 QStringLiteral("proxy.mysql.login-packet-too-large"),
                 QStringLiteral("the database sent an invalid packet during login (from %1:%2): %3, "
                                "more than a MySQL or MariaDB greeting or authentication switch ever takes")
                     .arg(context().target.connectHost())
                     .arg(context().target.connectPort())
                     .arg(m_upstreamPackets.error()),
                 QStringLiteral("Check that the endpoint and port are the database's, not another "
                                "service's.")));
}

void MySqlProxySession::onUpstreamGreeting(const MySqlPacket &packet)
{
    if (authReplyKind(packet.payload) == AuthReplyKind::Error) {
        const auto error = parseError(packet.payload);
        fail(Failure::Upstream, makeError(QStringLiteral("proxy.upstream-error"),
                                          QStringLiteral("the database refused the connection: %1")
                                              .arg(error ? QString::fromUtf8(error->message) : QString())));
        return;
    }
    const auto greeting = parseGreeting(packet.payload);
    if (!greeting) {
        fail(Failure::Upstream,
             makeError(QStringLiteral("proxy.mysql.not-mysql"),
                       QStringLiteral("the server at %1:%2 did not greet as MySQL or MariaDB does (%3)")
                           .arg(context().target.connectHost())
                           .arg(context().target.connectPort())
                           .arg(greeting.error().message)));
        return;
    }
    if (!(greeting->capabilities & Ssl)) {
        fail(Failure::Tls,
             makeError(
                 QStringLiteral("proxy.no-tls"),
                 QStringLiteral("the database at %1:%2 does not offer TLS, so Signet did not send the token")
                     .arg(context().target.host)
                     .arg(context().target.port),
                 QStringLiteral("Check the endpoint: RDS always offers TLS; something between you and the "
                                "database removed it.")));
        return;
    }
    if (!(greeting->capabilities & Protocol41) || !(greeting->capabilities & PluginAuth)) {
        fail(Failure::Upstream,
             makeError(QStringLiteral("proxy.mysql.old-server"),
                       QStringLiteral("the database does not support pluggable authentication")));
        return;
    }
    m_upstreamGreeting = *greeting;
    Greeting ours = *greeting;
    ours.capabilities &= ~quint32(Ssl | Compress | ZstdCompression);
    if (clientTlsAvailable())
        ours.capabilities |= Ssl;
    ours.scramble = freshScramble();
    ours.authPlugin = kNativePassword;
    writeToClient(frameMySqlPacket(0, encodeGreeting(ours)));
    m_greetingSent = true;
    m_clientErrorSequence = 2;
    m_phase = Phase::ClientResponse;
    if (client()->bytesAvailable() > 0)
        clientDataDuringLogin();
}

void MySqlProxySession::clientDataDuringLogin()
{
    if (m_phase != Phase::ClientResponse)
        return; // held in the socket until the relay starts
    m_clientPackets.feed(readClientLoginBytes());
    if (const auto packet = m_clientPackets.next())
        onClientResponse(*packet);
    else if (m_clientPackets.hasError())
        fail(Failure::Protocol,
             makeError(QStringLiteral("proxy.mysql.protocol"),
                       QStringLiteral("invalid handshake response: %1").arg(m_clientPackets.error())));
}

QByteArray MySqlProxySession::readClientLoginBytes()
{
    if (!clientTlsAvailable())
        return readAvailable(client());
    // The client may send its TLS ClientHello right behind an SSL request: read exactly one
    // packet, so what follows stays in the socket for the handshake.
    const QByteArray header = client()->peek(4);
    if (header.size() < 4)
        return {};
    const auto *head = reinterpret_cast<const uchar *>(header.constData());
    const qint64 length = 4 + (qint64(head[0]) | qint64(head[1]) << 8 | qint64(head[2]) << 16);
    if (length > 4 + 65536)
        return client()->read(4); // the reader refuses the packet from its header
    if (client()->bytesAvailable() < length)
        return {};
    return client()->read(length);
}

void MySqlProxySession::clientEncrypted()
{
    m_phase = Phase::ClientResponse;
}

void MySqlProxySession::onClientResponse(const MySqlPacket &packet)
{
    m_clientErrorSequence = quint8(packet.sequence + 1);
    const auto response = parseHandshakeResponse(packet.payload);
    if (!response) {
        fail(Failure::Protocol,
             makeError(response.error().code,
                       QStringLiteral("invalid handshake response: %1").arg(response.error().message),
                       response.error().hint));
        return;
    }
    if (response->sslRequestOnly && clientTlsAvailable() && m_clientPackets.buffered() == 0) {
        m_phase = Phase::ClientTls;
        startClientTls();
        return;
    }
    if (response->sslRequestOnly) {
        fail(Failure::Protocol,
             makeError(QStringLiteral("proxy.client-tls"),
                       QStringLiteral("the client asked for TLS, which this proxy does not offer"),
                       QStringLiteral("Start the proxy with local TLS (signet proxy --local-tls), or turn "
                                      "TLS off in the client for this loopback connection (e.g. --ssl=0 "
                                      "/ sslMode=disable); the proxy's own connection to the database "
                                      "always uses verified TLS.")));
        return;
    }
    m_clientResponse = *response;
    setUser(response->user.isEmpty() ? context().target.user : QString::fromUtf8(response->user));
    if (m_clientResponse.database.isEmpty())
        m_clientResponse.database = context().target.database.toUtf8();
    if (!requireUser())
        return;
    m_phase = Phase::Signing;
    requestLoginToken([this](const token::AuthToken &token) {
        m_token = token;
        // The upstream session runs with what both the client and the server speak, plus what the
        // proxy needs for the login; never compression.
        const quint32 upstreamCaps = m_upstreamGreeting.capabilities;
        quint32 caps = m_clientResponse.capabilities & upstreamCaps & ~quint32(Compress | ZstdCompression);
        caps |= Protocol41 | SecureConnection | PluginAuth | Ssl;
        caps = (upstreamCaps & PluginAuthLenencData) ? caps | PluginAuthLenencData
                                                     : caps & ~quint32(PluginAuthLenencData);
        caps = m_clientResponse.database.isEmpty() ? caps & ~quint32(ConnectWithDb) : caps | ConnectWithDb;
        if (!(upstreamCaps & ConnectWithDb))
            caps &= ~quint32(ConnectWithDb);
        m_negotiated = caps;
        HandshakeResponse request = m_clientResponse;
        request.capabilities = caps;
        request.mariaDbCapabilities =
            m_clientResponse.mariaDbCapabilities & m_upstreamGreeting.mariaDbCapabilities;
        m_clientResponse = request;
        m_phase = Phase::UpstreamTls;
        writeToUpstream(frameMySqlPacket(1, encodeSslRequest(request)));
        startUpstreamTls();
    });
}

void MySqlProxySession::upstreamEncrypted()
{
    HandshakeResponse response = m_clientResponse;
    response.user = user().toUtf8();
    response.authResponse.clear(); // the server switches to mysql_clear_password for the token
    response.authPlugin = kNativePassword;
    if (!(response.capabilities & ConnectAttrs))
        response.attributes.clear();
    m_phase = Phase::UpstreamAuth;
    writeToUpstream(frameMySqlPacket(2, encodeHandshakeResponse(response)));
}

Error MySqlProxySession::loginRefused(const ServerError &error) const
{
    return makeError(QStringLiteral("proxy.login-refused"),
                     QStringLiteral("the database refused the IAM login for %1: %2")
                         .arg(user(), QString::fromUtf8(error.message)),
                     QStringLiteral("Likely causes: the IAM policy does not allow rds-db:connect for this "
                                    "user on this database, the user was not created for IAM "
                                    "authentication, or this computer's clock is off. The profile's check "
                                    "tells which."));
}

void MySqlProxySession::onUpstreamAuthPacket(const MySqlPacket &packet)
{
    switch (authReplyKind(packet.payload)) {
    case AuthReplyKind::AuthSwitch: {
        const QByteArray plugin = authSwitchPlugin(packet.payload);
        if (plugin != kClearPassword) {
            fail(Failure::LoginRefused,
                 makeError(QStringLiteral("proxy.not-iam"),
                           QStringLiteral("the database asked %1 for %2, not for the IAM token")
                               .arg(user(), QString::fromUtf8(plugin)),
                           QStringLiteral("The database user must be created for IAM authentication "
                                          "(IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS').")));
            return;
        }
        QByteArray secret = m_token.secretText().reveal();
        secret.append('\0');
        writeToUpstream(frameMySqlPacket(quint8(packet.sequence + 1), secret));
        secret.fill('\0');
        m_token = {};
        return;
    }
    case AuthReplyKind::Ok: {
        QByteArray ok = frameMySqlPacket(m_clientErrorSequence, packet.payload);
        startRelay(m_clientPackets.takeBuffered(), ok + m_upstreamPackets.takeBuffered());
        return;
    }
    case AuthReplyKind::Error: {
        const auto error = parseError(packet.payload);
        context().tokens->forget(user());
        fail(Failure::LoginRefused, loginRefused(error ? *error : ServerError{}));
        return;
    }
    default:
        fail(Failure::LoginRefused,
             makeError(QStringLiteral("proxy.not-iam"),
                       QStringLiteral("the database asked for more authentication data than the IAM token")));
        return;
    }
}

void MySqlProxySession::writeClientError(Failure failure, const Error &error)
{
    // Server error numbers only: libmariadb turns a client-range number (2000-2999) from a server
    // into "Received malformed packet" and drops the message.
    quint16 code = 1158; // ER_NET_READ_ERROR
    QByteArray state = "08S01";
    switch (failure) {
    case Failure::Refused:
        if (error.code == u"proxy.too-many-connections") {
            code = 1040;
            state = "08004";
        } else {
            code = 1045;
            state = "28000";
        }
        break;
    case Failure::Protocol:
        code = 1043;
        break;
    case Failure::Credentials:
    case Failure::LoginRefused:
        code = 1045;
        state = "28000";
        break;
    case Failure::Tls:
        code = 3159; // ER_SECURE_TRANSPORT_REQUIRED
        state = "HY000";
        break;
    case Failure::Unreachable:
    case Failure::Upstream:
        break;
    }
    const quint8 sequence = m_greetingSent ? m_clientErrorSequence : 0;
    writeToClient(frameMySqlPacket(
        sequence,
        encodeError(code, state, QStringLiteral("signet proxy: ") + error.toString(context().frontEnd))));
}

void MySqlProxySession::relayFromClient(const QByteArray &bytes)
{
    m_scanner.feed(bytes);
    drainScanner();
}

void MySqlProxySession::drainScanner()
{
    while (!m_changingUser) {
        const auto event = m_scanner.next();
        if (!event)
            break;
        if (event->kind == MySqlCommandScanner::Event::Kind::Forward)
            writeToUpstream(event->bytes);
        else
            beginChangeUser(event->bytes);
    }
    if (m_scanner.hasError()) {
        log(ProxyLog::Level::Warning, m_scanner.error());
        closeBoth();
    }
}

void MySqlProxySession::beginChangeUser(const QByteArray &payload)
{
    m_changingUser = true;
    setClientPaused(true);
    const auto change = parseChangeUser(payload, m_negotiated);
    if (!change) {
        writeToClient(frameMySqlPacket(
            1, encodeError(1043, "08S01", QStringLiteral("signet proxy: invalid COM_CHANGE_USER"))));
        endChangeUser();
        return;
    }
    const QString newUser = change->user.isEmpty() ? context().target.user : QString::fromUtf8(change->user);
    log(ProxyLog::Level::Info, QStringLiteral("COM_CHANGE_USER to %1").arg(newUser));
    setUser(newUser);
    requestToken([this, change = *change](const Result<token::AuthToken> &token) {
        if (!token) {
            writeToClient(frameMySqlPacket(
                1, encodeError(1045, "28000",
                               QStringLiteral("signet proxy: ") +
                                   signingFailed(token.error()).toString(context().frontEnd))));
            endChangeUser();
            return;
        }
        m_token = *token;
        ChangeUser upstreamChange = change;
        upstreamChange.authResponse.clear();
        upstreamChange.authPlugin = kNativePassword;
        if (!upstreamChange.hasCharset)
            upstreamChange.charset = m_clientResponse.charset;
        m_changeReplies = MySqlPacketReader();
        writeToUpstream(frameMySqlPacket(0, encodeChangeUser(upstreamChange, m_negotiated)));
    });
}

void MySqlProxySession::relayFromUpstream(const QByteArray &bytes)
{
    if (!m_changingUser) {
        ProxySession::relayFromUpstream(bytes);
        return;
    }
    m_changeReplies.feed(bytes);
    while (m_changingUser) {
        const auto packet = m_changeReplies.next();
        if (!packet)
            break;
        onChangeUserPacket(*packet);
    }
    if (!m_changingUser) {
        const QByteArray rest = m_changeReplies.takeBuffered();
        if (!rest.isEmpty())
            ProxySession::relayFromUpstream(rest);
    }
}

void MySqlProxySession::onChangeUserPacket(const MySqlPacket &packet)
{
    switch (authReplyKind(packet.payload)) {
    case AuthReplyKind::AuthSwitch:
        if (authSwitchPlugin(packet.payload) == kClearPassword && !m_token.isNull()) {
            QByteArray secret = m_token.secretText().reveal();
            secret.append('\0');
            writeToUpstream(frameMySqlPacket(quint8(packet.sequence + 1), secret));
            secret.fill('\0');
            m_token = {};
            return;
        }
        ProxySession::relayFromUpstream(frameMySqlPacket(
            1, encodeError(1045, "28000",
                           QStringLiteral("signet proxy: the database asked %1 for %2, not for the IAM token")
                               .arg(user(), QString::fromUtf8(authSwitchPlugin(packet.payload))))));
        m_changingUser = false;
        closeBoth();
        return;
    case AuthReplyKind::Error: {
        context().tokens->forget(user());
        const auto error = parseError(packet.payload);
        ProxySession::relayFromUpstream(frameMySqlPacket(
            1, encodeError(error ? error->code : 1045, error ? error->sqlState : QByteArray("28000"),
                           QStringLiteral("signet proxy: ") +
                               loginRefused(error ? *error : ServerError{}).toString(context().frontEnd))));
        endChangeUser();
        return;
    }
    default:
        ProxySession::relayFromUpstream(frameMySqlPacket(1, packet.payload));
        endChangeUser();
        return;
    }
}

void MySqlProxySession::endChangeUser()
{
    m_token = {};
    m_changingUser = false;
    setClientPaused(false);
    drainScanner();
}

} // namespace signet::proxy
