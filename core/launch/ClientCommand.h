// SPDX-License-Identifier: GPL-3.0-or-later
// ClientCommand: a structured command (program, argv, environment, private files) that starts a client.
#pragma once

#include "launch/SecretFile.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace signet::launch {

struct EnvironmentEntry final
{
    QString name;
    QString value;
    // Secret values are redacted in every displayed form unless explicitly revealed.
    bool secret = false;
};

// Never a string glued together: shell text is derived from it (ShellQuoting) and QProcess takes
// program + arguments directly. Private files live as long as any copy of the command.
struct ClientCommand final
{
    QString program;
    QStringList arguments;
    QList<EnvironmentEntry> environment;
    std::vector<std::shared_ptr<SecretFile>> files;
    // Something the user must know or do (e.g. "paste the token from the clipboard").
    QString notice;
    // A secret to put on the (concealed) clipboard before starting, e.g. for MySQL Workbench.
    QString clipboardSecret;
    // Substrings that are secrets wherever they appear (token, password-bearing arguments).
    QStringList secrets;

    // `text` with every secret replaced by "<token redacted>".
    QString redact(const QString &text) const;
    // The arguments as shown to a user: secrets redacted.
    QStringList redactedArguments() const;
    // `base` plus this command's environment.
    QProcessEnvironment
    processEnvironment(const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment()) const;
    // True if any argument contains a secret (tests assert this is false where a client offers
    // another way).
    bool secretInArguments() const;
};

} // namespace signet::launch
