// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the check's reading of a MySQL/MariaDB server's first bytes (greeting or error
// packet), fed in pieces as a socket delivers them, and the explanation of a server error text.
#include "FuzzSupport.h"
#include "probe/ErrorExplainer.h"
#include "probe/PreTlsReply.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    // The first byte says how the stream is cut into reads; the verdict must not depend on it.
    const qsizetype chunk = input.isEmpty() ? 1 : 1 + quint8(input[0]) % 16;
    const QByteArray stream = input.mid(1);
    probe::PreTlsReply whole = probe::readMySqlGreeting(stream);
    QByteArray buffered;
    probe::PreTlsReply reply;
    for (qsizetype at = 0; at < stream.size() && reply.kind == probe::PreTlsReply::Kind::NeedMore;
         at += chunk) {
        buffered += stream.mid(at, chunk);
        reply = probe::readMySqlGreeting(buffered);
    }
    fuzz::require(reply.kind == whole.kind && reply.outcome.kind == whole.outcome.kind &&
                  reply.outcome.detail == whole.outcome.detail && reply.serverVersion == whole.serverVersion);
    if (reply.kind == probe::PreTlsReply::Kind::Finished) {
        fuzz::require(!reply.outcome.detail.isEmpty());
        const auto explanation = probe::ErrorExplainer::explain(Engine::MySql, reply.outcome.detail,
                                                                reply.outcome.serverErrorCode);
        fuzz::require(!explanation.id.isEmpty());
        (void)explanation.toLines();
    }
    return 0;
}
