// SPDX-License-Identifier: GPL-3.0-or-later
// Endpoint: where a database is (host, port, region) and how to reach it (an optional "via" host:port),
// with the one HOST:PORT parser and the one set of endpoint rules every module and front-end uses.
#pragma once

#include "common/Result.h"
#include "endpoint/Engine.h"

#include <QList>
#include <QString>

#include <optional>

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

// What an AWS endpoint name says it is.
enum class EndpointKind
{
    Other,    // an IP address, a tunnel, a custom DNS name
    Rds,      // <instance>.<hash>.<region>.rds.amazonaws.com[.cn], clusters (cluster-…, cluster-ro-…)
    RdsProxy, // <proxy>.proxy-<hash>.<region>.rds.amazonaws.com[.cn]: RDS tokens, prx- resource ids
    Dsql,     // <cluster-id>.dsql.<region>.on.aws: DSQL tokens
};
// Any case, an optional trailing dot.
EndpointKind endpointKind(const QString &host);
// The region an RDS (instance, cluster, proxy) or DSQL endpoint name carries; empty for others.
QString regionFromEndpointName(const QString &host);
// The engine the name implies (aurora-dsql for a DSQL endpoint); nullopt when the name does not say.
std::optional<Engine> engineFromEndpointName(const QString &host);
// The region to sign for `host` with: the explicit one (a region name that agrees with the
// endpoint name's), else the name's, else `fallbackRegion` (the AWS configuration's). Errors:
// "region.invalid", "region.mismatch" (with a UseRegion fix), "region.unknown" (GiveRegion).
Result<QString> resolveSigningRegion(const QString &host, const QString &explicitRegion,
                                     const QString &fallbackRegion = {});

struct Endpoint
{
    // The endpoint name: the host the token is signed for and the TLS certificate must name.
    QString host;
    int port = 0;
    // Empty: from the endpoint name (RDS and DSQL hosts), else from the AWS configuration.
    QString region;
    // A tunnel or port-forward: where the TCP connection goes. Empty = host:port.
    QString viaHost;
    int viaPort = 0;

    bool hasVia() const { return !viaHost.isEmpty(); }
    QString connectHost() const { return hasVia() ? viaHost : host; }
    int connectPort() const { return hasVia() && viaPort > 0 ? viaPort : port; }
    // The explicit region, else the one an RDS or DSQL endpoint name carries (empty when neither).
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
