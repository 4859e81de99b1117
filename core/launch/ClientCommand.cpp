// SPDX-License-Identifier: GPL-3.0-or-later
// ClientCommand: redaction and environment helpers.
#include "launch/ClientCommand.h"

namespace signet::launch {

QString ClientCommand::redact(const QString &text) const
{
    QString out = text;
    for (const QString &secret : secrets) {
        if (!secret.isEmpty())
            out.replace(secret, QStringLiteral("<token redacted>"));
    }
    return out;
}

QStringList ClientCommand::redactedArguments() const
{
    QStringList out;
    out.reserve(arguments.size());
    for (const QString &argument : arguments)
        out.append(redact(argument));
    return out;
}

QProcessEnvironment ClientCommand::processEnvironment(const QProcessEnvironment &base) const
{
    QProcessEnvironment env = base;
    for (const EnvironmentEntry &entry : environment)
        env.insert(entry.name, entry.value);
    return env;
}

bool ClientCommand::secretInArguments() const
{
    for (const QString &argument : arguments) {
        for (const QString &secret : secrets) {
            if (!secret.isEmpty() && argument.contains(secret))
                return true;
        }
    }
    return false;
}

} // namespace signet::launch
