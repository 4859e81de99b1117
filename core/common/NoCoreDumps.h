// SPDX-License-Identifier: GPL-3.0-or-later
// NoCoreDumps: keeps the process's memory (tokens, keys, passwords) out of core dumps and debuggers.
#pragma once

namespace signet {

// Called first in main() of signet and signet-gui. Sets RLIMIT_CORE to 0 (no core file, and the
// limit is inherited by nothing that matters: children get their own on exec) and marks the process
// not dumpable (PR_SET_DUMPABLE 0), which also stops core handlers that ignore RLIMIT_CORE (a
// core_pattern pipe such as systemd-coredump) and other processes of the same user from attaching
// with ptrace or reading /proc/<pid>/mem. Returns false when either could not be set.
bool disableCoreDumps();

} // namespace signet
