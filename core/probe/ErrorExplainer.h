// SPDX-License-Identifier: GPL-3.0-or-later
// ErrorExplainer: maps the terse errors of RDS IAM logins to an ordered checklist of likely causes.
#pragma once

#include "probe/ProbeTarget.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace signet::probe {

struct LikelyCause final
{
    QString id;    // stable: "token-expired", "region-mismatch", "user-not-iam", …
    QString cause; // what may be wrong
    QString check; // how to check or fix it
};

struct Explanation final
{
    QString id;                // "mysql-access-denied", "pg-pam-failed", … or "unknown"
    QString summary;           // the server's error in plain words
    QList<LikelyCause> causes; // most likely first

    QStringList toLines() const;
};

class ErrorExplainer final
{
public:
    // `serverMessage` is the error text as the driver reported it; `code` the server error number
    // when known (MySQL), else 0 and the number is looked for in the message.
    // For Aurora DSQL, `host` and `user` let the causes name the action the role needs
    // (dsql:DbConnectAdmin for admin, dsql:DbConnect otherwise) and the cluster's ARN.
    static Explanation explain(Engine engine, const QString &serverMessage, int code = 0,
                               const QString &host = {}, const QString &user = {});
};

} // namespace signet::probe
