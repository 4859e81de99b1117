// SPDX-License-Identifier: GPL-3.0-or-later
// ClientDetector: finds installed clients on PATH, in the usual install locations, Flatpak and Snap.
#pragma once

#include "launch/Client.h"
#include "launch/LaunchTarget.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

class QSettings;

namespace signet::launch {

class ClientDetector final
{
public:
    // Injectable for tests: is this path an executable file?
    using ExecutableCheck = std::function<bool(const QString &path)>;

    // `searchPath` is PATH split into folders, `home` the user's home folder.
    ClientDetector(QStringList searchPath, QString home, ExecutableCheck isExecutable);
    // The real PATH, home and file system.
    static ClientDetector system();

    // A configured path (settings) wins when it is executable; otherwise the first candidate that
    // is. Empty when the client is not installed.
    QString find(Client client, const QString &configuredPath = {}) const;
    // Every client found, with its path.
    QMap<Client, QString> findAll(const QMap<Client, QString> &configured = {}) const;

    // Client paths the user set in Settings, under "clients/<clientName>" (empty values skipped).
    static QMap<Client, QString> configuredPaths(const QSettings &settings);
    static void setConfiguredPath(QSettings &settings, Client client, const QString &path);

    // The executable names looked up on PATH, then absolute locations, in order.
    static QStringList programNames(Client client);
    QStringList knownLocations(Client client) const;

    // The JDBC driver jar SQL Workbench/J can load for `engine` when its own driver list lacks one:
    // the first of the distributions' locations (Debian's libpostgresql-jdbc-java,
    // libmariadb-java, MySQL Connector/J) that exists; empty when none does.
    static QString jdbcDriverJar(Engine engine, const std::function<bool(const QString &)> &exists = {});

private:
    QStringList m_searchPath;
    QString m_home;
    ExecutableCheck m_isExecutable;
};

} // namespace signet::launch
