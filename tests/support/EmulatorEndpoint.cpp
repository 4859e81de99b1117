// SPDX-License-Identifier: GPL-3.0-or-later
// EmulatorEndpoint: SIGNET_EMU_* as endpoint options.
#include "EmulatorEndpoint.h"

namespace signet::test {

QStringList emulatorEndpointOptions(const QString &engine)
{
    const bool pg = engine == u"postgres";
    auto env = [](const char *name) { return qEnvironmentVariable(name); };
    return {QStringLiteral("--engine"),   engine,
            QStringLiteral("--host"),     env("SIGNET_EMU_HOST"),
            QStringLiteral("--port"),     env(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT"),
            QStringLiteral("--user"),     env(pg ? "SIGNET_EMU_PG_USER" : "SIGNET_EMU_MYSQL_USER"),
            QStringLiteral("--region"),   env("SIGNET_EMU_REGION"),
            QStringLiteral("--database"), env("SIGNET_EMU_DATABASE"),
            QStringLiteral("--ca"),       env("SIGNET_EMU_CA")};
}

} // namespace signet::test
