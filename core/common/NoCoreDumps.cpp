// SPDX-License-Identifier: GPL-3.0-or-later
// NoCoreDumps: setrlimit(RLIMIT_CORE, 0) and prctl(PR_SET_DUMPABLE, 0).
#include "common/NoCoreDumps.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace signet {

bool disableCoreDumps()
{
    const struct rlimit noCore
    {
        0, 0
    };
    const bool limited = setrlimit(RLIMIT_CORE, &noCore) == 0;
    const bool undumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    return limited && undumpable;
}

} // namespace signet
