# SPDX-License-Identifier: GPL-3.0-or-later
"""What bench/proxy_memory.py and bench/proxy_bench.py share: the emulator's environment, a
`signet proxy` started for profiles in a HOME of its own, and a process's resident memory.

The profile set-up itself is the integration tests' (tests/integration/proxy/test_proxy.py).
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration", "proxy"))
from test_proxy import ENV, add_profile, free_port, isolated_env  # noqa: E402,F401 - the tests' own set-up

EMULATOR_VARS = ("SIGNET_EMU_HOST", "SIGNET_EMU_PG_PORT", "SIGNET_EMU_CA", "SIGNET_EMU_ACCESS_KEY_ID")


def require_emulator_env():
    for name in EMULATOR_VARS:
        if not ENV.get(name):
            sys.exit("%s is not set: eval \"$(tests/emulator/emulator env)\" first" % name)


def require_optimised_build(signet):
    """Refuses a signet-cli from a Debug build (-O0): its CPU per query measured the compiler, not the
    proxy (a Debug build spent 89 us of CPU per query where RelWithDebInfo spent 33-40 on the same
    day). The build type is read from the CMakeCache.txt above the binary (BUILD/app/signet-cli)."""
    cache = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(signet))), "CMakeCache.txt")
    if not os.path.exists(cache):
        return  # an installed signet: packages are built optimised
    with open(cache) as f:
        for line in f:
            if line.startswith("CMAKE_BUILD_TYPE:"):
                build_type = line.split("=", 1)[1].strip()
                if build_type not in ("Release", "RelWithDebInfo", "MinSizeRel"):
                    sys.exit("%s comes from a %s build; benchmark an optimised one:\n"
                             "  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "
                             "-DSIGNET_BUILD_GUI=OFF -DSIGNET_BUILD_TESTS=OFF\n"
                             "  cmake --build build/release --target signet-cli"
                             % (signet, build_type or "build-type-less (unoptimised)"))
                return


def start_proxy(signet, env, specs, extra=(), wrap=""):
    """`signet proxy SPECS… EXTRA…` (under the command WRAP, if any), once it printed its banner.

    Returns (process, banner, stderr file); exits with the proxy's stderr if it did not start.
    """
    stderr = tempfile.TemporaryFile()
    proxy = subprocess.Popen(wrap.split() + [signet, "proxy", *specs, *extra], env=env,
                             stdout=subprocess.PIPE, stderr=stderr, text=True)
    banner = ""
    while True:
        line = proxy.stdout.readline()
        if not line:
            stderr.seek(0)
            sys.exit("signet proxy did not start:\n%s%s" % (banner, stderr.read().decode()))
        banner += line
        if line.startswith("No password needed"):
            return proxy, banner, stderr


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError("no %s for %d" % (field, pid))


def settle(pid):
    """VmRSS once it stopped moving (the proxy finishes logins and frees what they used)."""
    last = status_kb(pid, "VmRSS")
    for _ in range(20):
        time.sleep(0.25)
        now = status_kb(pid, "VmRSS")
        if now == last:
            return now
        last = now
    return last
