// UriEncoding: the percent-encoding SigV4 (and botocore) apply to paths and query strings.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace signet::aws::uri {

// True for RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), which SigV4 never encodes.
constexpr bool isUnreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// Appends `bytes` with every byte but the unreserved ones (and '/' when keepSlash) written as
// %XX with upper-case hex. Non-ASCII text must already be UTF-8.
void appendEncoded(QByteArray &out, QByteArrayView bytes, bool keepSlash = false);
QByteArray encoded(QByteArrayView bytes, bool keepSlash = false);
// As above; returns `bytes` itself (shared, no copy) when nothing needs escaping.
QByteArray encodedOrSame(const QByteArray &bytes, bool keepSlash = false);
bool needsEncoding(QByteArrayView bytes, bool keepSlash = false);

// Turns %XX back into bytes; '+' stays '+'. Malformed escapes are kept as they are.
QByteArray decoded(QByteArrayView bytes);

} // namespace signet::aws::uri
