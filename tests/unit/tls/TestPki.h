// SPDX-License-Identifier: GPL-3.0-or-later
// TestPki: throwaway CAs and server certificates for TLS tests, made with OpenSSL in memory.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

namespace signet::test {

struct TestCertificate
{
    QByteArray certificatePem;
    QByteArray keyPem;
    QSslCertificate certificate() const { return QSslCertificate(certificatePem, QSsl::Pem); }
    QSslKey key() const { return QSslKey(keyPem, QSsl::Ec, QSsl::Pem); }
};

// A self-signed CA valid from `notBefore` to `notAfter`.
TestCertificate makeCa(const QString &commonName, const QDateTime &notBefore, const QDateTime &notAfter);
// A server certificate signed by `ca`, with DNS names and IP addresses in subjectAltName.
TestCertificate makeServer(const TestCertificate &ca, const QString &commonName, const QStringList &dnsNames,
                           const QStringList &ipAddresses, const QDateTime &notBefore,
                           const QDateTime &notAfter);

} // namespace signet::test
