// SPDX-License-Identifier: GPL-3.0-or-later
// TrustStore: a PKCS12 trust store made from a PEM CA bundle, for Java clients (MySQL Connector/J).
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace signet::launch {

class TrustStore final
{
public:
    // The store protects nothing secret (public certificates only), but Java's PKCS12 loader
    // wants a password for the integrity MAC; this is the JDK's customary one.
    static QString password() { return QStringLiteral("changeit"); }

    // PKCS12 bytes holding every certificate of `pem` as a trusted-certificate entry (with
    // Oracle's trusted-key-usage attribute, so Java's KeyStore lists them as trusted entries).
    static Result<QByteArray> fromPem(const QByteArray &pem);

    // Returns `<directory>/signet-ca-<sha256 prefix>.p12` for the bundle at `caFile`, writing it
    // first if it does not exist yet. The name follows the content, so an updated bundle gets a
    // new store and a running client keeps the old one.
    static Result<QString> ensureFor(const QString &caFile, const QString &directory);
};

} // namespace signet::launch
