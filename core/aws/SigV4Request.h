// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4Request: the parts of an HTTP request that Signature Version 4 signs, and their canonical form.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <utility>

namespace signet::aws {

// Canonicalisation follows the SigV4 rules for every service but S3: the path is normalised
// (dot segments and empty segments removed) and URI-encoded once more, so an already-encoded
// path is double-encoded; query names and values are encoded and sorted by name, then value;
// header names are lower-cased and sorted, values trimmed with inner whitespace runs collapsed,
// repeated headers joined with ','.
class SigV4Request final
{
public:
    using Pair = std::pair<QByteArray, QByteArray>;

    QByteArray method = QByteArrayLiteral("GET");
    // The path as the request line carries it (raw bytes; encoding happens here).
    QByteArray path = QByteArrayLiteral("/");
    // Decoded (name, value) pairs in request order.
    QList<Pair> query;
    // (name, value) as sent, any case, in order; repeated names allowed.
    QList<Pair> headers;
    QByteArray body;
    // When set, used instead of the hex SHA-256 of the body (e.g. "UNSIGNED-PAYLOAD").
    QByteArray payloadHashOverride;
    // S3 signs the path as is; everyone else normalises it.
    bool normalizePath = true;

    // Replaces every header with this name (case-insensitive) by one with the given value.
    void setHeader(QByteArrayView name, QByteArrayView value);
    bool hasHeader(QByteArrayView name) const;

    QByteArray canonicalUri() const;
    QByteArray canonicalQueryString() const;
    // "name:value\n" per signed header, sorted by name.
    QByteArray canonicalHeaders() const;
    // "host;x-amz-date": the sorted lower-case header names.
    QByteArray signedHeaders() const;
    QByteArray hashedPayload() const;
    // method \n uri \n query \n headers \n signed-headers \n payload-hash
    QByteArray canonicalRequest() const;

    // The query in request order, encoded as SigV4 encodes it: "a=1&b=x%2Fy".
    QByteArray encodedQuery() const;

    // The same work split up, so a signer that needs both the canonical request and the encoded
    // query (presigning) encodes each name and value once.
    QList<Pair> encodedQueryPairs() const;
    // "n=v&n=v" from encoded pairs, in their order or sorted by name, then value.
    static QByteArray joinQuery(const QList<Pair> &encodedPairs, bool sorted);
    QByteArray canonicalRequest(const QList<Pair> &encodedPairs) const;

    // RFC 3986 dot-segment removal plus dropping empty segments, as AWS (and botocore) expect.
    static QByteArray normalizedPath(QByteArrayView path);
    // Lower-cases ASCII; header names are ASCII by definition.
    static QByteArray lowerAscii(QByteArrayView bytes);
    // Trims and collapses whitespace runs to one space.
    static QByteArray trimAll(QByteArrayView value);
};

} // namespace signet::aws
