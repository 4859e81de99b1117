// SPDX-License-Identifier: GPL-3.0-or-later
// SettingsKeys: every QSettings key Signet keeps and its default, in one place (QSettings stores them
// in $XDG_CONFIG_HOME/signet/signet.conf). Code reads and writes through these names, never literals.
#pragma once

#include <QString>

namespace signet::config {

// The main window's geometry and splitter (QByteArray, Qt's saved state), and the profile selected
// when it closed (a UUID string).
inline constexpr char kWindowGeometry[] = "window/geometry";
inline constexpr char kWindowSplitter[] = "window/splitter";
inline constexpr char kWindowLastProfile[] = "window/lastProfile";

// How long a copied token stays on the clipboard, in seconds.
inline constexpr char kClipboardTimeoutSeconds[] = "clipboard/timeoutSeconds";
inline constexpr int kClipboardTimeoutSecondsDefault = 30;

// "system", "light" or "dark".
inline constexpr char kTheme[] = "appearance/theme";
inline constexpr char kThemeDefault[] = "system";

// The last File › Console… form, a group of: engine, host, port, via, user, database, region, ca,
// aws-profile.
inline constexpr char kConsoleLastTarget[] = "console/last-target";
inline constexpr char kConsoleLastTargetEngineDefault[] = "postgres";
inline constexpr int kConsoleLastTargetPortDefault = 5432;

// "Serve locally": also a Unix socket, and TLS offered to local clients (bools, off by default).
inline constexpr char kProxyUnixSocket[] = "proxy/unixSocket";
inline constexpr char kProxyLocalTls[] = "proxy/localTls";

inline QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// A configured client executable: "clients/<client name>".
inline QString clientPathKey(const QString &clientName)
{
    return QStringLiteral("clients/") + clientName;
}

// One connection's query history (a string list, newest first): "console/history/<digest>".
inline QString consoleHistoryKey(const QString &digest)
{
    return QStringLiteral("console/history/") + digest;
}

} // namespace signet::config
