// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets: the Qt application they need, the input as Qt bytes, and the
// checks every target makes (a finding is __builtin_trap(), which libFuzzer reports as a crash).
#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

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

} // namespace signet::fuzz

// QSslCertificate's TLS backend and QCoreApplication::applicationName-style lookups want an app.
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}
