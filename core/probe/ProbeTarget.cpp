// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeTarget: validation.
#include "probe/ProbeTarget.h"

namespace signet::probe {

Status ProbeTarget::validate() const
{
    // A region that contradicts the endpoint is the region step's finding, after the network steps.
    return validateEndpoint(QStringLiteral("check.bad-"), RegionRule::LeftToCaller);
}

} // namespace signet::probe
