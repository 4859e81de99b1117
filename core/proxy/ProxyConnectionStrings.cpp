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
    const bool tls = !a.tlsCertificatePath.isEmpty();
    if (isPostgresFamily(a.engine)) {
        const QString sslConninfo = tls ? QStringLiteral(" sslmode=verify-full sslrootcert=") +
                                              launch::quoteConninfoValue(a.tlsCertificatePath)
                                        : QStringLiteral(" sslmode=disable");
        const QString sslQuery =
            tls ? QStringLiteral("sslmode=verify-full&sslrootcert=") + encoded(a.tlsCertificatePath)
                : QStringLiteral("sslmode=disable");
        QString conninfo =
            QStringLiteral("host=%1 port=%2 user=%3")
                .arg(launch::quoteConninfoValue(host), port, launch::quoteConninfoValue(a.user));
        if (!a.database.isEmpty())
            conninfo += QStringLiteral(" dbname=") + launch::quoteConninfoValue(a.database);
        lines << QStringLiteral("psql ") + quoteBash(conninfo + sslConninfo);
        lines << QStringLiteral("postgresql://%1@%2:%3/%4?%5")
                     .arg(encoded(a.user), urlHost(a.address), port, encoded(a.database), sslQuery);
        lines << QStringLiteral("jdbc:postgresql://%1:%2/%3?user=%4&%5")
                     .arg(urlHost(a.address), port, encoded(a.database), encoded(a.user), sslQuery);
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
    // MariaDB Connector/J decodes nothing in its URL: names and the CA path go in as they are, and
    // the line is left out when one of them cannot be written there.
    const auto database = launch::mariadbUrlValue(a.database, launch::MariaDbUrlPart::Database);
    const auto user = launch::mariadbUrlValue(a.user);
    const auto cert = launch::mariadbUrlValue(a.tlsCertificatePath);
    const bool mariadbJdbc = database && user && cert;
    if (tls) {
        const QString ca = QStringLiteral("--ssl-ca=") + a.tlsCertificatePath;
        lines << command(QStringLiteral("mariadb"), {QStringLiteral("--ssl-verify-server-cert"), ca}, args);
        lines << command(QStringLiteral("mysql"), {QStringLiteral("--ssl-mode=VERIFY_IDENTITY"), ca}, args);
        // Connector/J 2.x (Debian 12's) ignores sslMode and connects in plain without useSsl=true;
        // 3.x reads sslMode. Both check the chain and the name against serverSslCert.
        if (mariadbJdbc)
            lines << QStringLiteral(
                         "jdbc:mariadb://%1:%2/%3?user=%4&useSsl=true&sslMode=verify-full&serverSslCert=%5")
                         .arg(urlHost(a.address), port, *database, *user, *cert);
    } else {
        lines << command(QStringLiteral("mariadb"), {QStringLiteral("--skip-ssl")}, args);
        lines << command(QStringLiteral("mysql"), {QStringLiteral("--ssl-mode=DISABLED")}, args);
        if (mariadbJdbc)
            lines << QStringLiteral("jdbc:mariadb://%1:%2/%3?user=%4")
                         .arg(urlHost(a.address), port, *database, *user);
    }
    // MySQL Connector/J takes its CA only as a Java key store, not as a PEM file: plain on loopback.
    lines << QStringLiteral("jdbc:mysql://%1:%2/%3?user=%4&sslMode=DISABLED")
                 .arg(urlHost(a.address), port, encoded(a.database), encoded(a.user));
    if (!a.unixSocketPath.isEmpty())
        lines << command(QStringLiteral("mariadb"), {},
                         {QStringLiteral("--socket=") + a.unixSocketPath, QStringLiteral("-u"), a.user});
    return lines;
}

} // namespace signet::proxy
