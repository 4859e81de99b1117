// SPDX-License-Identifier: GPL-3.0-or-later
// Subcommand dispatch for the CLI.
#include "cli/Cli.h"

#include "cli/CaCommand.h"
#include "cli/CheckCommand.h"
#include "cli/CommandLine.h"
#include "cli/DiscoverCommand.h"
#include "cli/ExecCommand.h"
#include "cli/LaunchCommand.h"
#include "cli/ProfilesCommand.h"
#include "cli/ProxyCommand.h"
#include "cli/SetupCommand.h"
#include "cli/SsoCommand.h"
#include "cli/TokenCommand.h"
#include "cli/TunnelCommand.h"
#include "cli/WhoamiCommand.h"

#include "buildinfo/BuildInfo.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <functional>

namespace signet::cli {

namespace {

struct Subcommand
{
    const char *name;
    const char *summary;
    std::function<int(const QStringList &)> run;
};

const std::vector<Subcommand> &subcommands()
{
    static const std::vector<Subcommand> list{
        {"token", "Sign an IAM database authentication token", runToken},
        {"launch", "Open a database client with a fresh token", runLaunch},
        {"check", "Check step by step why a database cannot be reached or logged in to", runCheck},
        {"ca", "List, update, show and verify the RDS CA bundles", runCa},
        {"exec", "Run SQL (a statement or a script) over an IAM-authenticated, verified-TLS connection",
         runExec},
        {"profiles", "List, add, edit, remove, import and export connection profiles", runProfiles},
        {"whoami", "Show which AWS credentials would sign, and where they came from", runWhoami},
        {"proxy", "Serve profiles on local ports: clients connect with no password", runProxy},
        {"discover", "List the RDS databases an AWS identity can see; --import saves them", runDiscover},
        {"setup", "Check and make what IAM login to a profile needs (policy, user, IAM auth)", runSetup},
        {"sso", "Sign in to IAM Identity Center (sso login), sharing the AWS CLI's cache", runSso},
        {"tunnel", "Keep a profile's SSH tunnel open in the foreground and print its address", runTunnel},
    };
    return list;
}

QString usageText()
{
    QString text = QStringLiteral("Usage: signet [COMMAND] [OPTIONS]\n\n"
                                  "Signet signs IAM authentication tokens for Amazon RDS and Aurora and "
                                  "connects to them.\nWith no command, the GUI starts, taking the options of "
                                  "`signet-gui --help`\n(--profile NAME, --new-profile, --console-last)."
                                  "\n\nCommands:\n");
    for (const Subcommand &command : subcommands())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(command.name).leftJustified(10),
                         QString::fromLatin1(command.summary));
    text +=
        QStringLiteral("\nOptions:\n  -h, --help     Show this help\n  -v, --version  Show the version\n\n"
                       "Run `signet COMMAND --help` for a command's options.\n"
                       "Exit codes: 0 success, 1 operation failed, 2 usage error.\n");
    return text;
}

// Edits (insert, delete, replace, swap two neighbours) between two words.
int editDistance(const QString &a, const QString &b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<int>> d(size_t(n + 1), std::vector<int>(size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[size_t(i)][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            int best = std::min({d[size_t(i - 1)][size_t(j)] + 1, d[size_t(i)][size_t(j - 1)] + 1,
                                 d[size_t(i - 1)][size_t(j - 1)] + cost});
            if (i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2) && a.at(i - 2) == b.at(j - 1))
                best = std::min(best, d[size_t(i - 2)][size_t(j - 2)] + 1);
            d[size_t(i)][size_t(j)] = best;
        }
    }
    return d[size_t(n)][size_t(m)];
}

// The command a misspelt word most likely meant, or empty when none is close.
QString closestCommand(const QString &word)
{
    QString best;
    int bestDistance = 3; // more than two edits is another word
    for (const Subcommand &command : subcommands()) {
        const QString name = QString::fromLatin1(command.name);
        const int distance =
            name.startsWith(word.toLower()) && word.size() >= 2 ? 1 : editDistance(word.toLower(), name);
        if (distance < bestDistance && distance < qMax(2, int(name.size()) / 2 + 1)) {
            bestDistance = distance;
            best = name;
        }
    }
    return best;
}

} // namespace

int run(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("signet"));
    QCoreApplication::setOrganizationName(QStringLiteral("signet"));
    QCoreApplication::setApplicationVersion(buildinfo::version());

    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        printOut(usageText());
        return ExitOk;
    }
    const QString first = args.at(1);
    if (first == u"-h" || first == u"--help" || first == u"help") {
        printOut(usageText());
        return ExitOk;
    }
    if (first == u"-v" || first == u"--version") {
        printOut(QStringLiteral("signet %1\n").arg(buildinfo::versionLine()));
        return ExitOk;
    }
    for (const Subcommand &command : subcommands()) {
        if (first == QLatin1String(command.name)) {
            args.removeAt(1);
            return command.run(args);
        }
    }
    const QString guess = closestCommand(first);
    printError(
        guess.isEmpty()
            ? QStringLiteral("signet: unknown command \"%1\" (run `signet --help` for the list)").arg(first)
            : QStringLiteral("signet: unknown command \"%1\" — did you mean `signet %2`? (run `signet "
                             "--help` for the list)")
                  .arg(first, guess));
    return ExitUsage;
}

} // namespace signet::cli
