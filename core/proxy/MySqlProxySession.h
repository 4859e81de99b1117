// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlProxySession: a MySQL/MariaDB client's login finished locally, the upstream login done with a
// token over verified TLS, COM_CHANGE_USER re-authenticated with a fresh token.
#pragma once

#include "proxy/MySqlCommandScanner.h"
#include "proxy/ProxySession.h"
#include "wire/MySqlMessages.h"
#include "wire/MySqlPacketReader.h"

namespace signet::proxy {

// Upstream greeting first (its server version and connection id go into Signet's greeting, so
// `KILL QUERY <id>` and Connector/J's cancel reach the right session); the client's greeting offers
// the upstream's capabilities without compression, without SSL unless the listener offers local TLS
// (then a client's SSL request switches it to TLS and its handshake response comes encrypted), and
// mysql_native_password with a fresh scramble; any password is accepted. Then upstream: SSL request, TLS
// verify-full, a handshake response with the client's capabilities and character set, and the token for the
// server's switch to mysql_clear_password. The server's OK or ERR reaches the client as its sequence 2.
class MySqlProxySession final : public ProxySession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MySqlProxySession)

public:
    using ProxySession::ProxySession;

protected:
    void beginLogin() override;
    void clientDataDuringLogin() override;
    void upstreamDataDuringLogin() override;
    void upstreamConnected() override;
    void upstreamEncrypted() override;
    void clientEncrypted() override;
    void writeClientError(Failure failure, const Error &error) override;
    void relayFromClient(const QByteArray &bytes) override;
    void relayFromUpstream(const QByteArray &bytes) override;

private:
    enum class Phase
    {
        UpstreamGreeting,
        ClientResponse,
        ClientTls,
        Signing,
        UpstreamTls,
        UpstreamAuth,
    };

    void onUpstreamGreeting(const wire::MySqlPacket &packet);
    void onClientResponse(const wire::MySqlPacket &packet);
    QByteArray readClientLoginBytes();
    void onUpstreamAuthPacket(const wire::MySqlPacket &packet);
    Error loginRefused(const wire::mysql::ServerError &error) const;
    void drainScanner();
    void beginChangeUser(const QByteArray &payload);
    void onChangeUserPacket(const wire::MySqlPacket &packet);
    void endChangeUser();

    Phase m_phase = Phase::UpstreamGreeting;
    // Both sides only log in through these: the relay after it reads no packets.
    wire::MySqlPacketReader m_upstreamPackets{wire::MySqlPacketReader::MaxLoginPayload};
    wire::MySqlPacketReader m_clientPackets{wire::MySqlPacketReader::MaxLoginPayload};
    wire::mysql::Greeting m_upstreamGreeting;
    wire::mysql::HandshakeResponse m_clientResponse;
    quint32 m_negotiated = 0; // the capabilities the upstream session runs with
    token::AuthToken m_token;
    bool m_greetingSent = false;
    quint8 m_clientErrorSequence = 0;

    MySqlCommandScanner m_scanner;
    bool m_changingUser = false;
    wire::MySqlPacketReader m_changeReplies;
};

} // namespace signet::proxy
