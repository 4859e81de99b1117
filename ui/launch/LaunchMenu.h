// SPDX-License-Identifier: GPL-3.0-or-later
// LaunchMenu: "Open in …" the detected clients, "Copy command" per shell, "Copy token", for one
// connection; the main window embeds it on a tool button or context menu.
#pragma once

#include "common/Result.h"
#include "launch/Client.h"
#include "launch/ClientDetector.h"
#include "launch/ClientLauncher.h"
#include "launch/LaunchTarget.h"
#include "launch/ShellQuoting.h"
#include "launch/TerminalCommand.h"

#include <QMap>
#include <QMenu>

#include <functional>
#include <memory>
#include <vector>

namespace signet::ui {

class ConcealedClipboard;

// What the menu needs at the moment the user picks an action: where to connect, and a fresh
// token (the provider signs it; the menu never keeps it longer than the action).
struct LaunchRequest final
{
    launch::LaunchTarget target;
    QString token;
};
// Answers the request through `done`, at once or later (a route whose SSH tunnel must open first).
// `connects`: the action needs the address a client connects to (start a client, copy its command or
// a JDBC URL); copying the token alone does not, so it never waits for a bastion.
using LaunchRequestDone = std::function<void(Result<LaunchRequest>)>;
using LaunchRequestProvider = std::function<void(bool connects, LaunchRequestDone done)>;
// Where a client that takes no password on its command line (MySQL Workbench) connects instead: the
// address of the profile's local proxy, started if need be.
using LocalProxyDone = std::function<void(Result<launch::LaunchTarget>)>;
using LocalProxyProvider = std::function<void(LocalProxyDone done)>;

class LaunchMenu final : public QMenu
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LaunchMenu)

public:
    explicit LaunchMenu(LaunchRequestProvider provider, QWidget *parent = nullptr);
    ~LaunchMenu() override;

    // Paths from Settings win over detection.
    void setConfiguredPaths(const QMap<launch::Client, QString> &paths);
    // For tests: where clients are looked for and how they are started.
    void setDetector(const launch::ClientDetector &detector);
    void setLauncher(const launch::ClientLauncher &launcher);
    // Where generated trust stores go (default: AppDataLocation/truststores).
    void setTrustStoreDirectory(const QString &directory) { m_trustStoreDirectory = directory; }
    // How long a started client's private file is kept before removal.
    void setPrivateFileLifetime(int milliseconds) { m_fileLifetimeMs = milliseconds; }
    void setShell(launch::Shell shell);
    // The terminal emulator mysql, mariadb and psql open in (default: findTerminal()); none hides them.
    void setTerminal(std::optional<launch::Terminal> terminal);
    // With a provider, Open in MySQL Workbench connects through the profile's local proxy.
    void setLocalProxyProvider(LocalProxyProvider provider) { m_localProxy = std::move(provider); }
    // Only these clients are offered (the engine's, by client name); empty offers every client.
    void setClientNames(const QStringList &names);
    launch::Shell shell() const { return m_shell; }
    ConcealedClipboard *clipboard() const { return m_clipboard; }

    // Re-detects the installed clients and rebuilds the entries.
    void rebuild();
    // The actions, so tests and the main window can trigger them directly.
    void openIn(launch::Client client);
    void copyCommand(launch::Client client);
    void copyToken();
    void copyJdbcUrl();
    void copyPasswordCommand();

Q_SIGNALS:
    void clientStarted(launch::Client client, qint64 pid);
    // Something the user must read or do (paste the token, a TLS caveat…).
    void noticeShown(const QString &notice);
    void failed(const Error &error);

private:
    // Asks the provider, says a failure (failed()), and hands a request to `use` while the menu lives.
    void withRequest(bool connects, std::function<void(const LaunchRequest &request)> use);
    launch::BuildOptions buildOptions(launch::TokenDelivery delivery, launch::Client client) const;
    bool offers(launch::Client client) const;
    void keepAlive(const launch::ClientCommand &command);
    void openThroughProxy(launch::Client client);
    // Starts the command (in a terminal for terminal clients) and says what the user must know.
    void start(launch::Client client, launch::ClientCommand command);

    LaunchRequestProvider m_provider;
    LocalProxyProvider m_localProxy;
    launch::ClientDetector m_detector;
    launch::ClientLauncher m_launcher;
    QMap<launch::Client, QString> m_configured;
    QMap<launch::Client, QString> m_found;
    QString m_trustStoreDirectory;
    launch::Shell m_shell;
    std::optional<launch::Terminal> m_terminal;
    QStringList m_clientNames;
    int m_fileLifetimeMs = 60'000;
    ConcealedClipboard *m_clipboard = nullptr;
    std::vector<std::shared_ptr<launch::SecretFile>> m_liveFiles;
};

} // namespace signet::ui
