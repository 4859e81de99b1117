// SigV4Request: canonical request construction for Signature Version 4.
#include "aws/SigV4Request.h"

#include "aws/SigV4Crypto.h"
#include "aws/UriEncoding.h"

#include <algorithm>

namespace signet::aws {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool equalsIgnoringAsciiCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

} // namespace

void SigV4Request::setHeader(QByteArrayView name, QByteArrayView value)
{
    headers.removeIf([name](const Pair &header) { return equalsIgnoringAsciiCase(header.first, name); });
    headers.append({name.toByteArray(), value.toByteArray()});
}

bool SigV4Request::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.cbegin(), headers.cend(),
                       [name](const Pair &header) { return equalsIgnoringAsciiCase(header.first, name); });
}

QByteArray SigV4Request::lowerAscii(QByteArrayView bytes)
{
    QByteArray out = bytes.toByteArray();
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return out;
}

QByteArray SigV4Request::trimAll(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (char c : value) {
        if (isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace)
            out.append(' ');
        pendingSpace = false;
        out.append(c);
    }
    return out;
}

QByteArray SigV4Request::normalizedPath(QByteArrayView path)
{
    if (path.isEmpty())
        return QByteArrayLiteral("/");
    QList<QByteArrayView> segments;
    qsizetype start = 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        const QByteArrayView segment = path.sliced(start, end - start);
        if (segment == "..") {
            if (!segments.isEmpty())
                segments.removeLast();
        } else if (!segment.isEmpty() && segment != ".") {
            segments.append(segment);
        }
        start = end + 1;
    }
    QByteArray out;
    out.reserve(path.size());
    if (path.front() == '/')
        out.append('/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (i > 0)
            out.append('/');
        out.append(segments[i]);
    }
    if (path.back() == '/' && !segments.isEmpty())
        out.append('/');
    return out;
}

QByteArray SigV4Request::canonicalUri() const
{
    if (!normalizePath)
        return path.isEmpty() ? QByteArrayLiteral("/") : uri::encoded(path, /*keepSlash=*/true);
    QByteArray normalized = normalizedPath(path);
    if (normalized.isEmpty())
        normalized = QByteArrayLiteral("/");
    return uri::encoded(normalized, /*keepSlash=*/true);
}

QByteArray SigV4Request::canonicalQueryString() const
{
    QList<Pair> encodedPairs;
    encodedPairs.reserve(query.size());
    for (const Pair &pair : query)
        encodedPairs.append({uri::encoded(pair.first), uri::encoded(pair.second)});
    std::sort(encodedPairs.begin(), encodedPairs.end());
    QByteArray out;
    for (const Pair &pair : std::as_const(encodedPairs)) {
        if (!out.isEmpty())
            out.append('&');
        out.append(pair.first).append('=').append(pair.second);
    }
    return out;
}

QByteArray SigV4Request::encodedQuery() const
{
    QByteArray out;
    for (const Pair &pair : query) {
        if (!out.isEmpty())
            out.append('&');
        uri::appendEncoded(out, pair.first);
        out.append('=');
        uri::appendEncoded(out, pair.second);
    }
    return out;
}

namespace {

// Lower-cased names with their values joined in request order, sorted by name.
QList<SigV4Request::Pair> groupedHeaders(const QList<SigV4Request::Pair> &headers)
{
    QList<SigV4Request::Pair> grouped;
    for (const SigV4Request::Pair &header : headers) {
        const QByteArray name = SigV4Request::lowerAscii(SigV4Request::trimAll(header.first));
        const QByteArray value = SigV4Request::trimAll(header.second);
        auto it = std::find_if(grouped.begin(), grouped.end(),
                               [&name](const SigV4Request::Pair &g) { return g.first == name; });
        if (it == grouped.end())
            grouped.append({name, value});
        else
            it->second.append(',').append(value);
    }
    std::stable_sort(
        grouped.begin(), grouped.end(),
        [](const SigV4Request::Pair &a, const SigV4Request::Pair &b) { return a.first < b.first; });
    return grouped;
}

} // namespace

QByteArray SigV4Request::canonicalHeaders() const
{
    QByteArray out;
    for (const Pair &header : groupedHeaders(headers))
        out.append(header.first).append(':').append(header.second).append('\n');
    return out;
}

QByteArray SigV4Request::signedHeaders() const
{
    QByteArray out;
    for (const Pair &header : groupedHeaders(headers)) {
        if (!out.isEmpty())
            out.append(';');
        out.append(header.first);
    }
    return out;
}

QByteArray SigV4Request::hashedPayload() const
{
    return payloadHashOverride.isEmpty() ? crypto::sha256Hex(body) : payloadHashOverride;
}

QByteArray SigV4Request::canonicalRequest() const
{
    QByteArray out;
    out.reserve(256 + body.size() / 8);
    out.append(method).append('\n');
    out.append(canonicalUri()).append('\n');
    out.append(canonicalQueryString()).append('\n');
    out.append(canonicalHeaders()).append('\n');
    out.append(signedHeaders()).append('\n');
    out.append(hashedPayload());
    return out;
}

} // namespace signet::aws
