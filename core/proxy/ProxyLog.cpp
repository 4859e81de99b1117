// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyLog: line formatting of the proxy's events.
#include "proxy/ProxyLog.h"

#include <QDateTime>
#include <QJsonDocument>

#include <cstdio>

namespace signet::proxy {

void StderrProxyLog::write(Level level, const QString &profile, const QString &message,
                           const QJsonObject &fields)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const char *levelName = level == Level::Error ? "error" : level == Level::Warning ? "warning" : "info";
    QByteArray line;
    if (m_json) {
        QJsonObject object = fields;
        object.insert(QStringLiteral("time"), time);
        object.insert(QStringLiteral("level"), QString::fromLatin1(levelName));
        object.insert(QStringLiteral("profile"), profile);
        object.insert(QStringLiteral("message"), message);
        line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    } else {
        line =
            QStringLiteral("%1 signet proxy [%2] %3%4")
                .arg(time, profile,
                     level == Level::Info ? QString() : QString::fromLatin1(levelName) + QStringLiteral(": "),
                     message)
                .toUtf8();
    }
    line.append('\n');
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace signet::proxy
