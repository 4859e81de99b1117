// Subcommand dispatch for the CLI.
#include "cli/Cli.h"

#include "cli/CaCommand.h"
#include "cli/CheckCommand.h"
#include "cli/CommandLine.h"
#include "cli/ExecCommand.h"
#include "cli/LaunchCommand.h"
#include "cli/ProfilesCommand.h"
#include "cli/ProxyCommand.h"
#include "cli/SsoCommand.h"
#include "cli/TokenCommand.h"
#include "cli/WhoamiCommand.h"

#include "buildinfo/BuildInfo.h"

#include <QCoreApplication>

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
        {"exec", "Run one SQL statement over an IAM-authenticated, verified-TLS connection", runExec},
        {"profiles", "List, add, edit, remove, import and export connection profiles", runProfiles},
        {"whoami", "Show which AWS credentials would sign, and where they came from", runWhoami},
        {"proxy", "Serve profiles on local ports: clients connect with no password", runProxy},
        {"sso", "Sign in to IAM Identity Center (sso login), sharing the AWS CLI's cache", runSso},
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

} // namespace

bool wantsCli(int argc, char **argv)
{
    if (argc < 2)
        return false;
    const char *first = argv[1];
    for (const char *flag : {"-h", "--help", "-v", "--version", "help"}) {
        if (std::strcmp(first, flag) == 0)
            return true;
    }
    for (const Subcommand &command : subcommands()) {
        if (std::strcmp(first, command.name) == 0)
            return true;
    }
    // An unknown word is a usage error for the CLI rather than something to hand to the GUI;
    // Qt's own GUI options (-platform, -style …) start with a dash.
    return first[0] != '-';
}

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
    printError(
        QStringLiteral("signet: unknown command \"%1\" (run `signet --help` for the list)").arg(first));
    return ExitUsage;
}

} // namespace signet::cli
