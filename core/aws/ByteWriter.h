// SPDX-License-Identifier: GPL-3.0-or-later
// ByteWriter: appends to a QByteArray through a raw pointer, for the signing hot path.
#pragma once

#include "aws/SigV4Crypto.h"
#include "aws/UriEncoding.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

namespace signet::aws {

// QByteArray::append costs a call and a capacity check per piece; a canonical request is
// assembled from dozens of small pieces. ByteWriter sizes the buffer once (growing only if the
// estimate was short) and trims it to what was written when it goes out of scope.
class ByteWriter final
{
public:
    ByteWriter(QByteArray &out, qsizetype expectedExtra)
        : m_out(out)
        , m_used(out.size())
    {
        m_out.resize(m_used + expectedExtra);
    }
    ~ByteWriter() { m_out.resize(m_used); }
    ByteWriter(const ByteWriter &) = delete;
    ByteWriter &operator=(const ByteWriter &) = delete;

    ByteWriter &put(char c)
    {
        reserve(1);
        m_out.data()[m_used++] = c;
        return *this;
    }
    ByteWriter &put(QByteArrayView bytes)
    {
        if (!bytes.isEmpty()) {
            reserve(bytes.size());
            std::memcpy(m_out.data() + m_used, bytes.data(), size_t(bytes.size()));
            m_used += bytes.size();
        }
        return *this;
    }
    // SigV4 percent-encoding (see UriEncoding.h): runs of kept bytes are copied in one go.
    ByteWriter &putEncoded(QByteArrayView bytes, bool keepSlash = false)
    {
        static constexpr char digits[] = "0123456789ABCDEF";
        reserve(bytes.size() * 3);
        char *p = m_out.data() + m_used;
        const char *in = bytes.data();
        const char *const end = in + bytes.size();
        while (in < end) {
            const char *run = in;
            while (in < end && uri::isKept(static_cast<unsigned char>(*in), keepSlash))
                ++in;
            if (in > run) {
                std::memcpy(p, run, size_t(in - run));
                p += in - run;
            }
            if (in < end) {
                const auto c = static_cast<unsigned char>(*in++);
                *p++ = '%';
                *p++ = digits[c >> 4];
                *p++ = digits[c & 0x0f];
            }
        }
        m_used = p - m_out.constData();
        return *this;
    }
    ByteWriter &putHex(const crypto::Digest &digest)
    {
        static constexpr char digits[] = "0123456789abcdef";
        reserve(qsizetype(digest.size()) * 2);
        char *p = m_out.data() + m_used;
        for (unsigned char byte : digest) {
            *p++ = digits[byte >> 4];
            *p++ = digits[byte & 0x0f];
        }
        m_used += qsizetype(digest.size()) * 2;
        return *this;
    }

private:
    void reserve(qsizetype n)
    {
        if (m_used + n > m_out.size())
            m_out.resize(qMax(m_used + n, m_out.size() * 2));
    }

    QByteArray &m_out;
    qsizetype m_used;
};

} // namespace signet::aws
