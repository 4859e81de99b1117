// SPDX-License-Identifier: GPL-3.0-or-later
// TlsPeerProbe: verifies a MySQL server's certificate against the endpoint name before "connect via".
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace signet::db {

// Connector/C checks the certificate against the address it connects to; through a tunnel that is
// 127.0.0.1, not the endpoint. So Signet does the TLS handshake itself first (MySQL SSLRequest,
// then TLS), verifies the chain against caFile and the name against verifyName, and returns the
// leaf's SHA-1 (hex) for MARIADB_OPT_TLS_PEER_FP. No credential is sent on this connection.
// An empty verifyName checks the chain only (verify-ca): a name mismatch is then the one error let
// through.
Result<QByteArray> probeMySqlPeerCertificate(const QString &connectHost, int connectPort,
                                             const QString &verifyName, const QString &caFile,
                                             int timeoutMs = 15000);

} // namespace signet::db
