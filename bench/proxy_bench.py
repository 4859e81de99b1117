#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`signet proxy` against direct TLS and PgBouncer, side by side in one run (the local RDS emulation).

bench/proxy_bench.py SIGNET [--duration S] [--clients 1,8,32] [--rounds N] [--memory N] [--profile]
                     [--perf-record FILE] [--proxy-env NAME=VALUE] [--json FILE]

SIGNET is a built signet-cli (build/test/app/signet-cli). In one run, alternating the configurations
within each round so that the machine's load falls on all of them alike:

1. `pgbench -S -n -j 2 -T S` at each client count: direct to the emulator's PostgreSQL over TLS
   verify-full with a fresh IAM token as password; through `signet proxy` (no password); through
   PgBouncer (session mode, TLS verify-full upstream, a password role). Throughput and per-query
   latency p50/p99 from pgbench's per-transaction logs (`-l`; one `-S` transaction is one SELECT).
2. New connections per second (`pgbench -S -n -C`): the same three against the emulator, where
   every IAM login runs the emulator's verifier (a Python process per login, through PAM); then
   direct vs the proxy against a throwaway PostgreSQL cluster this script starts (TLS with the
   emulator's server certificate, `hostssl … trust`: no verifier, but a PostgreSQL backend started
   per connection), and against a PgBouncer in front of that cluster (TLS to its clients with the
   same certificate, trust, pooled server connections: neither), so that the proxy's own
   accept + startup + upstream TCP/TLS + relay path is what is measured.
