// SPDX-License-Identifier: GPL-3.0-or-later
// LocalAwsServer: the Python fixture server, started per test case and stopped with it.
#include "LocalAwsServer.h"

#include "TestPaths.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTimer>

namespace signet::test {

QString LocalAwsServer::python()
{
    return QStringLiteral("/usr/bin/python3");
}

LocalAwsServer::LocalAwsServer(const QStringList &arguments)
{
    m_process.setProgram(python());
    m_process.setArguments(QStringList{sourcePath(QStringLiteral("tests/support/local_aws_server.py"))} +
                           arguments);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(5000))
        return;
    QByteArray line;
    for (int i = 0; i < 100 && !line.contains('\n'); ++i) {
        m_process.waitForReadyRead(100);
        line += m_process.readAllStandardOutput();
    }
    if (line.startsWith("PORT "))
        m_port = quint16(line.mid(5).trimmed().toUInt());
}

LocalAwsServer::~LocalAwsServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QUrl LocalAwsServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

QJsonArray LocalAwsServer::requests() const
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(url(QStringLiteral("/_log"))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonArray out = QJsonDocument::fromJson(reply->readAll()).array();
    reply->deleteLater();
    return out;
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace signet::test
