// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialProcess: runs a profile's credential_process and reads the credentials it prints.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/Credentials.h"
#include "aws/ProcessRunner.h"

namespace signet::aws {

class CredentialProcess final
{
public:
    // `runner` must outlive the call.
    CredentialProcess(ProcessRunner &runner, QProcessEnvironment env, int timeoutMs = 60000);

    // Splits `commandLine` like shlex (no shell), runs it and parses its stdout.
    void run(const QString &commandLine, const QString &profile, ResultCallback<Credentials> done) const;

    // {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}.
    static Result<Credentials> parseOutput(const QByteArray &json, const QString &profile);
    // Text from a failing process with anything that looks like a key, token or secret masked,
    // trimmed to a few hundred characters.
    static QString redactSecrets(const QString &text);

private:
    ProcessRunner &m_runner;
    QProcessEnvironment m_env;
    int m_timeoutMs;
};

} // namespace signet::aws
