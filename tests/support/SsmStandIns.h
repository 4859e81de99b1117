// SPDX-License-Identifier: GPL-3.0-or-later
// What the SSM stand-ins saw: the SSM API calls the AWS stand-in received, and the log of the stand-in
// session-manager-plugin (tests/support/ssm), for the CLI and window tests of SSM routes.
#pragma once

#include "LocalAwsServer.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace signet::test {

// The JSON bodies of the SSM calls (X-Amz-Target "AmazonSSM.<action>") the stand-in received.
inline QList<QJsonObject> ssmCalls(const LocalAwsServer &server, const QString &action)
{
    QList<QJsonObject> calls;
    for (const QJsonValue &value : server.requests()) {
        const QJsonObject request = value.toObject();
        if (request.value(QStringLiteral("headers"))
                .toObject()
                .value(QStringLiteral("x-amz-target"))
                .toString() == QStringLiteral("AmazonSSM.") + action)
            calls << QJsonDocument::fromJson(request.value(QStringLiteral("body")).toString().toUtf8())
                         .object();
    }
    return calls;
}

// The plugin stand-in's log (SIGNET_TEST_SSM_PLUGIN_LOG): one object per start ({target, sessionId,
// localPort, variable, …}) and one per connection it forwarded ({accepted: sessionId}).
inline QList<QJsonObject> ssmPluginLog(const QString &path)
{
    QList<QJsonObject> entries;
    QFile log(path);
    if (log.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : log.readAll().split('\n')) {
            if (!line.isEmpty())
                entries << QJsonDocument::fromJson(line).object();
        }
    }
    return entries;
}

// The plugin's starts, in order.
inline QList<QJsonObject> ssmPluginStarts(const QString &path)
{
    QList<QJsonObject> starts;
    for (const QJsonObject &entry : ssmPluginLog(path)) {
        if (entry.contains(QStringLiteral("target")))
            starts << entry;
    }
    return starts;
}

// How many connections the plugin forwarded for the session (its readiness check is one).
inline int ssmForwarded(const QString &path, const QString &sessionId)
{
    int count = 0;
    for (const QJsonObject &entry : ssmPluginLog(path))
        count += entry.value(QStringLiteral("accepted")).toString() == sessionId ? 1 : 0;
    return count;
}

} // namespace signet::test
