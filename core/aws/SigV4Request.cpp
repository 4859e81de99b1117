// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4Request: canonical request construction for Signature Version 4.
#include "aws/SigV4Request.h"

#include "aws/ByteWriter.h"
#include "aws/SigV4Crypto.h"
#include "aws/UriEncoding.h"

#include <QVarLengthArray>

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
    QByteArray out(value.size(), Qt::Uninitialized);
    char *p = out.data();
    bool pendingSpace = false;
    for (char c : value) {
        if (isSpace(c)) {
            pendingSpace = p != out.constData();
            continue;
        }
        if (pendingSpace)
            *p++ = ' ';
        pendingSpace = false;
        *p++ = c;
    }
    out.truncate(p - out.constData());
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
    if (path == "/")
        return QByteArrayLiteral("/");
    if (!normalizePath)
        return path.isEmpty() ? QByteArrayLiteral("/") : uri::encoded(path, /*keepSlash=*/true);
    QByteArray normalized = normalizedPath(path);
    if (normalized.isEmpty())
        normalized = QByteArrayLiteral("/");
    return uri::encoded(normalized, /*keepSlash=*/true);
}

QList<SigV4Request::Pair> SigV4Request::encodedQueryPairs() const
{
    QList<Pair> encodedPairs;
    encodedPairs.reserve(query.size());
    for (const Pair &pair : query)
        encodedPairs.append({uri::encodedOrSame(pair.first), uri::encodedOrSame(pair.second)});
    return encodedPairs;
}

namespace {

void writeQuery(ByteWriter &out, const QList<SigV4Request::Pair> &encodedPairs, bool sorted)
{
    QVarLengthArray<const SigV4Request::Pair *, 16> order;
    for (const SigV4Request::Pair &pair : encodedPairs)
        order.append(&pair);
    // By name, then value, bytewise. One comparison a member: std::pair's < asks each QByteArray
    // "<" both ways, four memcmp calls for two, which was most of the time of a query of many pairs.
    if (sorted)
        std::sort(order.begin(), order.end(), [](const SigV4Request::Pair *a, const SigV4Request::Pair *b) {
            const int byName = a->first.compare(b->first);
            return byName != 0 ? byName < 0 : a->second.compare(b->second) < 0;
        });
    bool first = true;
    for (const SigV4Request::Pair *pair : order) {
        if (!first)
            out.put('&');
        first = false;
        out.put(pair->first).put('=').put(pair->second);
    }
}

qsizetype queryLength(const QList<SigV4Request::Pair> &encodedPairs)
{
    qsizetype length = 0;
    for (const SigV4Request::Pair &pair : encodedPairs)
        length += pair.first.size() + pair.second.size() + 2;
    return length;
}

} // namespace

QByteArray SigV4Request::joinQuery(const QList<Pair> &encodedPairs, bool sorted)
{
    QByteArray out;
    {
        ByteWriter writer(out, queryLength(encodedPairs));
        writeQuery(writer, encodedPairs, sorted);
    }
    return out;
}

QByteArray SigV4Request::canonicalQueryString() const
{
    return joinQuery(encodedQueryPairs(), /*sorted=*/true);
}

QByteArray SigV4Request::encodedQuery() const
{
    return joinQuery(encodedQueryPairs(), /*sorted=*/false);
}

namespace {

// Lower-cased names with their values joined in request order, sorted by name.
bool isTrimmed(QByteArrayView value)
{
    if (value.isEmpty())
        return true;
    if (isSpace(value.front()) || isSpace(value.back()))
        return false;
    for (qsizetype i = 1; i < value.size(); ++i) {
        if (isSpace(value[i]) && (value[i] != ' ' || isSpace(value[i - 1])))
            return false;
    }
    return true;
}

// The signer's usual input is already canonical ("host", "x-amz-date"); share it then.
QByteArray canonicalValue(const QByteArray &value)
{
    return isTrimmed(value) ? value : SigV4Request::trimAll(value);
}

QByteArray canonicalName(const QByteArray &name)
{
    const QByteArray trimmed = canonicalValue(name);
    const bool lower =
        std::none_of(trimmed.cbegin(), trimmed.cend(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return lower ? trimmed : SigV4Request::lowerAscii(trimmed);
}

QList<SigV4Request::Pair> groupedHeaders(const QList<SigV4Request::Pair> &headers)
{
    QList<SigV4Request::Pair> grouped;
    grouped.reserve(headers.size());
    for (const SigV4Request::Pair &header : headers) {
        const QByteArray name = canonicalName(header.first);
        const QByteArray value = canonicalValue(header.second);
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
    if (!payloadHashOverride.isEmpty())
        return payloadHashOverride;
    // GET requests (and every presigned one) have no body: skip hashing nothing.
    if (body.isEmpty())
        return QByteArrayLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    return crypto::sha256Hex(body);
}

QByteArray SigV4Request::canonicalRequest() const
{
    return canonicalRequest(encodedQueryPairs());
}

QByteArray SigV4Request::canonicalRequest(const QList<Pair> &encodedPairs) const
{
    const QList<Pair> grouped = groupedHeaders(headers);
    const QByteArray uriPart = canonicalUri();
    const QByteArray payload = hashedPayload();
    qsizetype length = method.size() + uriPart.size() + queryLength(encodedPairs) + payload.size() + 8;
    for (const Pair &header : grouped)
        length += 2 * header.first.size() + header.second.size() + 2;

    QByteArray out;
    {
        ByteWriter writer(out, length);
        writer.put(method).put('\n').put(uriPart).put('\n');
        writeQuery(writer, encodedPairs, /*sorted=*/true);
        writer.put('\n');
        for (const Pair &header : grouped)
            writer.put(header.first).put(':').put(header.second).put('\n');
        writer.put('\n');
        for (qsizetype i = 0; i < grouped.size(); ++i) {
            if (i > 0)
                writer.put(';');
            writer.put(grouped[i].first);
        }
        writer.put('\n').put(payload);
    }
    return out;
}

} // namespace signet::aws
