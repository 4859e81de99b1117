// SPDX-License-Identifier: GPL-3.0-or-later
// MySqlMessages: decoding and encoding of the MySQL/MariaDB login-phase packets.
#include "wire/MySqlMessages.h"

#include "wire/MySqlPacketReader.h"

#include <optional>

namespace signet::wire::mysql {

namespace {

// Reads little-endian fields from a payload; every read fails cleanly past the end.
class Cursor final
{
public:
    explicit Cursor(QByteArrayView bytes)
        : m_bytes(bytes)
    {}

    bool atEnd() const { return m_pos >= m_bytes.size(); }
    qsizetype left() const { return m_bytes.size() - m_pos; }

    std::optional<quint64> integer(int width)
    {
        if (left() < width)
            return std::nullopt;
        quint64 value = 0;
        for (int i = 0; i < width; ++i)
            value |= quint64(uchar(m_bytes[m_pos + i])) << (8 * i);
        m_pos += width;
        return value;
    }
    std::optional<QByteArray> bytes(qsizetype count)
    {
        if (count < 0 || left() < count)
            return std::nullopt;
        QByteArray out(m_bytes.data() + m_pos, count);
        m_pos += count;
        return out;
    }
    // A NUL-terminated string; at the end of the payload the terminator may be missing.
    std::optional<QByteArray> nulString(bool terminatorOptional = false)
    {
        const qsizetype end = m_bytes.indexOf('\0', m_pos);
        if (end < 0) {
            if (!terminatorOptional)
                return std::nullopt;
            QByteArray out(m_bytes.data() + m_pos, left());
            m_pos = m_bytes.size();
            return out;
        }
        QByteArray out(m_bytes.data() + m_pos, end - m_pos);
        m_pos = end + 1;
        return out;
    }
    std::optional<quint64> lengthEncoded()
    {
        const auto first = integer(1);
        if (!first)
            return std::nullopt;
        if (*first < 0xFB)
            return *first;
        if (*first == 0xFC)
            return integer(2);
        if (*first == 0xFD)
            return integer(3);
        if (*first == 0xFE)
            return integer(8);
        return std::nullopt;
    }
    std::optional<QByteArray> lengthEncodedString()
    {
        const auto length = lengthEncoded();
        if (!length || *length > quint64(left()))
            return std::nullopt;
        return bytes(qsizetype(*length));
    }
    QByteArray rest()
    {
        QByteArray out(m_bytes.data() + m_pos, left());
        m_pos = m_bytes.size();
        return out;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
};

void appendInt(QByteArray &out, quint64 value, int width)
{
    for (int i = 0; i < width; ++i)
        out.append(char((value >> (8 * i)) & 0xFF));
}

void appendNul(QByteArray &out, QByteArrayView text)
{
    out.append(text.data(), text.size());
    out.append('\0');
}

Error malformed(const QString &what)
{
    return makeError(QStringLiteral("proxy.mysql.malformed"),
                     QStringLiteral("malformed MySQL %1 packet").arg(what));
}

} // namespace

void appendLengthEncoded(QByteArray &out, quint64 value)
{
    if (value < 0xFB) {
        appendInt(out, value, 1);
    } else if (value <= 0xFFFF) {
        out.append(char(0xFC));
        appendInt(out, value, 2);
    } else if (value <= 0xFFFFFF) {
        out.append(char(0xFD));
        appendInt(out, value, 3);
    } else {
        out.append(char(0xFE));
        appendInt(out, value, 8);
    }
}

AuthReplyKind authReplyKind(QByteArrayView payload)
{
    if (payload.isEmpty())
        return AuthReplyKind::Other;
    switch (uchar(payload[0])) {
    case 0x00:
        return AuthReplyKind::Ok;
    case 0xFF:
        return AuthReplyKind::Error;
    case 0xFE:
        return AuthReplyKind::AuthSwitch;
    case 0x01:
        return AuthReplyKind::MoreData;
    default:
        return AuthReplyKind::Other;
    }
}

Result<Greeting> parseGreeting(QByteArrayView payload)
{
    Cursor in(payload);
    const auto protocol = in.integer(1);
    if (!protocol || *protocol != 10)
        return makeError(QStringLiteral("proxy.mysql.protocol"),
                         QStringLiteral("the server greeting is not MySQL protocol version 10"));
    Greeting g;
    const auto version = in.nulString();
    const auto id = in.integer(4);
    const auto part1 = in.bytes(8);
    const auto filler = in.integer(1);
    const auto capsLow = in.integer(2);
    if (!version || !id || !part1 || !filler || !capsLow)
        return malformed(QStringLiteral("greeting"));
    g.serverVersion = *version;
    g.connectionId = quint32(*id);
    g.scramble = *part1;
    g.capabilities = quint32(*capsLow);
    if (in.atEnd())
        return g;
    const auto charset = in.integer(1);
    const auto status = in.integer(2);
    const auto capsHigh = in.integer(2);
    const auto authLength = in.integer(1);
    const auto reserved = in.bytes(6);
    const auto extended = in.integer(4);
    if (!charset || !status || !capsHigh || !authLength || !reserved || !extended)
        return malformed(QStringLiteral("greeting"));
    g.charset = quint8(*charset);
    g.status = quint16(*status);
    g.capabilities |= quint32(*capsHigh) << 16;
    if (!(g.capabilities & ClientMySql))
        g.mariaDbCapabilities = quint32(*extended);
    if (g.capabilities & SecureConnection) {
        const qsizetype part2Length = qMax<qsizetype>(13, qsizetype(*authLength) - 8);
        const auto part2 = in.bytes(qMin(part2Length, in.left()));
        if (!part2)
            return malformed(QStringLiteral("greeting"));
        QByteArray rest = *part2;
        if (rest.endsWith('\0'))
            rest.chop(1);
        g.scramble += rest;
    }
    if (g.capabilities & PluginAuth) {
        const auto plugin = in.nulString(true);
        if (plugin)
            g.authPlugin = *plugin;
    }
    return g;
}

QByteArray encodeGreeting(const Greeting &g)
{
    QByteArray out;
    out.append(char(10));
    appendNul(out, g.serverVersion);
    appendInt(out, g.connectionId, 4);
    const QByteArray scramble = g.scramble.leftJustified(20, '\0', true);
    out.append(scramble.left(8));
    out.append('\0');
    appendInt(out, g.capabilities & 0xFFFF, 2);
    appendInt(out, g.charset, 1);
    appendInt(out, g.status, 2);
    appendInt(out, g.capabilities >> 16, 2);
    appendInt(out, (g.capabilities & PluginAuth) ? scramble.size() + 1 : 0, 1);
    out.append(QByteArray(6, '\0'));
    appendInt(out, (g.capabilities & ClientMySql) ? 0 : g.mariaDbCapabilities, 4);
    if (g.capabilities & SecureConnection) {
        out.append(scramble.mid(8));
        out.append('\0');
    }
    if (g.capabilities & PluginAuth)
        appendNul(out, g.authPlugin);
    return out;
}

namespace {

// The auth response after the user name, in the form the capabilities choose: length-encoded
// (PluginAuthLenencData), one length byte (SecureConnection), or NUL-terminated. appendAuthData()
// writes the same forms.
std::optional<QByteArray> readAuthData(Cursor &in, quint32 capabilities)
{
    if (capabilities & PluginAuthLenencData)
        return in.lengthEncodedString();
    if (capabilities & SecureConnection) {
        const auto length = in.integer(1);
        return length ? in.bytes(qsizetype(*length)) : std::nullopt;
    }
    return in.nulString(true);
}

// COM_CHANGE_USER has no length-encoded auth response, whatever the client negotiated.
constexpr quint32 changeUserAuthCapabilities(quint32 clientCapabilities)
{
    return clientCapabilities & ~quint32(PluginAuthLenencData);
}

} // namespace

Result<HandshakeResponse> parseHandshakeResponse(QByteArrayView payload)
{
    Cursor in(payload);
    HandshakeResponse r;
    const auto caps = in.integer(4);
    if (!caps)
        return malformed(QStringLiteral("handshake response"));
    r.capabilities = quint32(*caps);
    if (!(r.capabilities & Protocol41))
        return makeError(QStringLiteral("proxy.mysql.old-client"),
                         QStringLiteral("the client speaks the pre-4.1 MySQL protocol"),
                         QStringLiteral("Use a MySQL or MariaDB client from the last 15 years."));
    const auto maxPacket = in.integer(4);
    const auto charset = in.integer(1);
    const auto filler = in.bytes(19);
    const auto extended = in.integer(4);
    if (!maxPacket || !charset || !filler || !extended)
        return malformed(QStringLiteral("handshake response"));
    r.maxPacketSize = quint32(*maxPacket);
    r.charset = quint8(*charset);
    if (!(r.capabilities & ClientMySql))
        r.mariaDbCapabilities = quint32(*extended);
    if (in.atEnd()) {
        r.sslRequestOnly = true;
        return r;
    }
    const auto user = in.nulString();
    if (!user)
        return malformed(QStringLiteral("handshake response"));
    r.user = *user;
    const auto auth = readAuthData(in, r.capabilities);
    if (!auth)
        return malformed(QStringLiteral("handshake response"));
    r.authResponse = *auth;
    if ((r.capabilities & ConnectWithDb) && !in.atEnd()) {
        const auto db = in.nulString(true);
        if (!db)
            return malformed(QStringLiteral("handshake response"));
        r.database = *db;
    }
    if ((r.capabilities & PluginAuth) && !in.atEnd()) {
        const auto plugin = in.nulString(true);
        if (!plugin)
            return malformed(QStringLiteral("handshake response"));
        r.authPlugin = *plugin;
    }
    if ((r.capabilities & ConnectAttrs) && !in.atEnd()) {
        const auto attributes = in.lengthEncodedString();
        if (!attributes)
            return malformed(QStringLiteral("handshake response"));
        r.attributes = *attributes;
    }
    return r;
}

namespace {

void appendResponseHead(QByteArray &out, const HandshakeResponse &r)
{
    appendInt(out, r.capabilities, 4);
    appendInt(out, r.maxPacketSize, 4);
    appendInt(out, r.charset, 1);
    out.append(QByteArray(19, '\0'));
    appendInt(out, (r.capabilities & ClientMySql) ? 0 : r.mariaDbCapabilities, 4);
}

void appendAuthData(QByteArray &out, QByteArrayView auth, quint32 capabilities)
{
    if (capabilities & PluginAuthLenencData) {
        appendLengthEncoded(out, quint64(auth.size()));
        out.append(auth.data(), auth.size());
    } else if (capabilities & SecureConnection) {
        appendInt(out, quint64(qMin<qsizetype>(auth.size(), 255)), 1);
        out.append(auth.data(), qMin<qsizetype>(auth.size(), 255));
    } else {
        appendNul(out, auth);
    }
}

} // namespace

QByteArray encodeSslRequest(const HandshakeResponse &response)
{
    QByteArray out;
    HandshakeResponse r = response;
    r.capabilities |= Ssl;
    appendResponseHead(out, r);
    return out;
}

QByteArray sslRequestPacket()
{
    HandshakeResponse request;
    request.capabilities = ClientMySql | LongFlag | Protocol41 | Transactions | SecureConnection | PluginAuth;
    request.maxPacketSize = 16 * 1024 * 1024;
    request.charset = 45; // utf8mb4_general_ci
    return frameMySqlPacket(1, encodeSslRequest(request));
}

QByteArray encodeHandshakeResponse(const HandshakeResponse &r)
{
    QByteArray out;
    appendResponseHead(out, r);
    appendNul(out, r.user);
    appendAuthData(out, r.authResponse, r.capabilities);
    if (r.capabilities & ConnectWithDb)
        appendNul(out, r.database);
    if (r.capabilities & PluginAuth)
        appendNul(out, r.authPlugin);
    if (r.capabilities & ConnectAttrs) {
        appendLengthEncoded(out, quint64(r.attributes.size()));
        out.append(r.attributes);
    }
    return out;
}

Result<ChangeUser> parseChangeUser(QByteArrayView payload, quint32 clientCapabilities)
{
    Cursor in(payload);
    const auto command = in.integer(1);
    if (!command || *command != ComChangeUser)
        return malformed(QStringLiteral("COM_CHANGE_USER"));
    ChangeUser c;
    const auto user = in.nulString();
    if (!user)
        return malformed(QStringLiteral("COM_CHANGE_USER"));
    c.user = *user;
    const auto auth = readAuthData(in, changeUserAuthCapabilities(clientCapabilities));
    if (!auth)
        return malformed(QStringLiteral("COM_CHANGE_USER"));
    c.authResponse = *auth;
    if (in.atEnd())
        return c;
    const auto db = in.nulString(true);
    if (!db)
        return malformed(QStringLiteral("COM_CHANGE_USER"));
    c.database = *db;
    if (in.left() >= 2) {
        c.charset = quint16(*in.integer(2));
        c.hasCharset = true;
    }
    if ((clientCapabilities & PluginAuth) && !in.atEnd())
        c.authPlugin = in.nulString(true).value_or(QByteArray());
    if ((clientCapabilities & ConnectAttrs) && !in.atEnd()) {
        const auto attributes = in.lengthEncodedString();
        if (!attributes)
            return malformed(QStringLiteral("COM_CHANGE_USER"));
        c.attributes = *attributes;
    }
    return c;
}

QByteArray encodeChangeUser(const ChangeUser &c, quint32 clientCapabilities)
{
    QByteArray out;
    out.append(char(ComChangeUser));
    appendNul(out, c.user);
    appendAuthData(out, c.authResponse, changeUserAuthCapabilities(clientCapabilities));
    appendNul(out, c.database);
    appendInt(out, c.charset, 2);
    if (clientCapabilities & PluginAuth)
        appendNul(out, c.authPlugin);
    if (clientCapabilities & ConnectAttrs) {
        appendLengthEncoded(out, quint64(c.attributes.size()));
        out.append(c.attributes);
    }
    return out;
}

Result<ServerError> parseError(QByteArrayView payload)
{
    Cursor in(payload);
    const auto marker = in.integer(1);
    const auto code = in.integer(2);
    if (!marker || *marker != 0xFF || !code)
        return malformed(QStringLiteral("error"));
    ServerError e;
    e.code = quint16(*code);
    if (in.left() >= 6 && payload[3] == '#') {
        in.bytes(1);
        e.sqlState = *in.bytes(5);
    }
    e.message = in.rest();
    return e;
}

QByteArray encodeError(quint16 code, QByteArrayView sqlState, const QString &message)
{
    QByteArray out;
    out.append(char(0xFF));
    appendInt(out, code, 2);
    out.append('#');
    out.append(QByteArray(sqlState.data(), sqlState.size()).leftJustified(5, '0', true));
    out.append(message.toUtf8());
    return out;
}

QByteArray authSwitchPlugin(QByteArrayView payload)
{
    if (payload.isEmpty() || uchar(payload[0]) != 0xFE)
        return {};
    Cursor in(payload.sliced(1));
    return in.nulString(true).value_or(QByteArray());
}

} // namespace signet::wire::mysql
