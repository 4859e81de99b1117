// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlMessages: the login-phase packets of the MySQL/MariaDB protocol, decoded and encoded; pure.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace signet::wire::mysql {

// Capability flags (lower 32 bits; MariaDB's extended ones travel separately).
enum Capability : quint32
{
    ClientMySql = 1U << 0, // MariaDB: cleared by a server or client that uses extended capabilities
                           // (MySQL: CLIENT_LONG_PASSWORD)
    LongFlag = 1U << 2,
    ConnectWithDb = 1U << 3,
    Compress = 1U << 5,
    LocalFiles = 1U << 7,
    Protocol41 = 1U << 9,
    Ssl = 1U << 11,
    Transactions = 1U << 13,
    SecureConnection = 1U << 15,
    MultiStatements = 1U << 16,
    MultiResults = 1U << 17,
    PluginAuth = 1U << 19,
    ConnectAttrs = 1U << 20,
    PluginAuthLenencData = 1U << 21,
    SessionTrack = 1U << 23,
    DeprecateEof = 1U << 24,
    ZstdCompression = 1U << 26,
};

// The server's first packet (protocol version 10).
struct Greeting final
{
    QByteArray serverVersion;
    quint32 connectionId = 0;
    QByteArray scramble; // 20 bytes for mysql_native_password
    quint32 capabilities = 0;
    quint32 mariaDbCapabilities = 0; // only when ClientMySql is not set
    quint8 charset = 0;
    quint16 status = 0;
    QByteArray authPlugin;
};

// The client's answer to the greeting; sslRequestOnly when it was the short SSL request.
struct HandshakeResponse final
{
    quint32 capabilities = 0;
    quint32 mariaDbCapabilities = 0;
    quint32 maxPacketSize = 0;
    quint8 charset = 0;
    bool sslRequestOnly = false;
    QByteArray user;
    QByteArray authResponse;
    QByteArray database;
    QByteArray authPlugin;
    QByteArray attributes; // the connection attributes block as sent, without its length prefix
};

// COM_CHANGE_USER's fields (the command byte 0x11 first).
struct ChangeUser final
{
    QByteArray user;
    QByteArray authResponse;
    QByteArray database;
    quint16 charset = 0;
    bool hasCharset = false;
    QByteArray authPlugin;
    QByteArray attributes;
};

struct ServerError final
{
    quint16 code = 0;
    QByteArray sqlState; // 5 characters, or empty
    QByteArray message;
};

// What a server may answer during authentication.
enum class AuthReplyKind
{
    Ok,         // 0x00
    Error,      // 0xFF
    AuthSwitch, // 0xFE: plugin name and its data
    MoreData,   // 0x01: plugin-specific data
    Other,
};
AuthReplyKind authReplyKind(QByteArrayView payload);

constexpr quint8 ComChangeUser = 0x11;
constexpr quint8 ComQuit = 0x01;

Result<Greeting> parseGreeting(QByteArrayView payload);
QByteArray encodeGreeting(const Greeting &greeting);

Result<HandshakeResponse> parseHandshakeResponse(QByteArrayView payload);
QByteArray encodeHandshakeResponse(const HandshakeResponse &response);
// The 32-byte SSL request (the first half of a handshake response, CLIENT_SSL set).
QByteArray encodeSslRequest(const HandshakeResponse &response);
// The whole SSL request packet (sequence 1, after the greeting) of a client that asks for TLS
// before anything else: the check and the TLS peer probe (protocol 4.1, secure connection, plugin
// auth, utf8mb4, 16 MiB packets).
QByteArray sslRequestPacket();

// `clientCapabilities` decides how the auth data and the plugin name are framed.
Result<ChangeUser> parseChangeUser(QByteArrayView payload, quint32 clientCapabilities);
QByteArray encodeChangeUser(const ChangeUser &change, quint32 clientCapabilities);

Result<ServerError> parseError(QByteArrayView payload);
// An ERR packet's payload (Protocol41 form with an SQL state).
QByteArray encodeError(quint16 code, QByteArrayView sqlState, const QString &message);
// The plugin name of an AuthSwitch request.
QByteArray authSwitchPlugin(QByteArrayView payload);

// Length-encoded integers and strings (needed by the messages above and by tests).
void appendLengthEncoded(QByteArray &out, quint64 value);

} // namespace signet::wire::mysql
