// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyConnectionStrings: the commands `signet proxy` prints for each listener.
#include "proxy/ProxyConnectionStrings.h"

#include "launch/ConnectionStrings.h"
#include "launch/ShellQuoting.h"

#include <QFileInfo>
#include <QUrl>

namespace signet::proxy {

namespace {

QString urlHost(const QHostAddress &address)
{
    const QString text = address.toString();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + text + u']' : text;
}

QString encoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace

QStringList proxyConnectionStrings(const ProxyAddress &a)
{
    using launch::quoteBash;
    const QString host = a.address.toString();
    const QString port = QString::number(a.port);
    QStringList lines;
    if (isPostgresFamily(a.engine)) {
        QString conninfo =
            QStringLiteral("host=%1 port=%2 user=%3")
                .arg(launch::quoteConninfoValue(host), port, launch::quoteConninfoValue(a.user));
        if (!a.database.isEmpty())
            conninfo += QStringLiteral(" dbname=") + launch::quoteConninfoValue(a.database);
        lines << QStringLiteral("psql ") + quoteBash(conninfo + QStringLiteral(" sslmode=disable"));
        lines << QStringLiteral("postgresql://%1@%2:%3/%4?sslmode=disable")
                     .arg(encoded(a.user), urlHost(a.address), port, encoded(a.database));
        lines << QStringLiteral("jdbc:postgresql://%1:%2/%3?user=%4&sslmode=disable")
                     .arg(urlHost(a.address), port, encoded(a.database), encoded(a.user));
        if (!a.unixSocketPath.isEmpty()) {
            QString socketInfo = QStringLiteral("host=%1 port=%2 user=%3")
                                     .arg(launch::quoteConninfoValue(QFileInfo(a.unixSocketPath).path()),
                                          port, launch::quoteConninfoValue(a.user));
            if (!a.database.isEmpty())
                socketInfo += QStringLiteral(" dbname=") + launch::quoteConninfoValue(a.database);
            lines << QStringLiteral("psql ") + quoteBash(socketInfo);
        }
        return lines;
    }
    QStringList args{QStringLiteral("--protocol=TCP"),
                     QStringLiteral("-h"),
                     host,
                     QStringLiteral("-P"),
                     port,
                     QStringLiteral("-u"),
                     a.user};
    auto command = [&](const QString &program, QStringList extra, const QStringList &base) {
        QStringList words{program};
        words << base << extra;
        if (!a.database.isEmpty())
            words << a.database;
        for (QString &word : words)
            word = quoteBash(word);
        return words.join(u' ');
    };
    lines << command(QStringLiteral("mariadb"), {QStringLiteral("--skip-ssl")}, args);
    lines << command(QStringLiteral("mysql"), {QStringLiteral("--ssl-mode=DISABLED")}, args);
    lines << QStringLiteral("jdbc:mariadb://%1:%2/%3?user=%4")
                 .arg(urlHost(a.address), port, encoded(a.database), encoded(a.user));
    lines << QStringLiteral("jdbc:mysql://%1:%2/%3?user=%4&sslMode=DISABLED")
                 .arg(urlHost(a.address), port, encoded(a.database), encoded(a.user));
    if (!a.unixSocketPath.isEmpty())
        lines << command(QStringLiteral("mariadb"), {},
                         {QStringLiteral("--socket=") + a.unixSocketPath, QStringLiteral("-u"), a.user});
    return lines;
}

} // namespace signet::proxy
