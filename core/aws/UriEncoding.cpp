// SPDX-License-Identifier: GPL-3.0-or-later
// UriEncoding: SigV4 percent-encoding, by hand (no QUrl in the signing path).
#include "aws/UriEncoding.h"

#include "aws/ByteWriter.h"

namespace signet::aws::uri {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

void appendEncoded(QByteArray &out, QByteArrayView bytes, bool keepSlash)
{
    ByteWriter(out, bytes.size() * 3).putEncoded(bytes, keepSlash);
}

QByteArray encoded(QByteArrayView bytes, bool keepSlash)
{
    QByteArray out;
    appendEncoded(out, bytes, keepSlash);
    return out;
}

bool needsEncoding(QByteArrayView bytes, bool keepSlash)
{
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (!isKept(c, keepSlash))
            return true;
    }
    return false;
}

QByteArray encodedOrSame(const QByteArray &bytes, bool keepSlash)
{
    // One pass: find the first byte that needs escaping; the clean prefix is copied as is.
    // Kind 1 is unreserved, kind 2 is '/': one compare per byte in the scan.
    const unsigned char maxKept = keepSlash ? 2 : 1;
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype clean = 0;
    while (clean < size && unsigned(detail::uriClass.value[data[clean]] - 1) < maxKept)
        ++clean;
    if (clean == bytes.size())
        return bytes;
    QByteArray out;
    ByteWriter(out, bytes.size() * 3)
        .put(QByteArrayView(bytes).first(clean))
        .putEncoded(QByteArrayView(bytes).sliced(clean), keepSlash);
    return out;
}

QByteArray decoded(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '%' && i + 2 < bytes.size()) {
            const int hi = hexValue(bytes[i + 1]);
            const int lo = hexValue(bytes[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.append(char((hi << 4) | lo));
                i += 2;
                continue;
            }
        }
        out.append(bytes[i]);
    }
    return out;
}

} // namespace signet::aws::uri
