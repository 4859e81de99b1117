// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the local proxy's PostgreSQL wire readers on both sides, each fed as a stream in
// random slices and read in the order PgProxySession reads it: the client's SSLRequest / GSSENC /
// CancelRequest / StartupMessage, then its typed messages (the password); the server's typed
// messages: authentication requests, ErrorResponse/NoticeResponse fields, BackendKeyData.
#include "FuzzSupport.h"
#include "proxy/PgMessageReader.h"
#include "proxy/PgStartupReader.h"
#include "wire/PgMessages.h"

using namespace signet;
using namespace signet::proxy;
using namespace signet::wire;

namespace {

void readMessages(PgMessageReader &reader)
{
    while (const auto message = reader.next()) {
        switch (message->type) {
        case 'R':
            (void)pg::authCode(message->body);
            break;
        case 'E':
        case 'N':
            (void)pg::parseFields(message->body);
            break;
        case 'K': {
            quint32 processId = 0;
            quint32 secretKey = 0;
            if (pg::parseBackendKeyData(message->body, processId, secretKey))
                fuzz::require(pg::encodeBackendKeyData(processId, secretKey).mid(5) == message->body);
            break;
        }
        default:
            break;
        }
    }
}

void clientSide(const fuzz::Stream &stream)
{
    PgStartupReader startup;
    PgMessageReader messages;
    bool started = false;
    for (qsizetype at = 0; at < stream.bytes.size(); at += stream.slice) {
        const QByteArrayView bytes = stream.at(at);
        if (started) {
            messages.feed(bytes);
        } else {
            startup.feed(bytes);
            while (const auto request = startup.next()) {
                if (request->kind != PgStartupRequest::Kind::Startup)
                    continue; // SSL/GSS answered 'N' or TLS begins; a cancel ends the connection
                (void)request->parameter("user");
                const auto again = [&] {
                    PgStartupReader reader;
                    reader.feed(pg::encodeStartup(request->parameters));
                    return reader.next();
                }();
                fuzz::require(again && again->parameters == request->parameters);
                started = true;
                messages.feed(startup.takeBuffered());
                break;
            }
            if (startup.hasError()) {
                fuzz::require(!startup.error().isEmpty());
                return;
            }
        }
        readMessages(messages);
        if (messages.hasError())
            return;
    }
}

void serverSide(const fuzz::Stream &stream)
{
    PgMessageReader reader;
    for (qsizetype at = 0; at < stream.bytes.size() && !reader.hasError(); at += stream.slice) {
        reader.feed(stream.at(at));
        readMessages(reader);
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
