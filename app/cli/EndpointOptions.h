// SPDX-License-Identifier: GPL-3.0-or-later
// EndpointOptions: --engine --host --port --user --region --database --ca --via --aws-profile, declared
// once and read once for every command that reaches a database (token, exec, check, launch, profiles).
#pragma once

#include "common/Result.h"
#include "endpoint/Endpoint.h"
#include "endpoint/Engine.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>

namespace signet::cli {

// What the endpoint options said. `ca` is the text given (empty: the engine's
// default, CaBundleStore::defaultBundleFor); each command
// resolves it as it needs (a stored bundle or a file; a printed command keeps a path as given).
struct EndpointArguments final
{
    Engine engine = Engine::Postgres;
    bool engineGiven = false;
    Endpoint endpoint;
    QString user;
    QString database;
    QString ca;
    QString awsProfile;
};

class EndpointOptions final
{
public:
    enum class Field
    {
        Engine,
        Host,
        Port,
        User,
        Region,
        Database,
        Ca,
        Via,
        AwsProfile,
    };

    EndpointOptions();

    const QCommandLineOption &option(Field field) const;
    void addTo(QCommandLineParser &parser) const;
    // The first endpoint option given ("host"), for "PROFILE next to --host"; empty when none is.
    QString firstSet(const QCommandLineParser &parser) const;

    // Reads every option; the `required` ones must be given and not empty. --port defaults to the
    // engine's port when --engine is given. The endpoint is validated (host, port, region against the
    // endpoint name, via). Errors are usage errors naming the option.
    Result<EndpointArguments> read(const QCommandLineParser &parser, const QList<Field> &required,
                                   Endpoint::RegionRule regionRule = Endpoint::RegionRule::Checked) const;

    // The single-option parsers read() uses, for commands that apply options one by one (profiles edit).
    Result<Engine> engine(const QCommandLineParser &parser) const;
    Result<int> port(const QCommandLineParser &parser) const;
    // An empty --via "" clears: a HostPort with an empty host.
    Result<HostPort> via(const QCommandLineParser &parser) const;

private:
    QList<QCommandLineOption> m_options;
};

} // namespace signet::cli
