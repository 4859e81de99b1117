// SPDX-License-Identifier: GPL-3.0-or-later
// `signet token --host H --port P [--region R] --user U [--aws-profile NAME] [--mfa-code CODE] [--expires S]
// [--json]`,
// or `signet token PROFILE [--expires S] [--json]` for a saved profile.
// stdout carries the token and nothing else; everything diagnostic goes to stderr.
#include "cli/TokenCommand.h"

#include "aws/CredentialChain.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/EndpointOptions.h"
#include "cli/ProfileSession.h"
#include "cli/TerminalMfaPrompt.h"
#include "cli/TokenSigning.h"
#include "common/Clock.h"
#include "profiles/ProfileSigner.h"
#include "token/AuthToken.h"

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("token");

int signProfile(const QString &name, const QString &expires, bool json)
{
    ProfileSession session;
    const auto profile = session.find(name);
    if (!profile) {
        printFailure(kCommand, profile.error());
        return ExitFailed;
    }
    // Without --expires the profile's own lifetime (DSQL) applies: 0 lets ProfileSigner choose.
    const auto lifetime = expires.isEmpty() ? Result<int>(0) : tokenLifetime(expires, profile->engine);
    if (!lifetime) {
        printFailure(kCommand, lifetime.error());
        return ExitUsage;
    }
    const auto credentials = session.credentials(*profile);
    if (!credentials) {
        printFailure(kCommand, credentials.error());
        return ExitFailed;
    }
    const auto token =
        profiles::ProfileSigner::sign(*profile, *credentials, Clock::system().now(), *lifetime);
    if (!token) {
        printFailure(kCommand, token.error());
        return ExitFailed;
    }
    printOut(json ? QString::fromUtf8(tokenJson(*token, *credentials)) : token->text() + u'\n');
    return ExitOk;
}

} // namespace

int runToken(const QStringList &args)
{
    QCommandLineParser parser;
    const TokenCommandLine options;
    options.addTo(parser);
    const auto outcome = parseArguments(parser, args, kCommand,
                                        QStringLiteral("Sign an IAM database authentication token. The token "
                                                       "alone goes to stdout."));
    if (!outcome.proceed)
        return outcome.exitCode;

    auto usage = [](const Error &error) {
        printFailure(kCommand, error);
        return int(ExitUsage);
    };
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usage(makeError(
            QStringLiteral("usage.unexpected"),
            QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)),
            QStringLiteral("Name one saved profile, or pass --host HOST --port PORT --user USER.")));
    if (positional.size() == 1) {
        if (const QString option = options.endpoint.firstSet(parser); !option.isEmpty())
            return usage(makeError(
                QStringLiteral("usage.conflict"),
                QStringLiteral("unexpected argument \"%2\" next to --%1").arg(option, positional.first()),
                QStringLiteral("Name a saved profile alone (signet token PROFILE), or pass only "
                               "--host/--port/--user.")));
        return signProfile(positional.first(),
                           parser.isSet(options.expires) ? parser.value(options.expires) : QString(),
                           parser.isSet(options.json));
    }
    using Field = EndpointOptions::Field;
    const auto arguments = options.endpoint.read(parser, {Field::Host, Field::Port, Field::User});
    if (!arguments)
        return usage(arguments.error());
    const auto lifetime = tokenLifetime(parser.value(options.expires), arguments->engine);
    if (!lifetime)
        return usage(lifetime.error());

    const aws::CredentialChain chain(QProcessEnvironment::systemEnvironment(),
                                     cliChainOptions(parser.value(options.mfaCode)));
    return signEndpoint(*arguments, *lifetime, parser.isSet(options.json),
                        chain.defaultRegion(arguments->awsProfile),
                        [&] { return chain.resolve(arguments->awsProfile); });
}

} // namespace signet::cli
