// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the local proxy's MySQL/MariaDB wire readers on both sides, each fed as a stream in
// random slices and read in the order MySqlProxySession reads it: the server's greeting, then its
// auth replies (OK, ERR, auth switch); the client's SSL request or handshake response, then its
// command stream through MySqlCommandScanner, whose COM_CHANGE_USER packets are parsed with the
// negotiated capabilities. What parses must encode and parse back to the same fields.
#include "FuzzSupport.h"
#include "proxy/MySqlCommandScanner.h"
#include "wire/MySqlMessages.h"
#include "wire/MySqlPacketReader.h"

using namespace signet;
using namespace signet::proxy;
using namespace signet::wire;

namespace {

void serverSide(const fuzz::Stream &stream)
{
    MySqlPacketReader reader;
    bool greeted = false;
    for (qsizetype at = 0; at < stream.bytes.size() && !reader.hasError(); at += stream.slice) {
        reader.feed(stream.at(at));
        while (const auto packet = reader.next()) {
            if (!greeted) {
                greeted = true;
                const auto greeting = mysql::parseGreeting(packet->payload);
                if (!greeting) {
                    fuzz::requireExplained(greeting.error());
                    return;
                }
                const auto again = mysql::parseGreeting(mysql::encodeGreeting(*greeting));
                fuzz::require(again && again->serverVersion == greeting->serverVersion &&
                              again->capabilities == greeting->capabilities);
                continue;
            }
            switch (mysql::authReplyKind(packet->payload)) {
            case mysql::AuthReplyKind::Error:
                if (const auto error = mysql::parseError(packet->payload); !error)
                    fuzz::requireExplained(error.error());
                break;
            case mysql::AuthReplyKind::AuthSwitch:
                (void)mysql::authSwitchPlugin(packet->payload);
                break;
            default:
                break;
            }
        }
    }
    if (reader.hasError())
        fuzz::require(!reader.error().isEmpty());
}

void clientSide(const fuzz::Stream &stream)
{
    MySqlPacketReader reader;
    MySqlCommandScanner commands;
    quint32 capabilities = 0;
    bool loggedIn = false;
    for (qsizetype at = 0; at < stream.bytes.size(); at += stream.slice) {
        const QByteArrayView bytes = stream.at(at);
        if (loggedIn) {
            commands.feed(bytes);
        } else {
            reader.feed(bytes);
            while (!loggedIn && !reader.hasError()) {
                const auto packet = reader.next();
                if (!packet)
                    break;
                const auto response = mysql::parseHandshakeResponse(packet->payload);
                if (!response) {
                    fuzz::requireExplained(response.error());
                    return;
                }
                if (response->sslRequestOnly)
                    continue; // TLS would start here; the full response follows inside it
                capabilities = response->capabilities;
                const auto again = mysql::parseHandshakeResponse(mysql::encodeHandshakeResponse(*response));
                fuzz::require(again && again->user == response->user &&
                              again->database == response->database);
                loggedIn = true;
                commands.feed(reader.takeBuffered());
            }
            if (reader.hasError())
                return;
        }
        while (const auto event = commands.next()) {
            if (event->kind != MySqlCommandScanner::Event::Kind::ChangeUser)
                continue;
            const auto change = mysql::parseChangeUser(event->bytes, capabilities);
            if (!change) {
                fuzz::requireExplained(change.error());
                continue;
            }
            const auto again =
                mysql::parseChangeUser(mysql::encodeChangeUser(*change, capabilities), capabilities);
            fuzz::require(again && again->user == change->user);
        }
        if (commands.hasError())
            return;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::Stream input = fuzz::stream(data, size);
    if (input.fromServer)
        serverSide(input);
    else
        clientSide(input);
    return 0;
}
