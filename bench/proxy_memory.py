#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Memory per idle connection of `signet proxy`, against the local RDS emulation.

bench/proxy_memory.py SIGNET [N] [--engine postgres|mariadb] [--local-tls] [--wrap "heaptrack -o FILE"]

Starts `signet proxy` for one emulator profile (its own HOME), opens one connection and closes it
(so the one-time costs -- OpenSSL's providers, the first token, the CA -- are paid), then opens N
idle connections (psycopg2 or pymysql, each runs SELECT 1 once and then waits), and prints the
proxy's VmRSS before and after, the difference per connection, and the same once they closed.
Needs the emulator's environment (`eval "$(tests/emulator/emulator env)"`). A benchmark: it asserts
nothing about the figures. To see where the memory goes (docs/proxy.md, Memory): --wrap runs the
proxy under another program (give SIGNET as signet-cli for heaptrack), and PROXY_MEMORY_PROBE is a
shell command run while the N connections are idle and again once they closed, with {pid} the
proxy's process id (`gdb -p {pid} -batch -ex "call (void)malloc_stats()"`, or `kill -9 {pid}` so
heaptrack's "leaked" is what idle sessions hold).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

import psycopg2
import pymysql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from proxybench_common import (ENV, add_profile, free_port, isolated_env, require_emulator_env,  # noqa: E402
                               require_optimised_build, settle, start_proxy)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("signet")
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--engine", choices=("postgres", "mariadb"), default="postgres")
    parser.add_argument("--local-tls", action="store_true", help="clients use TLS to the proxy too")
    parser.add_argument("--wrap", default="", help="run the proxy under this command (heaptrack, valgrind ...)")
    args = parser.parse_args()
    require_emulator_env()
    require_optimised_build(args.signet)

    home = tempfile.TemporaryDirectory()
    env = isolated_env(home.name)
    pg = args.engine == "postgres"
    user = ENV["SIGNET_EMU_PG_USER"] if pg else ENV["SIGNET_EMU_MYSQL_USER"]
    ENV["SIGNET_BIN"] = args.signet  # for add_profile
    add_profile(env, "bench", args.engine, ENV["SIGNET_EMU_PG_PORT"] if pg else ENV["SIGNET_EMU_MYSQL_PORT"],
                user, ENV["SIGNET_EMU_CA"])
    port = free_port()
    proxy_args = [args.signet, "proxy", "bench=%d" % port, "--max-connections", str(args.n + 10)]
    if args.local_tls:
        proxy_args += ["--local-tls"]
    proxy, banner, stderr = start_proxy(args.signet, env, proxy_args[2:], wrap=args.wrap)
    cert = os.path.join(home.name, "data", "signet", "tls", "localhost.crt")
    for candidate in banner.split():
        if candidate.strip("'\"").endswith("localhost.crt"):
            cert = candidate.strip("'\"").split("=", 1)[-1]

    def connect():
        if pg:
            tls = " sslmode=verify-full sslrootcert=%s" % cert if args.local_tls else " sslmode=disable"
            conn = psycopg2.connect("host=localhost port=%d user=%s dbname=%s%s" % (
                port, user, ENV["SIGNET_EMU_DATABASE"], tls), connect_timeout=60)
        else:
            ssl = {"ssl": {"ca": cert}} if args.local_tls else {}
            conn = pymysql.connect(host="localhost" if args.local_tls else "127.0.0.1", port=port, user=user,
                                   database=ENV["SIGNET_EMU_DATABASE"], connect_timeout=60, **ssl)
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchall()
        return conn

    pid = proxy.pid
    if args.wrap:  # the wrapper's child: the process whose command line is the proxy's
        for entry in os.listdir("/proc"):
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    if f.read().split(b"\0")[:3] == [a.encode() for a in proxy_args[:3]]:
                        pid = int(entry)
            except (OSError, ValueError):
                pass
    started = settle(pid)
    connect().close()
    before = settle(pid)
    t0 = time.time()
    conns = [connect() for _ in range(args.n)]
    seconds = time.time() - t0
    after = settle(pid)
    if os.environ.get("PROXY_MEMORY_PROBE"):  # an experiment on the idle proxy, e.g. gdb -p {pid} ...
        subprocess.run(os.environ["PROXY_MEMORY_PROBE"].replace("{pid}", str(pid)), shell=True)
        if not os.path.exists("/proc/%d" % pid):
            proxy.wait(60)
            sys.exit("the proxy ended during the probe (%d idle connections: %.1f MB)" % (args.n, after / 1024))
        print("VmRSS after the probe: %.1f MB" % (settle(pid) / 1024))
    for conn in conns:
        conn.close()
    time.sleep(3)  # the proxy gives freed memory back a second after the last connection ended
    closed = settle(pid)
    if os.environ.get("PROXY_MEMORY_PROBE"):
        subprocess.run(os.environ["PROXY_MEMORY_PROBE"].replace("{pid}", str(pid)), shell=True)
    os.kill(pid, signal.SIGTERM)  # the proxy itself, not a wrapper: heaptrack then writes all it saw
    proxy.wait(60)
    print("engine=%s clients=%d local_tls=%s logins_s=%.1f" % (args.engine, args.n, args.local_tls, seconds))
    print("VmRSS started=%.1f MB, after one connection=%.1f MB, %d idle=%.1f MB, all closed=%.1f MB"
          % (started / 1024, before / 1024, args.n, after / 1024, closed / 1024))
    print("per idle connection: %.1f KB" % ((after - before) / args.n))
    if os.environ.get("PROXY_MEMORY_PROBE"):  # what the probe made the proxy print (its event log left out)
        stderr.seek(0)
        print("".join(l for l in stderr.read().decode().splitlines(True) if not l.startswith("20")))


if __name__ == "__main__":
    main()
