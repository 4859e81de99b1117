// SPDX-License-Identifier: GPL-3.0-or-later
// UriEncoding: the percent-encoding SigV4 (and botocore) apply to paths and query strings.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace signet::aws::uri {

namespace detail {
// 1 for RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), 2 for '/', 0 otherwise: a table
// because the test runs once per byte of kilobyte-long session tokens.
inline constexpr auto uriClass = [] {
    struct Table
    {
        unsigned char value[256] = {};
    } table;
    for (int c = 'A'; c <= 'Z'; ++c)
        table.value[c] = 1;
    for (int c = 'a'; c <= 'z'; ++c)
        table.value[c] = 1;
    for (int c = '0'; c <= '9'; ++c)
        table.value[c] = 1;
    table.value[int('-')] = table.value[int('.')] = table.value[int('_')] = table.value[int('~')] = 1;
    table.value[int('/')] = 2;
    return table;
}();
} // namespace detail

// True for RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), which SigV4 never encodes.
constexpr bool isUnreserved(unsigned char c)
{
    return detail::uriClass.value[c] == 1;
}

// Unreserved, or '/' when keepSlash: the bytes that are written as they are.
constexpr bool isKept(unsigned char c, bool keepSlash)
{
    const unsigned char kind = detail::uriClass.value[c];
    return kind == 1 || (keepSlash && kind == 2);
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
