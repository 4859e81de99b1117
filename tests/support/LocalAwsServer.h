// SPDX-License-Identifier: GPL-3.0-or-later
// LocalAwsServer: starts tests/support/local_aws_server.py (STS, SSO, OIDC, IMDS, ECS) for a test.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace signet::test {

class LocalAwsServer final
{
public:
    // Extra arguments such as {"--imds-mode", "v1only"}.
    explicit LocalAwsServer(const QStringList &arguments = {});
    ~LocalAwsServer();
    Q_DISABLE_COPY_MOVE(LocalAwsServer)

    bool isRunning() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QUrl url(const QString &path = {}) const;
    // Every request the server has seen, as JSON objects {method, path, body, headers}.
    QJsonArray requests() const;

    // The interpreter with botocore (Debian's python3-botocore).
    static QString python();

private:
    QProcess m_process;
    quint16 m_port = 0;
};

// A port on 127.0.0.1 nothing listens on (bound, then released).
quint16 closedPort();

} // namespace signet::test
