// SPDX-License-Identifier: GPL-3.0-or-later
// RdsConnectPolicy: the rds-db:connect IAM policy for one database user on one RDS resource, and who to
// attach it to.
#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringList>

namespace signet::aws {

// The IAM identity behind a caller ARN (STS GetCallerIdentity), as AttachUserPolicy /
// AttachRolePolicy name it.
struct IamPrincipal final
{
    enum class Kind
    {
        User,
        Role,
        Root
    };
    Kind kind = Kind::User;
    // The user or role name (no path); empty for the account root.
    QString name;
    QString accountId;
    QString partition;
};

class RdsConnectPolicy final
{
public:
    // "arn:PARTITION:rds-db:REGION:ACCOUNT:dbuser:RESOURCE_ID/DBUSER". The resource ID is the
    // instance's DbiResourceId ("db-…"), the cluster's DbClusterResourceId ("cluster-…") or the
    // proxy's ("prx-…") — never the name. An error names what is wrong.
    static Result<QString> resourceArn(const QString &region, const QString &accountId,
                                       const QString &resourceId, const QString &dbUser);
    // {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":[…]}]},
    // indented for previews.
    static QString document(const QStringList &resourceArns);
    // A policy name IAM accepts (letters, digits, +=,.@_-; at most 128 characters):
    // "signet-rds-connect-<resource id>-<user>".
    static QString policyName(const QString &resourceId, const QString &dbUser);

    // Whether `document` (a policy's JSON) allows rds-db:connect on `resourceArn`: an Allow
    // statement whose Action and Resource match (with IAM's * and ? wildcards), and no Deny that
    // does. Conditions, NotAction and NotResource are not evaluated: such statements make the
    // answer Unknown.
    enum class Verdict
    {
        Allows,
        DoesNotAllow,
        Unknown
    };
    static Verdict evaluate(const QString &document, const QString &resourceArn);

    // The user or role of a caller ARN: "arn:aws:iam::123:user/path/alice" (user alice),
    // "arn:aws:sts::123:assumed-role/Role/session" (role Role), "arn:aws:iam::123:root".
    static Result<IamPrincipal> principalFromArn(const QString &callerArn);

    // IAM's wildcard match: '*' any run, '?' any one character, case-sensitive.
    static bool wildcardMatch(QStringView pattern, QStringView text);
};

} // namespace signet::aws
