// SPDX-License-Identifier: GPL-3.0-or-later
// LocalCertificate: the self-signed certificate for the loopback names that `signet proxy --local-tls`
// serves, generated once and kept in Signet's data directory.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace signet::tls {

// What a server needs to offer TLS on loopback: the certificate (its own root, which clients name
// as their CA: sslrootcert, --ssl-ca, serverSslCert) and its private key.
struct LocalTlsIdentity final
{
    QSslCertificate certificate;
    QSslKey privateKey;
    QString certificatePath;
    QString keyPath;
    // Empty when an existing certificate was reused; otherwise why a new one was made ("created",
    // "the old one expired on …"), for the user: clients that pinned the old one must be told.
    QString note;
};

// DIR/localhost.crt (PEM, EC P-256, self-signed, DNS localhost, IP 127.0.0.1 and ::1) and
// DIR/localhost.key (PKCS#8 PEM, mode 0600) in a 0700 directory. A certificate that expired, is
// about to, is unreadable, does not match its key, or whose key other users can read is replaced.
class LocalCertificate final
{
public:
    explicit LocalCertificate(QString directory, const Clock &clock = Clock::system());

    // $XDG_DATA_HOME/signet/local-tls (beside the CA bundles).
    static QString defaultDirectory();

    // The certificate and key, generated on first use and reused afterwards.
    Result<LocalTlsIdentity> ensure() const;

    QString certificatePath() const;
    QString keyPath() const;

    static constexpr int kValidityDays = 397;
    // Renewed when fewer days than this remain, so a running proxy does not cross the expiry soon.
    static constexpr int kRenewDays = 30;

private:
    Result<LocalTlsIdentity> load(QString *whyNot) const;
    Result<LocalTlsIdentity> generate() const;

    QString m_directory;
    const Clock &m_clock;
};

} // namespace signet::tls
