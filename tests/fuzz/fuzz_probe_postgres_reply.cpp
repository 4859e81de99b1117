// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the check's reading of a PostgreSQL server's answer to the SSLRequest, and the
// explanation of the error text a PostgreSQL server (or pgbouncer, or anything on the port) sends.
#include "FuzzSupport.h"
#include "probe/ErrorExplainer.h"
#include "probe/PreTlsReply.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const probe::PreTlsReply reply = probe::readPostgresSslReply(input);
    fuzz::require((reply.kind == probe::PreTlsReply::Kind::NeedMore) == input.isEmpty());
    if (reply.kind == probe::PreTlsReply::Kind::Finished)
        fuzz::require(!reply.outcome.detail.isEmpty());
    const auto explanation =
        probe::ErrorExplainer::explain(Engine::Postgres, QString::fromUtf8(input.mid(1)));
    fuzz::require(!explanation.id.isEmpty());
    (void)explanation.toLines();
    return 0;
}
