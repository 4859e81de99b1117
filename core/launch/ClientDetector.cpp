// SPDX-License-Identifier: GPL-3.0-or-later
// ClientDetector: per-OS candidate locations.
#include "launch/ClientDetector.h"

#include "common/SettingsKeys.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace signet::launch {

ClientDetector::ClientDetector(QStringList searchPath, QString home, ExecutableCheck isExecutable)
    : m_searchPath(std::move(searchPath))
    , m_home(std::move(home))
    , m_isExecutable(std::move(isExecutable))
{}

ClientDetector ClientDetector::system()
{
    return ClientDetector(qEnvironmentVariable("PATH").split(QDir::listSeparator(), Qt::SkipEmptyParts),
                          QDir::homePath(), [](const QString &path) {
                              const QFileInfo info(path);
                              return info.isFile() && info.isExecutable();
                          });
}

QStringList ClientDetector::programNames(Client client)
{
#ifdef Q_OS_WIN
    const QString exe = QStringLiteral(".exe");
#else
    const QString exe;
#endif
    switch (client) {
    case Client::Dbeaver:
        return {QStringLiteral("dbeaver") + exe, QStringLiteral("dbeaver-ce") + exe};
    case Client::MySqlWorkbench:
        return {QStringLiteral("mysql-workbench") + exe, QStringLiteral("MySQLWorkbench") + exe};
    case Client::SqlWorkbenchJ:
        return {QStringLiteral("sqlworkbench.sh"), QStringLiteral("sqlworkbench"),
                QStringLiteral("SQLWorkbench64.exe")};
    case Client::MySql:
        return {QStringLiteral("mysql") + exe};
    case Client::MariaDb:
        return {QStringLiteral("mariadb") + exe};
    case Client::Psql:
        return {QStringLiteral("psql") + exe};
    }
    return {};
}

QString ClientDetector::jdbcDriverJar(Engine engine, const std::function<bool(const QString &)> &exists)
{
    QStringList candidates;
    switch (dialect(engine)) {
    case Dialect::Postgres:
        candidates << QStringLiteral("/usr/share/java/postgresql.jar");
        break;
    case Dialect::MariaDb:
        candidates << QStringLiteral("/usr/share/java/mariadb-java-client.jar");
        break;
    case Dialect::MySql:
        candidates << QStringLiteral("/usr/share/java/mysql-connector-j.jar")
                   << QStringLiteral("/usr/share/java/mysql-connector-java.jar");
        break;
    }
    for (const QString &candidate : candidates) {
        if (exists ? exists(candidate) : QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

QStringList ClientDetector::knownLocations(Client client) const
{
    switch (client) {
    case Client::Dbeaver:
        return {
            QStringLiteral("/usr/share/dbeaver-ce/dbeaver"),
            QStringLiteral("/opt/dbeaver/dbeaver"),
            QStringLiteral("/snap/bin/dbeaver-ce"),
            QStringLiteral("/var/lib/flatpak/exports/bin/io.dbeaver.DBeaverCommunity"),
            m_home + QStringLiteral("/.local/share/flatpak/exports/bin/io.dbeaver.DBeaverCommunity"),
            QStringLiteral("/Applications/DBeaver.app/Contents/MacOS/dbeaver"),
            QStringLiteral("C:/Program Files/DBeaver/dbeaver.exe"),
            m_home + QStringLiteral("/AppData/Local/DBeaver/dbeaver.exe"),
        };
    case Client::MySqlWorkbench:
        return {
            QStringLiteral("/usr/bin/mysql-workbench"),
            QStringLiteral("/snap/bin/mysql-workbench-community"),
            QStringLiteral("/Applications/MySQLWorkbench.app/Contents/MacOS/MySQLWorkbench"),
            QStringLiteral("C:/Program Files/MySQL/MySQL Workbench 8.0/MySQLWorkbench.exe"),
            QStringLiteral("C:/Program Files/MySQL/MySQL Workbench 8.0 CE/MySQLWorkbench.exe"),
        };
    case Client::SqlWorkbenchJ:
        return {
            QStringLiteral("/opt/sqlworkbench/sqlworkbench.sh"),
            m_home + QStringLiteral("/sqlworkbench/sqlworkbench.sh"),
            QStringLiteral("/Applications/SQLWorkbenchJ.app/Contents/MacOS/SQLWorkbenchJ"),
            QStringLiteral("C:/Program Files/SQLWorkbench/SQLWorkbench64.exe"),
        };
    case Client::MySql:
        return {QStringLiteral("/usr/local/mysql/bin/mysql"), QStringLiteral("/opt/homebrew/bin/mysql"),
                QStringLiteral("/usr/local/bin/mysql"),
                QStringLiteral("C:/Program Files/MySQL/MySQL Server 8.0/bin/mysql.exe")};
    case Client::MariaDb:
        return {QStringLiteral("/opt/homebrew/bin/mariadb"), QStringLiteral("/usr/local/bin/mariadb")};
    case Client::Psql:
        return {QStringLiteral("/opt/homebrew/bin/psql"), QStringLiteral("/usr/local/bin/psql"),
                QStringLiteral("/Applications/Postgres.app/Contents/Versions/latest/bin/psql"),
                QStringLiteral("C:/Program Files/PostgreSQL/16/bin/psql.exe"),
                QStringLiteral("C:/Program Files/PostgreSQL/15/bin/psql.exe")};
    }
    return {};
}

QString ClientDetector::find(Client client, const QString &configuredPath) const
{
    if (!configuredPath.isEmpty() && m_isExecutable(configuredPath))
        return configuredPath;
    for (const QString &name : programNames(client)) {
        for (const QString &folder : m_searchPath) {
            const QString candidate = QDir(folder).filePath(name);
            if (m_isExecutable(candidate))
                return candidate;
        }
    }
    for (const QString &candidate : knownLocations(client)) {
        if (m_isExecutable(candidate))
            return candidate;
    }
    return {};
}

QMap<Client, QString> ClientDetector::configuredPaths(const QSettings &settings)
{
    QMap<Client, QString> paths;
    for (const Client client : allClients()) {
        const QString path = settings.value(config::clientPathKey(clientName(client))).toString();
        if (!path.isEmpty())
            paths.insert(client, path);
    }
    return paths;
}

void ClientDetector::setConfiguredPath(QSettings &settings, Client client, const QString &path)
{
    const QString key = config::clientPathKey(clientName(client));
    if (path.isEmpty())
        settings.remove(key);
    else
        settings.setValue(key, path);
}

QMap<Client, QString> ClientDetector::findAll(const QMap<Client, QString> &configured) const
{
    QMap<Client, QString> found;
    for (const Client client : allClients()) {
        const QString path = find(client, configured.value(client));
        if (!path.isEmpty())
            found.insert(client, path);
    }
    return found;
}

} // namespace signet::launch
