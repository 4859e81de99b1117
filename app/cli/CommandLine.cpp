// SPDX-License-Identifier: GPL-3.0-or-later
// CLI plumbing shared by the subcommands.
#include "cli/CommandLine.h"

#include "cli/Cli.h"

#include <cstdio>

namespace signet::cli {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

void printFailure(const QString &command, const Error &error)
{
    printError(QStringLiteral("signet %1: %2").arg(command, error.toString(FrontEnd::Cli)));
}

ParseOutcome parseArguments(QCommandLineParser &parser, const QStringList &args, const QString &command,
                            const QString &description)
{
    parser.setApplicationDescription(description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        printError(QStringLiteral("signet %1: %2 (run `signet %1 --help` for the options)")
                       .arg(command, parser.errorText().replace(u'\n', u' ')));
        return {false, ExitUsage};
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // Qt prints the binary name alone; show the subcommand too.
        text.replace(QStringLiteral("Usage: %1").arg(args.value(0)),
                     QStringLiteral("Usage: signet %1").arg(command));
        printOut(text);
        return {false, ExitOk};
    }
    return {true, ExitOk};
}

std::optional<int> intOption(const QString &text, const QString &option, int min, int max, Error *error)
{
    bool ok = false;
    const qlonglong value = text.trimmed().toLongLong(&ok);
    if (!ok) {
        *error =
            makeError(QStringLiteral("usage.not-a-number"),
                      QStringLiteral("%1 \"%2\" is not a whole number").arg(option, text),
                      QStringLiteral("Pass %1 with a value from %2 to %3.").arg(option).arg(min).arg(max));
        return std::nullopt;
    }
    if (value < min || value > max) {
        *error =
            makeError(QStringLiteral("usage.out-of-range"),
                      QStringLiteral("%1 %2 is outside %3-%4").arg(option).arg(value).arg(min).arg(max),
                      QStringLiteral("Pass %1 with a value from %2 to %3.").arg(option).arg(min).arg(max));
        return std::nullopt;
    }
    return int(value);
}

} // namespace signet::cli
