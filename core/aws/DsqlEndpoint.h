// SPDX-License-Identifier: GPL-3.0-or-later
// DsqlEndpoint: what an Aurora DSQL cluster endpoint (`<id>.dsql.<region>.on.aws`) tells about its region.
#pragma once

#include "common/Result.h"

#include <QString>

namespace signet::aws {

// The DSQL counterpart of RdsEndpoint; the error codes are the same ("region.*"), so callers
// handle both kinds of endpoint alike.
class DsqlEndpoint final
{
public:
    // True for `<cluster-id>.dsql.<region>.on.aws` (any case, an optional trailing dot).
    static bool isDsqlHost(const QString &host);

    // The region a DSQL endpoint names, or an empty string when the host is not one (an IP
    // address, a tunnel, a custom DNS name).
    static QString regionFromHost(const QString &host);

    // The region to sign with: the explicit one if given (it must be a region name and agree with
    // the endpoint's), else the endpoint's.
    static Result<QString> resolveRegion(const QString &host, const QString &explicitRegion);
};

} // namespace signet::aws
