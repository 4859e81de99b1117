// SPDX-License-Identifier: GPL-3.0-or-later
// RdsEndpoint: what an RDS host name tells about region and partition.
#pragma once

#include "common/Result.h"

#include <QString>

namespace signet::aws {

class RdsEndpoint final
{
public:
    // The region an RDS endpoint names (`db.abc123.eu-west-1.rds.amazonaws.com`,
    // `db.cluster-ro-abc.cn-north-1.rds.amazonaws.com.cn`, proxies, GovCloud), or an empty string
    // when the host is not an RDS endpoint (an IP address, a tunnel, a custom DNS name).
    static QString regionFromHost(const QString &host);

    // True for names of the AWS region form: `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-central-2`.
    static bool isRegionName(const QString &region);

    // The partition a region belongs to: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b.
    static QString partitionOf(const QString &region);
};

} // namespace signet::aws
