// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets: the Qt application they need, the input as Qt bytes, and the
// checks every target makes (a finding is __builtin_trap(), which libFuzzer reports as a crash).
#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

namespace signet::fuzz {

// A copy (not fromRawData): real bytes come from QIODevice reads, which are NUL-terminated.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

// An error must say what is wrong: an empty code or message is a finding.
inline void requireExplained(const Error &error)
{
    require(!error.code.isEmpty() && !error.message.isEmpty());
}

// A secret that was in the input must not come back in any text shown to a person. Only secrets
// long enough not to occur by chance in the fixed wording are checked.
inline void requireNotShown(const Error &error, const QString &secret)
{
    if (secret.size() < 12)
        return;
    require(!error.code.contains(secret) && !error.message.contains(secret) && !error.hint.contains(secret));
}

// A protocol stream for the proxy targets: which side sent it, and the size of the slices it
// arrives in (both taken from the input's last bytes, the stream is the rest).
struct Stream
{
    QByteArray bytes;
    qsizetype slice = 1;
    bool fromServer = false;

    // The slice starting at `at`.
    QByteArrayView at(qsizetype at) const
    {
        return QByteArrayView(bytes).sliced(at, qMin(slice, bytes.size() - at));
    }
};

inline Stream stream(const uint8_t *data, size_t size)
{
    FuzzedDataProvider provider(data, size);
    Stream out;
    out.slice = provider.ConsumeIntegralInRange<qsizetype>(1, 512);
    out.fromServer = provider.ConsumeBool();
    const std::vector<uint8_t> rest = provider.ConsumeRemainingBytes<uint8_t>();
    out.bytes = bytes(rest.data(), rest.size());
    return out;
}

} // namespace signet::fuzz

// QSslCertificate's TLS backend and QCoreApplication::applicationName-style lookups want an app.
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}
