// SPDX-License-Identifier: GPL-3.0-or-later
// ReferenceSigner: runs AWS's own signers (botocore, npm @aws-sdk/*-signer) over a batch of token inputs.
#pragma once

#include "common/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace signet::test {

// A script that reads IN.json (a list of cases) and writes OUT.json ({"results": [...]}), as
// tests/support/botocore_tokens.py and aws_js_tokens.js do. A missing interpreter or package is an
// error whose hint says how to install it: parity tests fail on it, they never skip.
class ReferenceSigner final
{
public:
    // /usr/bin/python3 tests/support/botocore_tokens.py
    static Result<ReferenceSigner> botocore();
    // /usr/bin/node tests/support/aws_js_tokens.js KIND, with NODE_PATH at the npm cache
    // (SIGNET_NPM_DIR, build/npm by default) that scripts/test fills from the pinned
    // tests/support/npm/package-lock.json; refused when that cache is missing or was installed
    // from another lock file. kind: "dsql" or "rds".
    static Result<ReferenceSigner> awsJs(const QString &kind);

    // Runs the script over cases; OUT.json's object, whose "results" has one entry per case.
    Result<QJsonObject> sign(const QJsonArray &cases, int timeoutMs = 300000) const;

    const QString &name() const { return m_name; }

private:
    QString m_name;
    QString m_program;
    QStringList m_arguments;
    QProcessEnvironment m_environment;
};

} // namespace signet::test
