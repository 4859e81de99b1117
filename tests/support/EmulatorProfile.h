// SPDX-License-Identifier: GPL-3.0-or-later
// emulatorProfile: a saved profile for the local RDS emulation's MariaDB or PostgreSQL (SIGNET_EMU_*),
// signing with the environment's keys — what the UI tests against the emulator select and use.
#pragma once

#include "EmulatorEnvironment.h"
#include "profiles/ConnectionProfile.h"

namespace signet::test {

inline profiles::ConnectionProfile emulatorProfile(const QString &name, bool postgres)
{
    profiles::ConnectionProfile profile =
        profiles::ConnectionProfile::create(name, postgres ? Engine::Postgres : Engine::MariaDb);
    profile.host = qEnvironmentVariable("SIGNET_EMU_HOST");
    profile.port = qEnvironmentVariable(postgres ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT").toInt();
    profile.region = qEnvironmentVariable("SIGNET_EMU_REGION");
    profile.dbUser = qEnvironmentVariable(postgres ? "SIGNET_EMU_PG_USER" : "SIGNET_EMU_MYSQL_USER");
    profile.database = qEnvironmentVariable("SIGNET_EMU_DATABASE");
    profile.caFile = qEnvironmentVariable("SIGNET_EMU_CA");
    profile.credentialSource = profiles::CredentialSource::Environment;
    return profile;
}

// Takes the running emulator's environment and signs with its allowed key from the environment
// alone (no AWS config or credentials file); false when no emulator runs.
inline bool signWithEmulatorKeys()
{
    if (!loadEmulatorEnvironment())
        return false;
    qputenv("AWS_ACCESS_KEY_ID", qgetenv("SIGNET_EMU_ACCESS_KEY_ID"));
    qputenv("AWS_SECRET_ACCESS_KEY", qgetenv("SIGNET_EMU_SECRET_ACCESS_KEY"));
    qunsetenv("AWS_SESSION_TOKEN");
    qputenv("AWS_CONFIG_FILE", "/nonexistent");
    qputenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    return true;
}

} // namespace signet::test
