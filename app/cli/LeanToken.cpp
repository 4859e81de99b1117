// SPDX-License-Identifier: GPL-3.0-or-later
// LeanToken: the environment-keys path of `signet token`, decided exactly as the full CLI would.
#include "cli/LeanToken.h"

#include "aws/AwsConfigFiles.h"
#include "aws/EnvironmentCredentials.h"
#include "cli/CommandLine.h"
#include "cli/TokenSigning.h"

#include <QProcessEnvironment>

namespace signet::cli {

std::optional<int> leanToken(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    args.removeAt(1); // "token"
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const TokenCommandLine options;
    options.addTo(parser);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    // Help, errors, a saved profile, an AWS profile or an MFA code: the full CLI's job.
    if (!parser.parse(args) || parser.isSet(help) || !parser.positionalArguments().isEmpty() ||
        parser.isSet(options.mfaCode) ||
        parser.isSet(options.endpoint.option(EndpointOptions::Field::AwsProfile)))
        return std::nullopt;
    using Field = EndpointOptions::Field;
    const auto arguments = options.endpoint.read(parser, {Field::Host, Field::Port, Field::User});
    if (!arguments)
        return std::nullopt;
    const auto lifetime = tokenLifetime(parser.value(options.expires), arguments->engine);
    if (!lifetime)
        return std::nullopt;

    // The chain's first provider, as the resolver finds it: the config files must load and name the
    // profile in use (AWS_PROFILE), and the environment must hold a complete key pair.
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const auto files = aws::AwsConfigFiles::load(env);
    if (!files)
        return std::nullopt;
    const QString profile = aws::AwsConfigFiles::profileName(env);
    if (profile != u"default" && !files->hasProfile(profile))
        return std::nullopt;
    const auto fromEnvironment = aws::credentialsFromEnvironment(env);
    if (!fromEnvironment || !fromEnvironment->has_value())
        return std::nullopt;
    const aws::Credentials credentials = (*fromEnvironment)->credentials;
    return signEndpoint(*arguments, *lifetime, parser.isSet(options.json), files->region(env, profile),
                        [&credentials] { return Result<aws::Credentials>(credentials); });
}

} // namespace signet::cli
