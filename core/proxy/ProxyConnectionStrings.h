// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyConnectionStrings: ready-to-paste client commands and URLs for a running proxy listener.
#pragma once

#include "db/DbTarget.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace signet::proxy {

struct ProxyAddress final
{
    Engine engine = Engine::Postgres;
    QHostAddress address;
    quint16 port = 0;
    QString unixSocketPath; // empty: none
    QString user;
    QString database;
    // The local TLS certificate (ProxyListener::localTlsCertificatePath); empty: no local TLS.
    QString tlsCertificatePath;
};

// psql and libpq URI and pgjdbc for PostgreSQL; mariadb, mysql and Connector/J URLs for MySQL and
// MariaDB; with no password. Without local TLS, TLS is off on the loopback leg (the proxy does TLS
// upstream); with it, TCP clients verify the proxy against its certificate (verify-full).
QStringList proxyConnectionStrings(const ProxyAddress &address);

} // namespace signet::proxy
