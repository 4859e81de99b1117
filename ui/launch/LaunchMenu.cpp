// SPDX-License-Identifier: GPL-3.0-or-later
// LaunchMenu: menu entries wired to the core/launch builders.
#include "launch/LaunchMenu.h"

#include "common/ConcealedClipboard.h"
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"

#include <QActionGroup>
#include <QClipboard>
#include <QGuiApplication>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

namespace signet::ui {

using namespace signet::launch;

namespace {

bool isGuiClient(Client client)
{
    return client == Client::Dbeaver || client == Client::MySqlWorkbench || client == Client::SqlWorkbenchJ;
}

} // namespace

LaunchMenu::LaunchMenu(LaunchRequestProvider provider, QWidget *parent)
    : QMenu(tr("Open in"), parent)
    , m_provider(std::move(provider))
    , m_detector(ClientDetector::system())
    , m_trustStoreDirectory(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                            QStringLiteral("/truststores"))
    , m_shell(nativeShell())
    , m_terminal(findTerminal())
    , m_clipboard(new ConcealedClipboard(this))
{
    m_configured = ClientDetector::configuredPaths(QSettings());
    rebuild();
}

LaunchMenu::~LaunchMenu() = default;

void LaunchMenu::setConfiguredPaths(const QMap<Client, QString> &paths)
{
    m_configured = paths;
    rebuild();
}

void LaunchMenu::setDetector(const ClientDetector &detector)
{
    m_detector = detector;
    rebuild();
}

void LaunchMenu::setLauncher(const ClientLauncher &launcher)
{
    m_launcher = launcher;
}

void LaunchMenu::setShell(Shell shell)
{
    m_shell = shell;
    rebuild();
}

void LaunchMenu::setTerminal(std::optional<Terminal> terminal)
{
    m_terminal = std::move(terminal);
    rebuild();
}

void LaunchMenu::setClientNames(const QStringList &names)
{
    if (names == m_clientNames)
        return;
    m_clientNames = names;
    rebuild();
}

bool LaunchMenu::offers(Client client) const
{
    return m_clientNames.isEmpty() || m_clientNames.contains(clientName(client));
}

void LaunchMenu::rebuild()
{
    // clear() drops the actions, not the submenus made by addMenu(): they would pile up.
    qDeleteAll(findChildren<QMenu *>(QString(), Qt::FindDirectChildrenOnly));
    clear();
    m_found = m_detector.findAll(m_configured);
    bool anyClient = false;
    for (const Client client : allClients()) {
        if (!offers(client) || !m_found.contains(client))
            continue;
        if (isTerminalClient(client) && !m_terminal)
            continue; // no terminal emulator to run it in: Copy command still has it
        anyClient = true;
        QAction *action =
            addAction(isGuiClient(client) ? tr("Open in %1").arg(clientLabel(client))
                                          : tr("Open %1 in a terminal").arg(clientLabel(client)));
        action->setObjectName(QStringLiteral("open-") + clientName(client));
        connect(action, &QAction::triggered, this, [this, client] { openIn(client); });
    }
    if (!anyClient) {
        QAction *none = addAction(tr("No database client found (DBeaver, Workbench, mysql, psql…)"));
        none->setToolTip(tr("Install one, or set its path in Preferences."));
        none->setEnabled(false);
    }
    addSeparator();

    QMenu *commands = addMenu(tr("Copy command"));
    commands->setObjectName(QStringLiteral("copy-command"));
    for (const Client client : allClients()) {
        if (client == Client::MySqlWorkbench || !offers(client))
            continue; // Workbench's command carries no connection secret worth copying
        QAction *action = commands->addAction(clientLabel(client));
        action->setObjectName(QStringLiteral("copy-") + clientName(client));
        connect(action, &QAction::triggered, this, [this, client] { copyCommand(client); });
    }
    commands->addSeparator();
    auto *shells = new QActionGroup(commands);
    for (const Shell shell : {Shell::Bash, Shell::PowerShell, Shell::Cmd}) {
        QAction *action = commands->addAction(shell == Shell::Bash         ? tr("for bash / zsh")
                                              : shell == Shell::PowerShell ? tr("for PowerShell")
                                                                           : tr("for cmd.exe"));
        action->setCheckable(true);
        action->setChecked(shell == m_shell);
        action->setActionGroup(shells);
        connect(action, &QAction::triggered, this, [this, shell] { m_shell = shell; });
    }

    QAction *token = addAction(tr("Copy token"));
    token->setObjectName(QStringLiteral("copy-token"));
    connect(token, &QAction::triggered, this, &LaunchMenu::copyToken);
    QAction *jdbc = addAction(tr("Copy JDBC URL"));
    connect(jdbc, &QAction::triggered, this, &LaunchMenu::copyJdbcUrl);
    QAction *password = addAction(tr("Copy password command"));
    password->setToolTip(tr("For pgAdmin's \"Password exec command\" or TablePlus"));
    connect(password, &QAction::triggered, this, &LaunchMenu::copyPasswordCommand);
}

BuildOptions LaunchMenu::buildOptions(TokenDelivery delivery, Client client) const
{
    BuildOptions options;
    options.delivery = delivery;
    options.trustStoreDirectory = m_trustStoreDirectory;
    if (delivery == TokenDelivery::PrivateFile)
        options.program = m_found.value(client);
    return options;
}

void LaunchMenu::keepAlive(const ClientCommand &command)
{
    // The client reads its private file while starting; drop our reference after a while (the
    // file is removed when the last reference goes, at the latest when the menu is destroyed).
    for (const auto &file : command.files) {
        m_liveFiles.push_back(file);
        QTimer::singleShot(m_fileLifetimeMs, this, [this, raw = file.get()] {
            std::erase_if(m_liveFiles, [raw](const auto &held) { return held.get() == raw; });
        });
    }
}

void LaunchMenu::withRequest(bool connects, std::function<void(const LaunchRequest &request)> use)
{
    m_provider(connects,
               [guard = QPointer<LaunchMenu>(this), use = std::move(use)](Result<LaunchRequest> request) {
                   if (!guard)
                       return;
                   if (!request) {
                       Q_EMIT guard->failed(request.error());
                       return;
                   }
                   use(*request);
               });
}

void LaunchMenu::openIn(Client client)
{
    if (client == Client::MySqlWorkbench && m_localProxy)
        return openThroughProxy(client);
    withRequest(true, [this, client](const LaunchRequest &request) {
        auto command = buildCommand(client, request.target, request.token,
                                    buildOptions(TokenDelivery::PrivateFile, client));
        if (!command) {
            Q_EMIT failed(command.error());
            return;
        }
        start(client, std::move(command).value());
    });
}

void LaunchMenu::openThroughProxy(Client client)
{
    m_localProxy([guard = QPointer<LaunchMenu>(this), client](Result<LaunchTarget> local) {
        if (!guard)
            return;
        if (!local) {
            Q_EMIT guard->failed(local.error());
            return;
        }
        auto command =
            buildWorkbenchProxyCommand(*local, guard->buildOptions(TokenDelivery::PrivateFile, client));
        if (!command) {
            Q_EMIT guard->failed(command.error());
            return;
        }
        guard->start(client, std::move(command).value());
    });
}

void LaunchMenu::start(Client client, ClientCommand command)
{
    if (isTerminalClient(client)) {
        if (!m_terminal) {
            Q_EMIT failed(
                makeError(QStringLiteral("launch.no-terminal"),
                          tr("no terminal emulator was found to run %1 in").arg(clientLabel(client)),
                          tr("Install one (x-terminal-emulator, xterm, konsole …) or set TERMINAL.")));
            return;
        }
        command = inTerminal(command, *m_terminal);
    }
    if (!command.clipboardSecret.isEmpty())
        m_clipboard->copySecret(command.clipboardSecret);
    const auto pid = m_launcher.startDetached(command);
    if (!pid) {
        Q_EMIT failed(pid.error());
        return;
    }
    keepAlive(command);
    if (!command.notice.isEmpty())
        Q_EMIT noticeShown(command.notice);
    Q_EMIT clientStarted(client, *pid);
}

void LaunchMenu::copyCommand(Client client)
{
    withRequest(true, [this, client](const LaunchRequest &request) {
        const auto command =
            buildCommand(client, request.target, request.token, buildOptions(TokenDelivery::Inline, client));
        if (!command) {
            Q_EMIT failed(command.error());
            return;
        }
        const auto text = commandText(*command, m_shell, true);
        if (!text) {
            Q_EMIT failed(text.error());
            return;
        }
        // The text holds the token: concealed and self-clearing like the token itself.
        m_clipboard->copySecret(*text);
        if (!command->notice.isEmpty())
            Q_EMIT noticeShown(command->notice);
    });
}

void LaunchMenu::copyToken()
{
    withRequest(false, [this](const LaunchRequest &request) { m_clipboard->copySecret(request.token); });
}

void LaunchMenu::copyJdbcUrl()
{
    withRequest(true, [this](const LaunchRequest &request) {
        const auto url = jdbcUrl(request.target, buildOptions(TokenDelivery::Inline, Client::SqlWorkbenchJ));
        if (!url) {
            Q_EMIT failed(url.error());
            return;
        }
        QGuiApplication::clipboard()->setText(*url);
    });
}

void LaunchMenu::copyPasswordCommand()
{
    withRequest(false, [this](const LaunchRequest &request) {
        const auto text = commandText(passwordCommand(request.target, {}), m_shell, false);
        if (!text) {
            Q_EMIT failed(text.error());
            return;
        }
        QGuiApplication::clipboard()->setText(*text);
    });
}

} // namespace signet::ui
