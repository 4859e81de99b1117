// UriEncoding: SigV4 percent-encoding, by hand (no QUrl in the signing path).
#include "aws/UriEncoding.h"

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
    static constexpr char digits[] = "0123456789ABCDEF";
    qsizetype extra = 0;
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (!isUnreserved(c) && !(keepSlash && c == '/'))
            extra += 2;
    }
    const qsizetype start = out.size();
    out.resize(start + bytes.size() + extra);
    char *p = out.data() + start;
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            *p++ = ch;
        } else {
            *p++ = '%';
            *p++ = digits[c >> 4];
            *p++ = digits[c & 0x0f];
        }
    }
}

QByteArray encoded(QByteArrayView bytes, bool keepSlash)
{
    QByteArray out;
    appendEncoded(out, bytes, keepSlash);
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
