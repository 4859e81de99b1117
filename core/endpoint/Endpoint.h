// Endpoint: where a database is (host, port, region) and how to reach it (an optional "via" host:port),
// with the one HOST:PORT parser and the one set of endpoint rules every module and front-end uses.
#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>

namespace signet {

// One problem with one field, worded for the user as the fix.
struct FieldError final
{
    QString field; // "name", "host", "port", "region", "user", "via", "caFile", ...
    QString message;

    bool operator==(const FieldError &) const = default;
};

struct HostPort final
{
    QString host;
    int port = 0;

    bool operator==(const HostPort &) const = default;
};

// Parses "host:port" ("[::1]:5432" for IPv6); errors ("endpoint.bad-host-port") name what is wrong.
Result<HostPort> parseHostPort(const QString &text);
// "host:port", "[::1]:5432".
QString hostPortText(const QString &host, int port);

struct Endpoint
{
    // The endpoint name: the host the token is signed for and the TLS certificate must name.
    QString host;
    int port = 0;
    // Empty: from the endpoint name (RDS hosts), else from the AWS configuration.
    QString region;
    // A tunnel or port-forward: where the TCP connection goes. Empty = host:port.
    QString viaHost;
    int viaPort = 0;

    bool hasVia() const { return !viaHost.isEmpty(); }
    QString connectHost() const { return hasVia() ? viaHost : host; }
    int connectPort() const { return hasVia() && viaPort > 0 ? viaPort : port; }
    // The explicit region, else the one an RDS endpoint name carries (empty when neither).
    QString effectiveRegion() const;
    // "host:port" of the via, empty without one.
    QString viaText() const;
    // Sets the via from "HOST:PORT"; an empty text clears it.
    Status setVia(const QString &text);

    // The endpoint rules, in form order: host, port, region (well-formed and not contradicting the
    // endpoint's), via. Empty when the endpoint can be used.
    QList<FieldError> endpointProblems() const;
    // Whether validateEndpoint() checks the region; the check leaves it to its region step, which
    // reports it with the network steps' results rather than refusing to start.
    enum class RegionRule
    {
        Checked,
        LeftToCaller,
    };
    // The first problem as an Error whose code is `codePrefix` + the field ("db.target.port").
    Status validateEndpoint(const QString &codePrefix, RegionRule regionRule = RegionRule::Checked) const;

    const Endpoint &endpoint() const { return *this; }

    bool operator==(const Endpoint &) const = default;
};

} // namespace signet
