// SPDX-License-Identifier: GPL-3.0-or-later
// EndpointOptions: the shared endpoint options and their one reading.
#include "cli/EndpointOptions.h"

#include "cli/CommandLine.h"

namespace signet::cli {

EndpointOptions::EndpointOptions()
{
    m_options = {
        QCommandLineOption(QStringLiteral("engine"),
                           QStringLiteral("Database engine: %1.").arg(engineNamesText()),
                           QStringLiteral("ENGINE")),
        QCommandLineOption(QStringLiteral("host"), QStringLiteral("Database endpoint host name."),
                           QStringLiteral("HOST")),
        QCommandLineOption(QStringLiteral("port"),
                           QStringLiteral("Database port, 1-65535 (default: the engine's with --engine)."),
                           QStringLiteral("PORT")),
        QCommandLineOption(QStringLiteral("user"), QStringLiteral("Database user (IAM-enabled)."),
                           QStringLiteral("USER")),
        QCommandLineOption(QStringLiteral("region"),
                           QStringLiteral("AWS region tokens are signed for; optional when HOST is an RDS "
                                          "endpoint."),
                           QStringLiteral("REGION")),
        QCommandLineOption(QStringLiteral("database"), QStringLiteral("Database (schema) name."),
                           QStringLiteral("NAME")),
        QCommandLineOption(
            QStringLiteral("ca"),
            QStringLiteral("CA bundle the server certificate must chain to: a PEM file or a "
                           "stored bundle, or \"system\" for the system trust store (default: the RDS global "
                           "bundle; the system store for Aurora DSQL)."),
            QStringLiteral("FILE|BUNDLE")),
        QCommandLineOption(QStringLiteral("via"),
                           QStringLiteral("Connect through a tunnel or port-forward at HOST:PORT; the token "
                                          "and TLS still name the endpoint."),
                           QStringLiteral("HOST:PORT")),
        QCommandLineOption(QStringLiteral("aws-profile"),
                           QStringLiteral("AWS profile for credentials (skips environment keys)."),
                           QStringLiteral("NAME")),
    };
}

const QCommandLineOption &EndpointOptions::option(Field field) const
{
    return m_options.at(int(field));
}

void EndpointOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions(m_options);
}

QString EndpointOptions::firstSet(const QCommandLineParser &parser) const
{
    for (const QCommandLineOption &option : m_options) {
        if (parser.isSet(option))
            return option.names().first();
    }
    return {};
}

Result<Engine> EndpointOptions::engine(const QCommandLineParser &parser) const
{
    const auto engine = parseEngine(parser.value(option(Field::Engine)));
    if (!engine)
        return makeError(QStringLiteral("usage.bad-engine"), engine.error().message,
                         QStringLiteral("Pass --engine %1.").arg(engineNamesText()));
    return engine;
}

Result<int> EndpointOptions::port(const QCommandLineParser &parser) const
{
    Error error;
    const auto number =
        intOption(parser.value(option(Field::Port)), QStringLiteral("--port"), 1, 65535, &error);
    if (!number)
        return error;
    return *number;
}

Result<HostPort> EndpointOptions::via(const QCommandLineParser &parser) const
{
    const QString text = parser.value(option(Field::Via)).trimmed();
    if (text.isEmpty())
        return HostPort{};
    const auto parsed = parseHostPort(text);
    if (!parsed)
        return makeError(QStringLiteral("usage.bad-via"),
                         QStringLiteral("--via %1").arg(parsed.error().message),
                         QStringLiteral("Pass the tunnel's local end, e.g. --via 127.0.0.1:15432."));
    return parsed;
}

Result<EndpointArguments> EndpointOptions::read(const QCommandLineParser &parser,
                                                const QList<Field> &required,
                                                Endpoint::RegionRule regionRule) const
{
    EndpointArguments arguments;
    // Without --engine, an endpoint name that implies one (a DSQL endpoint) decides it.
    std::optional<Engine> chosen = engineFromEndpointName(parser.value(option(Field::Host)));
    if (parser.isSet(option(Field::Engine))) {
        const auto given = engine(parser);
        if (!given)
            return given.error();
        chosen = *given;
        arguments.engineGiven = true;
    }
    if (chosen)
        arguments.engine = *chosen;
    for (const Field field : required) {
        // --engine may come from the endpoint's name (a DSQL cluster), --port from the engine, and
        // --user from an engine with a built-in login.
        if (field == Field::Engine && chosen)
            continue;
        if (field == Field::Port && chosen)
            continue;
        if (field == Field::User && chosen && !defaultUser(*chosen).isEmpty())
            continue;
        const QCommandLineOption &wanted = option(field);
        if (parser.value(wanted).trimmed().isEmpty())
            return makeError(QStringLiteral("usage.missing"),
                             QStringLiteral("--%1 is missing or empty").arg(wanted.names().first()),
                             QStringLiteral("Pass --%1 %2, or name a saved profile.")
                                 .arg(wanted.names().first(), wanted.valueName()));
    }
    arguments.endpoint.host = parser.value(option(Field::Host)).trimmed();
    if (parser.isSet(option(Field::Port))) {
        const auto number = port(parser);
        if (!number)
            return number.error();
        arguments.endpoint.port = *number;
    } else if (chosen) {
        arguments.endpoint.port = defaultPort(arguments.engine);
    }
    arguments.endpoint.region = parser.value(option(Field::Region)).trimmed();
    const auto tunnel = via(parser);
    if (!tunnel)
        return tunnel.error();
    arguments.endpoint.viaHost = tunnel->host;
    arguments.endpoint.viaPort = tunnel->port;
    // Only what was given is checked here: a missing host or port is the command's to require.
    if (!arguments.endpoint.host.isEmpty() && arguments.endpoint.port != 0) {
        if (const Status valid =
                arguments.endpoint.validateEndpoint(QStringLiteral("usage.bad-"), regionRule);
            !valid)
            return valid.error();
    }
    arguments.user = parser.value(option(Field::User)).trimmed();
    if (arguments.user.isEmpty() && chosen)
        arguments.user = defaultUser(arguments.engine);
    arguments.database = parser.value(option(Field::Database)).trimmed();
    if (arguments.database.isEmpty() && chosen)
        arguments.database = defaultDatabase(arguments.engine);
    arguments.ca = parser.value(option(Field::Ca)).trimmed();
    arguments.awsProfile = parser.value(option(Field::AwsProfile)).trimmed();
    return arguments;
}

} // namespace signet::cli
