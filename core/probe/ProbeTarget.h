// ProbeTarget: what the check reaches; a connection profile maps onto it one field at a time.
#pragma once

#include "common/Result.h"

#include <QString>

namespace signet::probe {

struct ProbeTarget final
{
    enum class Engine
    {
        MySql,
        Postgres
    };

    Engine engine = Engine::MySql;
    QString host; // the database endpoint name: the TLS name checked and the host tokens are signed for
    quint16 port = 0;
    QString viaHost; // optional tunnel / port-forward actually connected to
    quint16 viaPort = 0;
    QString caBundle; // a stored bundle id or a PEM file; empty means the global RDS bundle
    QString region;   // empty: from the endpoint name or the AWS configuration
    QString user;
    QString database; // for the login step; empty: the server's default for the user
    QString awsProfile;
    bool verifyHostName = true; // false: the profile is verify-ca (the name is a warning, not a failure)

    bool hasVia() const { return !viaHost.isEmpty(); }
    QString connectHost() const { return hasVia() ? viaHost : host; }
    quint16 connectPort() const { return hasVia() ? (viaPort ? viaPort : port) : port; }

    // The problems that make the check impossible to start (no host, port 0 …), or Unit.
    Status validate() const;

    static QString engineName(Engine engine);
    static Result<Engine> parseEngine(const QString &text);
};

} // namespace signet::probe
