// SPDX-License-Identifier: GPL-3.0-or-later
// PgProxySession: a PostgreSQL client's login finished locally, the upstream login done with a token.
#pragma once

#include "proxy/PgMessageReader.h"
#include "proxy/PgStartupReader.h"
#include "proxy/ProxySession.h"

namespace signet::proxy {

// Client: SSLRequest is answered 'S' and the connection switched to TLS with the local certificate
// when the listener offers local TLS (TCP clients), else 'N'; GSSENCRequest is answered 'N'; the
// StartupMessage names user and database.
// Upstream: SSLRequest, TLS verified against the profile's CA and endpoint name, the client's
// startup parameters, AuthenticationCleartextPassword answered with the token. AuthenticationOk,
// ParameterStatus, notices and ReadyForQuery reach the client; BackendKeyData is replaced by a key
// of Signet's, which a CancelRequest to the proxy maps back (ProxyListener::cancel). Then bytes flow
// unchanged.
class PgProxySession final : public ProxySession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgProxySession)

public:
    using ProxySession::ProxySession;

    // The upstream's key, for a cancel on a new connection.
    quint32 upstreamProcessId() const { return m_upstreamProcessId; }
    quint32 upstreamSecretKey() const { return m_upstreamSecretKey; }

    // Sends a CancelRequest for the upstream key over a new verified-TLS connection (fire and forget).
    static void sendCancel(const ProxyContext &context, quint32 processId, quint32 secretKey);

protected:
    void beginLogin() override;
    void clientDataDuringLogin() override;
    void upstreamDataDuringLogin() override;
    void upstreamConnected() override;
    void upstreamEncrypted() override;
    void clientEncrypted() override;
    void writeClientError(Failure failure, const Error &error) override;

private:
    enum class Phase
    {
        ClientStartup,
        ClientTls,
        Signing,
        UpstreamConnecting,
        UpstreamSslReply,
        UpstreamTls,
        UpstreamAuth,
        UpstreamStatus,
    };

    void onStartup(const PgStartupRequest &request);
    void onUpstreamMessage(const PgMessage &message);
    Error loginRefused(const QMap<char, QByteArray> &fields) const;

    Phase m_phase = Phase::ClientStartup;
    PgStartupReader m_startup;
    PgMessageReader m_messages;
    PgStartupRequest m_request;
    token::AuthToken m_token;
    bool m_sentStartup = false;
    bool m_refusing = false;
    quint32 m_upstreamProcessId = 0;
    quint32 m_upstreamSecretKey = 0;
};

} // namespace signet::proxy