3. `mariadb-slap --query="SELECT 1"` at each client count, direct over TLS with a token vs through
   the proxy (both reach mariadbd through the emulator's TLS-detecting relay).
4. Memory per idle connection: bench/proxy_memory.py (`--memory N` connections, 0 skips it).

`--profile` adds a 1-client run through the proxy under `perf stat` and another under `strace -c`
(not part of the figures): CPU time, context switches and syscalls of the proxy per query;
`--perf-record FILE` one more under `perf record -g` (read it with `perf report -i FILE`).

Needs root (apt-get for what is missing: pgbouncer, mariadb-client, postgresql-15,
postgresql-contrib; pgbouncer and the throwaway cluster run as `postgres`). Loads the emulator's
environment itself (starting it if `signet_emulator status` says it is not running; never stops it).
Prints the load average before and after. A benchmark: it asserts nothing about the figures.
"""

import argparse
import glob
import json
import os
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PACKAGES = {"pgbouncer": "pgbouncer", "mariadb-slap": "mariadb-client", "pgbench": "postgresql-contrib",
            "/usr/lib/postgresql/15/bin/initdb": "postgresql-15"}
PG_BIN = "/usr/lib/postgresql/15/bin"
BENCH_DB = "signet_pgbench"
PW_ROLE = "signet_bench_pw"


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def load_emulator_env():
    """The emulator's SIGNET_EMU_* variables, from this environment or from `signet_emulator env`."""
    if os.environ.get("SIGNET_EMU_PG_MASTER_PASSWORD"):
        return
    script = "source scripts/lib.sh; signet_emulator status >/dev/null 2>&1 || signet_emulator start >&2; " \
             "signet_emulator env"
    out = subprocess.run(["bash", "-c", script], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("export ") and "=" in line:
            name, value = line[len("export "):].split("=", 1)
            os.environ[name] = shlex.split(value)[0] if value else ""


def install_missing(profile):
    tools = {**PACKAGES, **({"perf": "linux-perf", "strace": "strace"} if profile else {})}
    missing = sorted({pkg for tool, pkg in tools.items()
                      if not (os.path.exists(tool) if tool.startswith("/") else shutil.which(tool))})
    if missing:
        log("installing", " ".join(missing))
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)


load_emulator_env()
sys.path.insert(0, HERE)
from proxybench_common import (ENV, add_profile, free_port, isolated_env, require_emulator_env,  # noqa: E402
                               require_optimised_build, start_proxy)


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="proxybench-")
        os.chmod(self.tmp, 0o755)  # postgres (PgBouncer, the throwaway cluster) reaches its own subdirectories
        self.home = os.path.join(self.tmp, "home")
        os.mkdir(self.home, 0o700)
        self.env = isolated_env(self.home)
        ENV["SIGNET_BIN"] = args.signet  # for add_profile
        self.ca = ENV["SIGNET_EMU_CA"]
        self.host = ENV["SIGNET_EMU_HOST"]
        self.pg_port = ENV["SIGNET_EMU_PG_PORT"]
        self.my_port = ENV["SIGNET_EMU_MYSQL_PORT"]
        self.iam_user = ENV["SIGNET_EMU_PG_USER"]
        self.pw = secrets.token_urlsafe(18)
        self.children = []  # (name, stop function)
        self.results = []

    # --- set-up -------------------------------------------------------------------------------

    def master_psql(self, sql, dbname=None):
        """SQL (on stdin, so no password or SQL in the process list) as the emulator's master user."""
        dsn = "host=%s port=%s user=%s dbname=%s sslmode=verify-full sslrootcert=%s" % (
            self.host, self.pg_port, ENV["SIGNET_EMU_PG_MASTER_USER"], dbname or ENV["SIGNET_EMU_DATABASE"], self.ca)
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", dsn], input=sql, text=True,
                           capture_output=True, env={**os.environ, "PGPASSWORD": ENV["SIGNET_EMU_PG_MASTER_PASSWORD"]})
        if r.returncode:
            sys.exit("psql as the master user failed: %s" % r.stderr.strip())
        return r.stdout.strip()

    def setup_emulator_pg(self):
        """A database with pgbench's tables (scale 1) that the IAM user and a password role may read."""
        if self.master_psql("SELECT 1 FROM pg_database WHERE datname = '%s'" % BENCH_DB) != "1":
            self.master_psql("CREATE DATABASE %s" % BENCH_DB)
        if self.master_psql("SELECT to_regclass('public.pgbench_accounts') IS NOT NULL", BENCH_DB) != "t":
            dsn = "host=%s port=%s user=%s dbname=%s sslmode=verify-full sslrootcert=%s" % (
                self.host, self.pg_port, ENV["SIGNET_EMU_PG_MASTER_USER"], BENCH_DB, self.ca)
            subprocess.run(["pgbench", "-i", "-s", "1", "-q", dsn], check=True, capture_output=True,
                           env={**os.environ, "PGPASSWORD": ENV["SIGNET_EMU_PG_MASTER_PASSWORD"]})
        exists = self.master_psql("SELECT 1 FROM pg_roles WHERE rolname = '%s'" % PW_ROLE) == "1"
        self.master_psql("%s ROLE %s LOGIN PASSWORD '%s'" % ("ALTER" if exists else "CREATE", PW_ROLE, self.pw))
        self.master_psql("GRANT CONNECT ON DATABASE %s TO %s, %s" % (BENCH_DB, self.iam_user, PW_ROLE))
        self.master_psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %s, %s" % (self.iam_user, PW_ROLE), BENCH_DB)

    def as_postgres(self, cmd, **kw):
        return subprocess.run(["runuser", "-u", "postgres", "--", *cmd], **kw)

    def start_trust_cluster(self):
        """A throwaway PostgreSQL 15: TLS with the emulator's server certificate, `hostssl … trust`."""
        d = os.path.join(self.tmp, "trust")
        os.mkdir(d)
        shutil.chown(d, "postgres", "postgres")
        data = os.path.join(d, "data")
        self.as_postgres([PG_BIN + "/initdb", "-D", data, "-U", PW_ROLE, "-A", "trust", "--no-sync"],
                         check=True, capture_output=True)
        ca_dir = os.path.dirname(self.ca)
        for name in ("server.pem", "server.key"):
            shutil.copy(os.path.join(ca_dir, name), os.path.join(data, name))
            shutil.chown(os.path.join(data, name), "postgres", "postgres")
            os.chmod(os.path.join(data, name), 0o600)
        self.trust_port = free_port()
        with open(os.path.join(data, "postgresql.conf"), "a") as f:
            f.write("port = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n"
                    "ssl = on\nssl_cert_file = 'server.pem'\nssl_key_file = 'server.key'\n"
                    "max_connections = 200\nfsync = off\nsynchronous_commit = off\n" % (self.trust_port, d))
        with open(os.path.join(data, "pg_hba.conf"), "w") as f:
            f.write("local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n")
        self.as_postgres([PG_BIN + "/pg_ctl", "-D", data, "-l", os.path.join(d, "log"), "-w", "start"],
                         check=True, capture_output=True)
        self.children.append(("trust cluster", lambda: self.as_postgres(
            [PG_BIN + "/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], capture_output=True)))
        subprocess.run(["pgbench", "-i", "-s", "1", "-q", "-h", d, "-p", str(self.trust_port), "-U", PW_ROLE,
                        "postgres"], check=True, capture_output=True)

    def start_pgbouncer(self, name, databases, settings):
        """A PgBouncer (session mode, TLS verify-full to its servers) run as postgres; returns its port."""
        d = os.path.join(self.tmp, name)
        os.mkdir(d, 0o700)
        shutil.copy(self.ca, os.path.join(d, "ca.pem"))
        ca_dir = os.path.dirname(self.ca)
        for cert in ("server.pem", "server.key"):  # for client TLS: the emulator's certificate for localhost
            shutil.copy(os.path.join(ca_dir, cert), os.path.join(d, cert))
        with open(os.path.join(d, "userlist.txt"), "w") as f:
            f.write('"%s" "%s"\n' % (PW_ROLE, self.pw))
        port = free_port()
        with open(os.path.join(d, "pgbouncer.ini"), "w") as f:
            f.write("[databases]\n%s\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %d\nunix_socket_dir =\n"
                    "auth_file = %s/userlist.txt\npool_mode = session\nmax_client_conn = 300\n"
                    "default_pool_size = 64\nserver_tls_sslmode = verify-full\nserver_tls_ca_file = %s/ca.pem\n"
                    "logfile = %s/pgbouncer.log\npidfile = %s/pgbouncer.pid\n"
                    "ignore_startup_parameters = extra_float_digits\n%s\n"
                    % (databases, port, d, d, d, d, settings.replace("{dir}", d)))
        for entry in os.listdir(d):
            shutil.chown(os.path.join(d, entry), "postgres", "postgres")
            os.chmod(os.path.join(d, entry), 0o600)
        shutil.chown(d, "postgres", "postgres")
        proc = subprocess.Popen(["runuser", "-u", "postgres", "--", "pgbouncer", os.path.join(d, "pgbouncer.ini")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.children.append((name, lambda: (proc.terminate(), proc.wait(10))))
        self.wait_port(port, name, os.path.join(d, "pgbouncer.log"))
        return port

    def start_pgbouncers(self):
        # The one compared with the proxy: a password role (SCRAM from the client), TLS to the emulator.
        self.bouncer_port = self.start_pgbouncer(
            "pgbouncer", "%s = host=%s port=%s dbname=%s" % (BENCH_DB, self.host, self.pg_port, BENCH_DB),
            "auth_type = scram-sha-256")
        # A cheap upstream for the proxy's own connection rate: TLS to clients with the emulator's certificate,
        # trust, and server connections to the throwaway cluster kept in its pool, so a new client costs
        # PgBouncer an accept, a TLS handshake and a startup packet, not a PostgreSQL backend.
        self.front_port = self.start_pgbouncer(
            "pgbouncer-front", "postgres = host=%s port=%d dbname=postgres" % (self.host, self.trust_port),
            "auth_type = trust\nclient_tls_sslmode = allow\nclient_tls_cert_file = {dir}/server.pem\n"
            "client_tls_key_file = {dir}/server.key")

    def wait_port(self, port, what, logfile):
        import socket
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("%s did not listen on %d: %s" % (what, port, open(logfile).read()[-2000:]))

    def start_signet_proxy(self):
        add_profile(self.env, "pg", "postgres", self.pg_port, self.iam_user, self.ca)
        add_profile(self.env, "my", "mariadb", self.my_port, ENV["SIGNET_EMU_MYSQL_USER"], self.ca)
        add_profile(self.env, "trust", "postgres", str(self.trust_port), PW_ROLE, self.ca)
        add_profile(self.env, "front", "postgres", str(self.front_port), PW_ROLE, self.ca)
        self.proxy_ports = {name: free_port() for name in ("pg", "my", "trust", "front")}
        specs = ["%s=%d" % item for item in self.proxy_ports.items()]
        env = dict(self.env, **dict(item.split("=", 1) for item in self.args.proxy_env))
        self.proxy, _, self.proxy_stderr = start_proxy(self.args.signet, env, specs, ["--max-connections", "300"])
        self.children.append(("signet proxy", lambda: (self.proxy.send_signal(signal.SIGTERM), self.proxy.wait(15))))

    def token(self, port, user):
        """A fresh IAM token (15 minutes); it goes to clients through the environment, never argv."""
        return subprocess.run([self.args.signet, "token", "--host", self.host, "--port", str(port), "--region",
                               ENV["SIGNET_EMU_REGION"], "--user", user], env=self.env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def stop(self):
        for name, fn in reversed(self.children):
            try:
                fn()
            except Exception as e:  # noqa: BLE001 - tear-down goes on
                log("stopping %s: %s" % (name, e))
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- PostgreSQL -------------------------------------------------------------------------------

    def pg_targets(self, upstream):
        """name -> (conninfo, environment) for pgbench. upstream: 'emulator' (IAM logins through its
        verifier), 'trust' (the throwaway cluster: a PostgreSQL backend per connection, no verifier) or
        'front' (PgBouncer in front of it: neither a verifier nor a new backend per connection)."""
        if upstream == "emulator":
            return {
                "direct TLS": ("host=%s port=%s user=%s dbname=%s sslmode=verify-full sslrootcert=%s" % (
                    self.host, self.pg_port, self.iam_user, BENCH_DB, self.ca),
                    lambda: {"PGPASSWORD": self.token(self.pg_port, self.iam_user)}),
                "signet proxy": ("host=127.0.0.1 port=%d user=%s dbname=%s sslmode=disable" % (
                    self.proxy_ports["pg"], self.iam_user, BENCH_DB), lambda: {"PGPASSWORD": ""}),
                "pgbouncer": ("host=127.0.0.1 port=%d user=%s dbname=%s sslmode=disable" % (
                    self.bouncer_port, PW_ROLE, BENCH_DB), lambda: {"PGPASSWORD": self.pw}),
            }
        port = self.trust_port if upstream == "trust" else self.front_port
        return {
            "direct TLS": ("host=%s port=%d user=%s dbname=postgres sslmode=verify-full sslrootcert=%s" % (
                self.host, port, PW_ROLE, self.ca), lambda: {"PGPASSWORD": ""}),
            "signet proxy": ("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=disable" % (
                self.proxy_ports[upstream], PW_ROLE), lambda: {"PGPASSWORD": ""}),
        }

    def pgbench(self, conninfo, extra_env, clients, duration, connect_each=False, wrap=None):
        logdir = tempfile.mkdtemp(dir=self.tmp)
        cmd = ["pgbench", "-S", "-n", "-c", str(clients), "-j", str(min(2, clients)), "-T", str(duration),
               "-l", "--log-prefix", os.path.join(logdir, "tx")] + (["-C"] if connect_each else []) + [conninfo]
        started = time.time()
        r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **extra_env,
                                                                          "PGCONNECT_TIMEOUT": "60"})
        wall = time.time() - started
        lat = []
        for path in glob.glob(os.path.join(logdir, "tx.*")):
            with open(path) as f:
                for line in f:
                    fields = line.split()
                    if len(fields) >= 3 and fields[2].isdigit():
                        lat.append(int(fields[2]) / 1000.0)
        shutil.rmtree(logdir, ignore_errors=True)
        lat.sort()
        out = {"rc": r.returncode, "wall_s": round(wall, 1), "n": len(lat), "load": loadavg()}
        for line in r.stdout.splitlines():
            if line.startswith("tps = "):
                out["tps"] = float(line.split()[2])
            elif line.startswith("initial connection time"):
                out["connect_ms"] = float(line.split("=")[1].split()[0])
        if r.returncode or "tps" not in out:
            out["error"] = (r.stderr.strip().splitlines() or ["?"])[-1][:200]
        out["p50_ms"] = round(percentile(lat, 50), 3)
        out["p99_ms"] = round(percentile(lat, 99), 3)
        return out

    def run_pg(self, what, upstream, clients, round_no, connect_each=False, duration=None):
        targets = self.pg_targets(upstream)
        names = list(targets)
        shift = round_no + clients
        names = names[shift % len(names):] + names[:shift % len(names)]  # alternate who goes first
        for name in names:
            conninfo, env = targets[name]
            r = self.pgbench(conninfo, env(), clients, duration or self.args.duration, connect_each)
            r.update({"bench": what, "upstream": upstream, "via": name, "clients": clients, "round": round_no})
            self.results.append(r)
            log("%-13s %-8s %-12s c=%-2d tps=%-9s p50=%-7s p99=%-7s load %s %s" % (
                what, upstream, name, clients, r.get("tps"), r["p50_ms"], r["p99_ms"], r["load"], r.get("error", "")))

    # --- MySQL --------------------------------------------------------------------------------------

    def slap(self, via, clients, round_no):
        cnf = os.path.join(self.tmp, "slap.cnf")
        user = ENV["SIGNET_EMU_MYSQL_USER"]
        with open(os.open(cnf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write("[client]\npassword=%s\n" % (self.token(self.my_port, user) if via == "direct TLS" else "x"))
        if via == "direct TLS":
            target = ["-h", self.host, "-P", self.my_port, "--ssl", "--ssl-ca=" + self.ca, "--ssl-verify-server-cert"]
        else:
            target = ["-h", "127.0.0.1", "-P", str(self.proxy_ports["my"]), "--skip-ssl"]
        queries = self.args.slap_queries * clients
        cmd = ["mariadb-slap", "--defaults-extra-file=" + cnf, "--protocol=TCP", *target, "-u", user,
               "--create-schema=" + ENV["SIGNET_EMU_DATABASE"], "--no-drop", "--query=SELECT 1",
               "--concurrency=%d" % clients, "--iterations=%d" % self.args.slap_iterations,
               "--number-of-queries=%d" % queries]
        r = subprocess.run(cmd, capture_output=True, text=True)
        os.unlink(cnf)
        out = {"bench": "mariadb-slap", "via": via, "clients": clients, "round": round_no, "rc": r.returncode,
               "load": loadavg(), "queries": queries}
        for line in r.stdout.splitlines():
            line = line.strip()
            if line.startswith("Average number of seconds to run all queries"):
                out["avg_s"] = float(line.split(":")[1].split()[0])
            elif line.startswith("Minimum number of seconds"):
                out["min_s"] = float(line.split(":")[1].split()[0])
        if "avg_s" in out and out["avg_s"] > 0:
            out["qps"] = round(queries / out["avg_s"], 1)
            out["ms_per_query"] = round(out["avg_s"] * 1000.0 * clients / queries, 3)
        else:
            out["error"] = (r.stderr.strip().splitlines() or ["?"])[-1][:200]
        self.results.append(out)
        log("mariadb-slap %-12s c=%-2d qps=%-9s %s load %s %s" % (via, clients, out.get("qps"),
                                                                   out.get("ms_per_query"), out["load"], out.get("error", "")))

    # --- the proxy's own cost -------------------------------------------------------------------------

    def profile(self):
        """1-client runs through the proxy under perf stat, then strace -c: cost per query."""
        conninfo, env = self.pg_targets("emulator")["signet proxy"]
        pid = str(self.proxy.pid)
        report = {}
        perf = subprocess.Popen(["perf", "stat", "-x", ",", "-e", "task-clock,context-switches,cpu-migrations",
                                 "-p", pid], stderr=subprocess.PIPE, text=True)
        r = self.pgbench(conninfo, env(), 1, self.args.duration)
        perf.send_signal(signal.SIGINT)
        _, err = perf.communicate()
        n = max(r["n"], 1)
        for line in err.splitlines():
            fields = line.split(",")
            if len(fields) > 2 and fields[2] in ("task-clock", "context-switches", "cpu-migrations"):
                report[fields[2] + "_per_query"] = round(float(fields[0]) / n * (1000.0 if fields[2] == "task-clock"
                                                                                  else 1.0), 2)
        report["perf_run"] = {k: r[k] for k in ("tps", "p50_ms", "p99_ms", "n", "load") if k in r}
        out = os.path.join(self.tmp, "strace.txt")
        st = subprocess.Popen(["strace", "-c", "-f", "-o", out, "-p", pid], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        r = self.pgbench(conninfo, env(), 1, self.args.duration)
        st.send_signal(signal.SIGINT)
        st.wait(30)
        n = max(r["n"], 1)
        calls = {}
        with open(out) as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 5 and fields[3].isdigit():
                    calls[fields[-1]] = int(fields[3])
        report["strace_run"] = {k: r[k] for k in ("tps", "p50_ms", "n") if k in r}
        report["syscalls_per_query"] = {k: round(v / n, 2) for k, v in sorted(calls.items(), key=lambda x: -x[1])
                                        if k != "total" and v / n >= 0.05}
        report["syscalls_per_query_total"] = round(calls.get("total", 0) / n, 2)
        if self.args.perf_record:
            # Where the proxy's CPU goes: a call-graph profile of one more 1-client run, for
            # `perf report -i FILE` (the samples only; not part of the figures).
            rec = subprocess.Popen(["perf", "record", "-g", "-q", "-o", self.args.perf_record, "-p", pid],
                                   stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            r = self.pgbench(conninfo, env(), 1, self.args.duration)
            rec.send_signal(signal.SIGINT)
            rec.wait(60)
            report["perf_record_run"] = {k: r[k] for k in ("tps", "p50_ms", "n") if k in r}
            report["perf_record"] = self.args.perf_record
        log("profile:", json.dumps(report))
        self.results.append({"bench": "profile", **report})

    def memory(self):
        for engine in ("postgres", "mariadb"):
            r = subprocess.run([sys.executable, os.path.join(HERE, "proxy_memory.py"), self.args.signet,
                                str(self.args.memory), "--engine", engine], capture_output=True, text=True)
            text = (r.stdout + (r.stderr if r.returncode else "")).strip()
            log(text)
            self.results.append({"bench": "memory", "engine": engine, "output": text, "load": loadavg()})

    # --- all of it --------------------------------------------------------------------------------------

    def run(self):
        a = self.args
        self.setup_emulator_pg()
        self.start_trust_cluster()
        self.start_pgbouncers()
        self.start_signet_proxy()
        log("load average at start: %s" % loadavg())
        self.results.append({"bench": "start", "load": loadavg(), "nproc": os.cpu_count()})
        for round_no in range(a.rounds):
            for clients in a.clients:
                self.run_pg("pgbench -S", "emulator", clients, round_no)
            for upstream in ("emulator", "trust", "front"):
                self.run_pg("pgbench -S -C", upstream, a.conn_clients, round_no, True, a.conn_duration)
            if not a.skip_mysql:
                for clients in a.clients:
                    vias = ["direct TLS", "signet proxy"]
                    for via in (vias if (round_no + clients) % 2 == 0 else vias[::-1]):
                        self.slap(via, clients, round_no)
        if a.profile:
            self.profile()
        if a.memory:
            self.memory()
        self.results.append({"bench": "end", "load": loadavg()})
        log("load average at end: %s" % loadavg())


def summary(results, rounds):
    """Medians over the rounds, as Markdown tables."""
    def med(rows, key):
        values = [r[key] for r in rows if isinstance(r.get(key), (int, float))]
        return statistics.median(values) if values else None

    def fmt(v, digits=1):
        return "—" if v is None else ("{:,.%df}" % digits).format(v)

    lines = ["| bench | upstream | clients | via | tps (median of %d) | p50 ms | p99 ms | vs direct | p50 added ms |" % rounds,
             "|---|---|---|---|---|---|---|---|---|"]
    keys = []
    for r in results:
        if r["bench"].startswith("pgbench"):
            k = (r["bench"], r["upstream"], r["clients"])
            if k not in keys:
                keys.append(k)
    for bench, upstream, clients in keys:
        rows = [r for r in results if (r["bench"], r.get("upstream"), r.get("clients")) == (bench, upstream, clients)]
        direct = [r for r in rows if r["via"] == "direct TLS"]
        d_tps, d_p50 = med(direct, "tps"), med(direct, "p50_ms")
        for via in ("direct TLS", "signet proxy", "pgbouncer"):
            sel = [r for r in rows if r["via"] == via]
            if not sel:
                continue
            sel = [r for r in rows if r["via"] == via]
            tps, p50, p99 = med(sel, "tps"), med(sel, "p50_ms"), med(sel, "p99_ms")
            errors = sorted({r["error"] for r in sel if r.get("error")})
            ratio = "%.0f %%" % (100.0 * tps / d_tps) if tps and d_tps and via != "direct TLS" else ""
            added = fmt(p50 - d_p50, 2) if p50 is not None and d_p50 is not None and via != "direct TLS" else ""
            lines.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s |%s" % (
                bench, upstream, clients, via, fmt(tps), fmt(p50, 2), fmt(p99, 2), ratio, added,
                (" errors: " + "; ".join(errors)) if errors else ""))
    slaps = [r for r in results if r["bench"] == "mariadb-slap"]
    if slaps:
        lines += ["", "| mariadb-slap SELECT 1 | clients | qps (median) | ms per query | vs direct |", "|---|---|---|---|---|"]
        for clients in sorted({r["clients"] for r in slaps}):
            d = med([r for r in slaps if r["clients"] == clients and r["via"] == "direct TLS"], "qps")
            for via in ("direct TLS", "signet proxy"):
                sel = [r for r in slaps if r["clients"] == clients and r["via"] == via]
                q = med(sel, "qps")
                lines.append("| %s | %d | %s | %s | %s |" % (via, clients, fmt(q), fmt(med(sel, "ms_per_query"), 3),
                                                            "%.0f %%" % (100 * q / d) if q and d and via != "direct TLS" else ""))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("signet", help="a built signet-cli, e.g. build/test/app/signet-cli")
    parser.add_argument("--duration", type=int, default=10, help="seconds per pgbench run (default 10)")
    parser.add_argument("--clients", default="1,8,32", help="client counts (default 1,8,32)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every configuration (default 2)")
    parser.add_argument("--conn-clients", type=int, default=4, help="clients of the pgbench -C runs (default 4)")
    parser.add_argument("--conn-duration", type=int, default=10, help="seconds per pgbench -C run (default 10)")
    parser.add_argument("--slap-queries", type=int, default=500, help="mariadb-slap queries per client")
    parser.add_argument("--slap-iterations", type=int, default=2)
    parser.add_argument("--skip-mysql", action="store_true")
    parser.add_argument("--memory", type=int, default=100, help="idle connections for proxy_memory.py (0: skip)")
    parser.add_argument("--profile", action="store_true", help="also perf stat / strace -c a 1-client proxy run")
    parser.add_argument("--perf-record", metavar="FILE",
                        help="with --profile: also perf record -g a 1-client proxy run into FILE")
    parser.add_argument("--proxy-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the proxy only, e.g. QT_NO_GLIB=1 (repeatable)")
    parser.add_argument("--json", help="write every run's figures to this file")
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    args.signet = os.path.abspath(args.signet)
    if os.geteuid() != 0:
        sys.exit("run as root: pgbouncer and the throwaway cluster run as postgres, apt-get installs what is missing")
    install_missing(args.profile)
    require_emulator_env()
    require_optimised_build(args.signet)
    bench = Bench(args)

    def interrupted(signum, _frame):
        raise SystemExit("stopped by signal %d" % signum)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):  # a background run ignores SIGINT otherwise
        signal.signal(signum, interrupted)
    try:
        bench.run()
    finally:
        bench.stop()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(bench.results, f, indent=1)
    print("command: bench/proxy_bench.py %s" % " ".join(shlex.quote(a) for a in sys.argv[1:]))
    print("load average: start %s, end %s (%d cores)" % (bench.results[0]["load"] if bench.results else "?",
                                                         loadavg(), os.cpu_count()))
    print(summary(bench.results, args.rounds))
    for r in bench.results:
        if r["bench"] in ("profile", "memory"):
            print(json.dumps(r) if r["bench"] == "profile" else "memory (%s):\n%s" % (r["engine"], r["output"]))


if __name__ == "__main__":
    main()
