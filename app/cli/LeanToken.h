// SPDX-License-Identifier: GPL-3.0-or-later
// LeanToken: `signet token --host … --port … --user …` signed with environment keys inside the small
// `signet` front executable, which maps only QtCore and libcrypto. Anything else (a saved profile, an
// AWS profile, MFA, SSO, roles, a usage error to explain) is handed to the full CLI.
#pragma once

#include <optional>

namespace signet::cli {

// The exit code when the lean path signed (or failed after deciding to sign); nullopt to hand the
// command to the full CLI unchanged.
std::optional<int> leanToken(int argc, char **argv);

} // namespace signet::cli
