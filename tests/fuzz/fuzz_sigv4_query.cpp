// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: SigV4 canonicalisation of a request line's path and query (percent-decoding,
// encoding, sorting, dot-segment removal), which signs whatever a caller or an endpoint URL holds.
#include "FuzzSupport.h"
#include "aws/SigV4Request.h"
#include "aws/UriEncoding.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    // "METHOD path?query\nheader: value\n…" loosely: the first line is the request target.
    const qsizetype lineEnd = input.indexOf('\n');
    const QByteArray target = lineEnd < 0 ? input : input.left(lineEnd);
    const qsizetype question = target.indexOf('?');
    aws::SigV4Request request;
    request.path = question < 0 ? target : target.left(question);
    if (request.path.isEmpty())
        request.path = QByteArrayLiteral("/");
    if (question >= 0) {
        for (const QByteArray &pair : target.mid(question + 1).split('&')) {
            const qsizetype equals = pair.indexOf('=');
            request.query.append({aws::uri::decoded(equals < 0 ? pair : pair.left(equals)),
                                  equals < 0 ? QByteArray() : aws::uri::decoded(pair.mid(equals + 1))});
        }
    }
    if (lineEnd >= 0) {
        for (const QByteArray &line : input.mid(lineEnd + 1).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.append({line.left(colon), line.mid(colon + 1)});
        }
    }
    request.normalizePath = !input.startsWith("s3");

    // METHOD \n URI \n QUERY \n headers…: the path came from one line and the method is fixed, so the
    // canonical query is the third line.
    const QByteArray canonical = request.canonicalRequest();
    const qsizetype uriEnd = canonical.indexOf('\n', canonical.indexOf('\n') + 1);
    const qsizetype queryEnd = canonical.indexOf('\n', uriEnd + 1);
    fuzz::require(uriEnd > 0 && queryEnd > uriEnd);
    const QByteArray query = canonical.sliced(uriEnd + 1, queryEnd - uriEnd - 1);
    // The query on its own is the same sort of the same pairs. Sorting thousands of pairs ("&&&…")
    // again is most of an input's time and no new code, so only for the shorter queries.
    if (request.query.size() <= 64)
        fuzz::require(request.canonicalQueryString() == query);
    // The canonical query and URI carry only unreserved characters, '%XX', '=', '&' (and '/').
    for (const char c : query)
        fuzz::require(aws::uri::isUnreserved(uchar(c)) || c == '%' || c == '=' || c == '&');
    for (const char c : request.canonicalUri())
        fuzz::require(aws::uri::isKept(uchar(c), true) || c == '%');
    // Encoding is reversible and idempotent in what it keeps.
    const QByteArray encoded = aws::uri::encoded(input);
    fuzz::require(aws::uri::decoded(encoded) == input);
    fuzz::require(aws::uri::encodedOrSame(input) == encoded);
    fuzz::require(aws::uri::needsEncoding(input) == (encoded != input));
    // Request paths are absolute: their normal form is too, and normalising it again changes nothing.
    if (request.path.startsWith('/')) {
        const QByteArray normalized = aws::SigV4Request::normalizedPath(request.path);
        fuzz::require(normalized.startsWith('/'));
        fuzz::require(aws::SigV4Request::normalizedPath(normalized) == normalized);
    }
    (void)request.encodedQuery();
    (void)request.signedHeaders();
    return 0;
}
