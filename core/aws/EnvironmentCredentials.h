// SPDX-License-Identifier: GPL-3.0-or-later
// EnvironmentCredentials: AWS_ACCESS_KEY_ID and friends, the first provider of the chain. Kept apart
// from the resolver so the lean `signet token` path signs with them without the network code.
#pragma once

#include "aws/ResolvedCredentials.h"
#include "common/Result.h"

#include <QProcessEnvironment>

#include <optional>

namespace signet::aws {

// The environment's keys as botocore reads them: none when AWS_ACCESS_KEY_ID is empty; an error
// for a key id without its secret or an unreadable AWS_CREDENTIAL_EXPIRATION.
Result<std::optional<ResolvedCredentials>> credentialsFromEnvironment(const QProcessEnvironment &env);

} // namespace signet::aws
