#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`signet proxy` against the RDS emulation, with real clients and no password.

psql, mariadb, psycopg2, pymysql and JDBC (pgjdbc, MariaDB Connector/J) connect to the proxy;
the proxy logs in to the emulator with IAM tokens over verified TLS. Needs the emulator's
environment (tests/emulator/emulator env), SIGNET_BIN and SIGNET_EMULATOR (the emulator script,
for the restart test). Bounded: about a minute and a half.
"""

import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

import psycopg2
import pymysql

ENV = os.environ
HERE = os.path.dirname(os.path.abspath(__file__))
PG_JAR = "/usr/share/java/postgresql.jar"
MARIADB_JAR = "/usr/share/java/mariadb-java-client.jar"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_lines(offset):
    """The emulator's decision-log lines written after `offset` bytes."""
    with open(ENV["SIGNET_EMU_LOG"], "rb") as f:
        f.seek(offset)
        return [json.loads(line) for line in f.read().splitlines() if line.strip()]


def log_size():
    return os.path.getsize(ENV["SIGNET_EMU_LOG"])


def require_emulator():
    """Skips the test class unless the emulator's environment and SIGNET_BIN are set."""
    for name in ("SIGNET_BIN", "SIGNET_EMU_PG_PORT", "SIGNET_EMU_LOG", "SIGNET_EMU_CA"):
        if not ENV.get(name):
            raise unittest.SkipTest("%s is not set: start the emulator and load its env" % name)


def isolated_env(home):
    """The environment of a `signet` run with its own HOME and the emulator's access key."""
    env = dict(ENV)
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "AWS_ACCESS_KEY_ID": ENV["SIGNET_EMU_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": ENV["SIGNET_EMU_SECRET_ACCESS_KEY"],
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    })
    env.pop("AWS_SESSION_TOKEN", None)
    env.pop("AWS_PROFILE", None)
    return env


def add_profile(env, name, engine, port, user, ca, host=None, via=None, aws_profile=None):
    credentials = ["--credentials", "aws-profile", "--aws-profile", aws_profile] if aws_profile else \
        ["--credentials", "environment"]
    subprocess.run([ENV["SIGNET_BIN"], "profiles", "add", "--name", name, "--engine", engine,
                    "--host", host or ENV["SIGNET_EMU_HOST"], "--port", port, "--user", user,
                    "--region", ENV["SIGNET_EMU_REGION"], "--database", ENV["SIGNET_EMU_DATABASE"],
                    "--ca", ca, *credentials, *(["--via", via] if via else [])],
                   env=env, check=True, capture_output=True)


def assert_logged_in_over_tls(test, offset, engine):
    """Every login the emulator saw since `offset` for `engine` was allowed and over TLS."""
    lines = [l for l in log_lines(offset) if l.get("source") == "verifier" and l.get("engine") == engine]
    test.assertTrue(lines, "the emulator saw no login")
    for line in lines:
        test.assertEqual(line["decision"], "allow", line)
        test.assertIs(line["tls"], True, line)


class Proxy:
    """One `signet proxy` process; stdout is the connection strings, stderr the event log."""

    def __init__(self, env, args):
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen([ENV["SIGNET_BIN"], "proxy", *args], env=env,
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        self.banner = ""
        deadline = time.time() + 20
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.banner += line
            if line.startswith("No password needed"):
                return
        raise AssertionError("signet proxy did not start: %s\n%s" % (self.banner, self.log()))

    def log(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -9


class ProxyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_emulator()
        cls.tmp = tempfile.TemporaryDirectory()
        os.chmod(cls.tmp.name, 0o755)  # `nobody` must reach the TCP port, not our files
        cls.env = isolated_env(cls.tmp.name)
        # A CA that signed nothing the emulator serves.
        cls.wrong_ca = os.path.join(cls.tmp.name, "wrong-ca.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=Not the RDS CA", "-keyout", os.path.join(cls.tmp.name, "k.pem"),
                        "-out", cls.wrong_ca], check=True, capture_output=True)
        profiles = {
            "pg": ("postgres", ENV["SIGNET_EMU_PG_PORT"], ENV["SIGNET_EMU_PG_USER"], ENV["SIGNET_EMU_CA"]),
            "my": ("mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_USER"], ENV["SIGNET_EMU_CA"]),
            "pg-notls": ("postgres", ENV["SIGNET_EMU_PG_NOTLS_PORT"], ENV["SIGNET_EMU_PG_USER"], ENV["SIGNET_EMU_CA"]),
            "my-notls": ("mariadb", ENV["SIGNET_EMU_MYSQL_NOTLS_PORT"], ENV["SIGNET_EMU_MYSQL_USER"], ENV["SIGNET_EMU_CA"]),
            "pg-wrongca": ("postgres", ENV["SIGNET_EMU_PG_PORT"], ENV["SIGNET_EMU_PG_USER"], cls.wrong_ca),
            "my-wrongca": ("mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_USER"], cls.wrong_ca),
        }
        for name, (engine, port, user, ca) in profiles.items():
            add_profile(cls.env, name, engine, port, user, ca)
        # "Connect via" 127.0.0.1: the certificate must still name the endpoint (localhost, which it
        # does; a name it does not carry is refused before the token).
        for prefix, engine, port, user in (("pg", "postgres", ENV["SIGNET_EMU_PG_PORT"], ENV["SIGNET_EMU_PG_USER"]),
                                           ("my", "mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_USER"])):
            via = "127.0.0.1:" + port
            profiles[prefix + "-via"] = None
            add_profile(cls.env, prefix + "-via", engine, port, user, ENV["SIGNET_EMU_CA"], via=via)
            profiles[prefix + "-wrongname"] = None
            add_profile(cls.env, prefix + "-wrongname", engine, port, user, ENV["SIGNET_EMU_CA"],
                        host="orders.wrong-name.test", via=via)
        cls.ports = {name: free_port() for name in profiles}
        cls.health = free_port()
        cls.socket_dir = os.path.join(cls.tmp.name, "sockets")
        cls.proxy = Proxy(cls.env, ["%s=%d" % (name, port) for name, port in cls.ports.items()] +
                          ["--unix-socket", cls.socket_dir, "--health-port", str(cls.health),
                           "--max-connections", "150"])

    @classmethod
    def tearDownClass(cls):
        code = cls.proxy.stop()
        log = cls.proxy.log()
        cls.tmp.cleanup()
        # Nothing secret in the proxy's log, and SIGTERM ends it cleanly.
        assert "X-Amz-Signature" not in log and "X-Amz-Credential" not in log, "token in the proxy log"
        assert code == 0, "signet proxy exited with %s on SIGTERM\n%s" % (code, log)

    # --- helpers -------------------------------------------------------------------------------

    def pg_dsn(self, name="pg", **extra):
        dsn = "host=127.0.0.1 port=%d user=%s dbname=%s" % (
            self.ports[name], ENV["SIGNET_EMU_PG_USER"], ENV["SIGNET_EMU_DATABASE"])
        return dsn + "".join(" %s=%s" % item for item in extra.items())

    def pg(self, name="pg", connect_timeout=30, **extra):
        return psycopg2.connect(self.pg_dsn(name, **extra), connect_timeout=connect_timeout)

    def my(self, name="my", user=None, connect_timeout=30, **extra):
        return pymysql.connect(host="127.0.0.1", port=self.ports[name],
                               user=user or ENV["SIGNET_EMU_MYSQL_USER"], database=ENV["SIGNET_EMU_DATABASE"],
                               connect_timeout=connect_timeout, **extra)

    def psql(self, sql, name="pg", runas=None, timeout=60):
        command = ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", self.pg_dsn(name), "-c", sql]
        if runas:
            command = ["runuser", "-u", runas, "--"] + command
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**self.env, "PGPASSWORD": "", "PGCONNECT_TIMEOUT": "20"})

    def mariadb(self, sql, name="my", runas=None, extra=(), timeout=60, stdout=subprocess.PIPE):
        command = ["mariadb", "--protocol=TCP", "-h", "127.0.0.1", "-P", str(self.ports[name]),
                   "-u", ENV["SIGNET_EMU_MYSQL_USER"], "-N", "-B", *extra, "-e", sql, ENV["SIGNET_EMU_DATABASE"]]
        if runas:
            command = ["runuser", "-u", runas, "--"] + command
        return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=stdout == subprocess.PIPE,
                              timeout=timeout, env=self.env)

    def http(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.health, path), timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def metric(self, name, profile, extra=""):
        _, text = self.http("/metrics")
        labels = 'profile="%s"%s' % (profile, extra)
        match = re.search(r"^%s\{%s\} (\d+)$" % (re.escape(name), re.escape(labels)), text, re.M)
        self.assertIsNotNone(match, "%s{%s} not in /metrics:\n%s" % (name, labels, text))
        return int(match.group(1))

    def assert_logged_in_over_tls(self, offset, engine):
        assert_logged_in_over_tls(self, offset, engine)

    # --- the tests -----------------------------------------------------------------------------

    def test_banner_has_connection_strings(self):
        banner = self.proxy.banner
        self.assertIn("psql 'host=127.0.0.1 port=%d" % self.ports["pg"], banner)
        self.assertIn("jdbc:postgresql://127.0.0.1:%d/signet?user=iam_user&sslmode=disable" % self.ports["pg"], banner)
        self.assertIn("mariadb --protocol=TCP -h 127.0.0.1 -P %d -u iam_user --skip-ssl signet" % self.ports["my"],
                      banner)
        self.assertIn("jdbc:mariadb://127.0.0.1:%d/signet?user=iam_user" % self.ports["my"], banner)
        self.assertIn(os.path.join(self.socket_dir, ".s.PGSQL.%d" % self.ports["pg"]), banner)
        self.assertNotIn("X-Amz", banner)

    def test_psql_and_mariadb_cli(self):
        offset = log_size()
        run = self.psql("SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.strip(), "iam_user|t")
        run = self.mariadb("SELECT CURRENT_USER(); SHOW STATUS LIKE 'Ssl_version'")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue(run.stdout.startswith("iam_user@%\nSsl_version\tTLSv1."), run.stdout)
        self.assert_logged_in_over_tls(offset, "pg")

    def test_unix_sockets(self):
        self.assertEqual(os.stat(self.socket_dir).st_mode & 0o777, 0o700)
        pg_socket = os.path.join(self.socket_dir, ".s.PGSQL.%d" % self.ports["pg"])
        self.assertEqual(os.stat(pg_socket).st_mode & 0o777, 0o600)
        run = subprocess.run(["psql", "-X", "-A", "-t", "host=%s port=%d user=iam_user dbname=signet" % (
            self.socket_dir, self.ports["pg"]), "-c", "SELECT 7"], capture_output=True, text=True, timeout=30)
        self.assertEqual((run.returncode, run.stdout.strip()), (0, "7"), run.stderr)
        run = subprocess.run(["mariadb", "--socket=%s" % os.path.join(self.socket_dir, "mysql.%d.sock" % self.ports["my"]),
                              "-u", "iam_user", "-N", "-e", "SELECT 8", "signet"], capture_output=True, text=True,
                             timeout=30)
        self.assertEqual((run.returncode, run.stdout.strip()), (0, "8"), run.stderr)

    def test_psycopg2_queries_copy_batch_cancel(self):
        with self.pg() as conn, conn.cursor() as cur:
            cur.execute("SELECT %s::int + 1, current_database()", (41,))
            self.assertEqual(cur.fetchone(), (42, "signet"))
            cur.execute("SELECT 1; SELECT 2")  # a multi-statement batch
            self.assertEqual(cur.fetchone(), (2,))
            cur.execute("CREATE TEMP TABLE copied (n int, t text)")
            import io
            rows = "".join("%d\trow %d\n" % (i, i) for i in range(20000))
            cur.copy_expert("COPY copied FROM STDIN", io.StringIO(rows))
            cur.execute("SELECT count(*), sum(n) FROM copied")
            self.assertEqual(cur.fetchone(), (20000, sum(range(20000))))
            out = io.StringIO()
            cur.copy_expert("COPY (SELECT * FROM copied ORDER BY n) TO STDOUT", out)
            self.assertEqual(out.getvalue(), rows)
            cur.execute("LISTEN signet_channel; NOTIFY signet_channel, 'hello'")
            conn.commit()
            conn.poll()
            self.assertEqual([n.payload for n in conn.notifies], ["hello"])
        # libpq's cancel (what psql sends on Ctrl+C) through the proxy's own key.
        conn = self.pg()
        timer = threading.Timer(1.0, conn.cancel)
        timer.start()
        start = time.time()
        with self.assertRaises(psycopg2.errors.QueryCanceled):
            conn.cursor().execute("SELECT pg_sleep(30)")
        self.assertLess(time.time() - start, 15)
        conn.rollback()
        with conn.cursor() as cur:
            cur.execute("SELECT 5")
            self.assertEqual(cur.fetchone(), (5,))
        conn.close()

    def test_psql_cancel_on_sigint(self):
        psql = subprocess.Popen(["psql", "-X", self.pg_dsn(), "-c", "SELECT pg_sleep(30) AS psql_sleeping"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with self.pg() as watcher, watcher.cursor() as cur:  # until the query runs upstream
            for _ in range(100):
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                            "AND query LIKE '%psql_sleeping%' AND pid <> pg_backend_pid()")
                if cur.fetchone()[0]:
                    break
                time.sleep(0.2)
        psql.send_signal(signal.SIGINT)
        _, err = psql.communicate(timeout=15)
        self.assertIn("canceling statement due to user request", err)

    def test_pymysql_queries_batch_change_user(self):
        conn = self.my(client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
        with conn.cursor() as cur:
            cur.execute("SELECT %s + 1, DATABASE()", (41,))
            self.assertEqual(cur.fetchone(), (42, "signet"))
            cur.execute("CREATE TEMPORARY TABLE batch (n INT); INSERT INTO batch VALUES (1),(2),(3); "
                        "SELECT SUM(n) FROM batch")
            while cur.nextset():
                pass
            cur.execute("SELECT SUM(n) FROM batch")
            self.assertEqual(cur.fetchone(), (6,))
            cur.executemany("INSERT INTO batch VALUES (%s)", [(i,) for i in range(100)])
            cur.execute("SELECT COUNT(*) FROM batch")
            self.assertEqual(cur.fetchone(), (103,))
        # COM_CHANGE_USER (pymysql has no API for it: the packet by hand, read with its reader).
        other = ENV["SIGNET_EMU_OTHER_USER"].encode()
        offset = log_size()
        conn._next_seq_id = 0
        conn.write_packet(b"\x11" + other + b"\0" + b"\x00" + b"signet\0" + struct.pack("<H", 45) +
                          b"mysql_native_password\0")
        packet = conn._read_packet()
        self.assertTrue(packet.is_ok_packet())
        with conn.cursor() as cur:
            cur.execute("SELECT CURRENT_USER()")
            self.assertEqual(cur.fetchone(), (other.decode() + "@%",))
        lines = [l for l in log_lines(offset) if l.get("source") == "verifier"]
        self.assertEqual([(l["user"], l["decision"], l["tls"]) for l in lines], [(other.decode(), "allow", True)])
        conn.close()

    def test_large_results(self):
        # 100 MB each way through the relay, read by the C clients.
        run = subprocess.run("psql -X -A -t '%s' -c \"COPY (SELECT repeat('x', 999) FROM generate_series(1, 100000)) "
                             "TO STDOUT\" | wc -c" % self.pg_dsn(), shell=True, capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(run.stdout.strip(), "100000000", run.stderr)
        run = subprocess.run("mariadb --protocol=TCP -h 127.0.0.1 -P %d -u iam_user -N -B --quick -e "
                             "\"SELECT REPEAT('y', 999) FROM seq_1_to_100000\" signet | wc -c" % self.ports["my"],
                             shell=True, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.stdout.strip(), "100000000", run.stderr)

    def test_jdbc(self):
        cases = [("jdbc:postgresql://127.0.0.1:%d/signet?user=iam_user&sslmode=disable&prepareThreshold=2"
                  % self.ports["pg"], PG_JAR, "pg"),
                 ("jdbc:mariadb://127.0.0.1:%d/signet?user=iam_user" % self.ports["my"], MARIADB_JAR, "mariadb")]
        for url, jar, kind in cases:
            run = subprocess.run(["java", "-cp", jar, os.path.join(HERE, "ProxyJdbc.java"), url, kind],
                                 capture_output=True, text=True, timeout=120)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            self.assertIn("OK batch of 500", run.stdout)
            self.assertIn("OK the connection works after the cancel", run.stdout)

    def test_hundred_concurrent_clients(self):
        # 100 clients per engine open at once. PostgreSQL: all 100 log in at the same moment. The
        # emulator's MariaDB checks each IAM login in PAM with a Python verifier that queries the
        # server (a few hundred ms each on a loaded 2-core CI machine, and mariadbd drops a login
        # after connect_timeout = 10 s), so there at most 4 log in at a time; all 100 then stay open
        # together and query concurrently.
        for profile, connect, sql, logins in (
                ("pg", lambda: self.pg(connect_timeout=90), "SELECT pg_backend_pid()", 100),
                ("my", lambda: self.my(connect_timeout=90), "SELECT CONNECTION_ID()", 4)):
            signed_before = self.metric("signet_proxy_tokens_signed_total", profile)
            barrier = threading.Barrier(100, timeout=150)
            gate = threading.Semaphore(logins)
            errors = []
            ids = set()

            def client():
                try:
                    with gate:
                        conn = connect()
                    cur = conn.cursor()
                    cur.execute(sql)
                    ids.add(cur.fetchone()[0])
                    barrier.wait()  # all 100 are open at once
                    cur.execute(sql)
                    cur.fetchall()
                    conn.close()
                except Exception as e:  # noqa: BLE001 - collected and reported
                    errors.append(repr(e))
                    barrier.abort()

            threads = [threading.Thread(target=client) for _ in range(100)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(180)
            self.assertEqual(errors, [], profile)
            self.assertEqual(len(ids), 100, "100 distinct upstream sessions")
            # One token served them all (it is reused while more than a minute is left).
            self.assertLessEqual(self.metric("signet_proxy_tokens_signed_total", profile) - signed_before, 1)

    def test_no_tls_and_wrong_ca_send_no_token(self):
        offset = log_size()
        for name, words in (("pg-notls", "does not offer TLS"), ("pg-wrongca", "certificate was not accepted")):
            run = self.psql("SELECT 1", name=name)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn(words, run.stderr)
            self.assertIn("did not send the token", run.stderr)
        for name, words in (("my-notls", "does not offer TLS"), ("my-wrongca", "certificate was not accepted")):
            run = self.mariadb("SELECT 1", name=name)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn(words, run.stderr)
            self.assertIn("did not send the token", run.stderr)
        time.sleep(0.5)
        self.assertEqual(log_lines(offset), [], "the emulator saw a token")

    def test_via_address_checks_the_endpoint_name(self):
        offset = log_size()
        run = self.psql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", name="pg-via")
        self.assertEqual((run.returncode, run.stdout.strip()), (0, "t"), run.stderr)
        run = self.mariadb("SELECT 1", name="my-via")
        self.assertEqual((run.returncode, run.stdout.strip()), (0, "1"), run.stderr)
        self.assert_logged_in_over_tls(offset, "pg")
        self.assert_logged_in_over_tls(offset, "mysql")
        # Through the same address, an endpoint name the certificate does not carry: refused, and
        # the database never saw a token.
        offset = log_size()
        run = self.psql("SELECT 1", name="pg-wrongname")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("certificate was not accepted (the certificate is not for orders.wrong-name.test)", run.stderr)
        self.assertIn("did not send the token", run.stderr)
        run = self.mariadb("SELECT 1", name="my-wrongname")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("certificate was not accepted (the certificate is not for orders.wrong-name.test)", run.stderr)
        self.assertIn("did not send the token", run.stderr)
        time.sleep(0.5)
        self.assertEqual(log_lines(offset), [], "the emulator saw a token")

    def test_other_unix_user_refused(self):
        run = self.psql("SELECT 1", runas="nobody")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("serves only the Unix user", run.stderr)
        run = self.mariadb("SELECT 1", runas="nobody")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("serves only the Unix user", run.stderr)
        # The socket directory keeps them out before any check.
        run = subprocess.run(["runuser", "-u", "nobody", "--", "psql", "host=%s port=%d user=iam_user dbname=signet" % (
            self.socket_dir, self.ports["pg"]), "-c", "SELECT 1"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("ermission denied", run.stderr)

    def test_garbage_oversized_and_abandoned_connections(self):
        def exchange(port, data, read_first=False):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                if read_first:
                    s.recv(4096)
                s.sendall(data)
                received = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        return received
                    received += chunk

        reply = exchange(self.ports["pg"], b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(reply.startswith(b"E") and b"08P01" in reply and b"invalid startup packet" in reply, reply)
        reply = exchange(self.ports["pg"], struct.pack("!II", 1 << 20, 196608) + b"x" * 1000)
        self.assertIn(b"invalid startup packet length", reply)
        reply = exchange(self.ports["my"], b"\xff\xff\xff\x01" + b"z" * 70000, read_first=True)
        self.assertIn(b"over the 65536-byte limit", reply)
        reply = exchange(self.ports["my"], b"\x05\x00\x00\x01garbage", read_first=True)
        self.assertIn(b"\xff", reply)
        for port in (self.ports["pg"], self.ports["my"]):
            socket.create_connection(("127.0.0.1", port), timeout=10).close()  # nothing sent
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:  # half a startup
                s.sendall(b"\x00\x00\x00\x50\x00\x03")
        with socket.create_connection(("127.0.0.1", self.ports["my"]), timeout=10) as s:
            s.recv(4096)  # the greeting, then gone
        # The proxy keeps serving.
        self.assertEqual(self.psql("SELECT 1").stdout.strip(), "1")
        self.assertEqual(self.mariadb("SELECT 1").stdout.strip(), "1")

    def test_health_and_metrics(self):
        self.assertEqual(self.http("/healthz"), (200, "ok\n"))
        self.assertEqual(self.http("/readyz")[0], 200)
        self.assertEqual(self.http("/nope")[0], 404)
        self.assertEqual(self.psql("SELECT 1").returncode, 0)
        self.assertGreaterEqual(self.metric("signet_proxy_connections_total", "pg"), 1)
        self.assertGreaterEqual(self.metric("signet_proxy_upstream_logins_total", "pg", ',result="ok"'), 1)
        self.assertGreater(self.metric("signet_proxy_bytes_total", "pg", ',direction="server_to_client"'), 0)
        self.assertIn("# TYPE signet_proxy_connections_open gauge", self.http("/metrics")[1])

    def test_upstream_restart_mid_session(self):
        emulator = ENV.get("SIGNET_EMULATOR")
        if not emulator:
            self.skipTest("SIGNET_EMULATOR is not set")
        pg = self.pg()
        my = self.my()
        subprocess.run([emulator, "restart", "pg"], check=True, capture_output=True, timeout=120)
        subprocess.run([emulator, "restart", "mysql"], check=True, capture_output=True, timeout=120)
        with self.assertRaises(psycopg2.Error):
            pg.cursor().execute("SELECT 1")
        with self.assertRaises(pymysql.err.OperationalError):
            my.cursor().execute("SELECT 1")
        offset = log_size()
        with self.pg() as again, again.cursor() as cur:
            cur.execute("SELECT 1")
            self.assertEqual(cur.fetchone(), (1,))
        fresh = self.my()
        with fresh.cursor() as cur:
            cur.execute("SELECT 1")
            self.assertEqual(cur.fetchone(), (1,))
        fresh.close()
        self.assert_logged_in_over_tls(offset, "pg")
        self.assert_logged_in_over_tls(offset, "mysql")

    def test_usage_errors_name_the_option_and_the_fix(self):
        cases = [
            (["nope"], 'no profile "nope"', "signet profiles list"),
            (["pg=70000"], '"pg=70000": the port must be a number from 1 to 65535', "PROFILE=PORT"),
            (["pg", "--max-connections", "0"], "--max-connections 0 is outside 1-100000",
             "Pass --max-connections with a value"),
            (["pg", "--health-port", "x"], '--health-port "x" is not a whole number', "from 1 to 65535"),
            (["pg=%d" % free_port(), "pg"], '"pg" is named twice', "Name each profile once."),
            (["pg=%d" % self.health, "my=%d" % self.health], "port %d is given to both pg and my" % self.health,
             "Give each profile its own port."),
            (["pg", "--unix-socket", "/proc/signet"], "cannot create the directory /proc/signet",
             "Name a directory you can write to"),
            # TEST-NET-1: an address this computer does not have is said as such.
            (["pg", "--address", "192.0.2.1"], "cannot listen on 192.0.2.1:5432", "another port or address"),
        ]
        for args, message, fix in cases:
            result = subprocess.run([ENV["SIGNET_BIN"], "proxy", *args], env=self.env, capture_output=True,
                                    text=True, timeout=30)
            self.assertNotEqual(result.returncode, 0, args)
            self.assertIn(message, result.stderr, args)
            self.assertIn(fix, result.stderr, args)
            self.assertEqual(result.stdout, "", args)

    def test_connection_limit(self):
        port = free_port()
        proxy = Proxy(self.env, ["pg=%d" % port, "--max-connections", "1", "--max-sigterm-delay", "5"])
        try:
            first = psycopg2.connect("host=127.0.0.1 port=%d user=iam_user dbname=signet" % port, connect_timeout=20)
            with self.assertRaises(psycopg2.OperationalError) as refused:
                psycopg2.connect("host=127.0.0.1 port=%d user=iam_user dbname=signet" % port, connect_timeout=20)
            self.assertIn("already serves 1 connections", str(refused.exception))
            # SIGTERM: no new connections; the open session may finish within --max-sigterm-delay.
            proxy.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            with first.cursor() as cur:
                cur.execute("SELECT 3")
                self.assertEqual(cur.fetchone(), (3,))
            first.close()
            self.assertEqual(proxy.process.wait(10), 0)
        finally:
            proxy.stop()


class ProxyLoginFailureTest(unittest.TestCase):
    """Credentials that cannot sign, a database that cannot be reached, and an identity the database
    refuses: each client is told so in its protocol, with what to do (the sign-in command; what to
    check on the way; the likely causes)."""

    @classmethod
    def setUpClass(cls):
        require_emulator()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = isolated_env(cls.tmp.name)
        # An IAM Identity Center profile no one has signed in with: no cached sign-in token.
        config = os.path.join(cls.tmp.name, "aws-config")
        with open(config, "w") as f:
            f.write("[profile not-signed-in]\nsso_start_url = https://example.awsapps.com/start\n"
                    "sso_region = %s\nsso_account_id = 123456789012\nsso_role_name = DbUsers\n"
                    "region = %s\n" % (ENV["SIGNET_EMU_REGION"], ENV["SIGNET_EMU_REGION"]))
        cls.env["AWS_CONFIG_FILE"] = config
        cls.ports = {}
        for name, engine, port, user in (("pg-sso", "postgres", ENV["SIGNET_EMU_PG_PORT"], ENV["SIGNET_EMU_PG_USER"]),
                                         ("my-sso", "mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_USER"])):
            add_profile(cls.env, name, engine, port, user, ENV["SIGNET_EMU_CA"], aws_profile="not-signed-in")
            cls.ports[name] = free_port()
        # Keys whose IAM policy does not allow rds-db:connect: signing works, the database refuses.
        cls.denied_ports = {"pg-denied": free_port(), "my-denied": free_port()}
        add_profile(cls.env, "pg-denied", "postgres", ENV["SIGNET_EMU_PG_PORT"], ENV["SIGNET_EMU_PG_USER"],
                    ENV["SIGNET_EMU_CA"])
        add_profile(cls.env, "my-denied", "mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_USER"],
                    ENV["SIGNET_EMU_CA"])
        # Nothing listens on this port: the database is unreachable.
        closed = str(free_port())
        for name, engine, user in (("pg-unreachable", "postgres", ENV["SIGNET_EMU_PG_USER"]),
                                   ("my-unreachable", "mariadb", ENV["SIGNET_EMU_MYSQL_USER"])):
            add_profile(cls.env, name, engine, closed, user, ENV["SIGNET_EMU_CA"])
            cls.ports[name] = free_port()
        denied_env = dict(cls.env, AWS_ACCESS_KEY_ID=ENV["SIGNET_EMU_DENIED_ACCESS_KEY_ID"],
                          AWS_SECRET_ACCESS_KEY=ENV["SIGNET_EMU_DENIED_SECRET_ACCESS_KEY"])
        cls.offset = log_size()
        cls.proxy = Proxy(cls.env, ["%s=%d" % item for item in cls.ports.items()])
        cls.denied_proxy = Proxy(denied_env, ["%s=%d" % item for item in cls.denied_ports.items()])

    @classmethod
    def tearDownClass(cls):
        cls.proxy.stop()
        cls.denied_proxy.stop()
        log = cls.denied_proxy.log()
        cls.tmp.cleanup()
        assert "X-Amz-Signature" not in log and "X-Amz-Credential" not in log, "token in the proxy log"

    def psql_error(self, port):
        """psql's stderr for a connection through `port` that must fail."""
        result = subprocess.run(["psql", "-X", "-c", "SELECT 1", "host=127.0.0.1 port=%d user=%s dbname=%s" % (
            port, ENV["SIGNET_EMU_PG_USER"], ENV["SIGNET_EMU_DATABASE"])],
            capture_output=True, text=True, timeout=60, env={**self.env, "PGCONNECT_TIMEOUT": "20"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("FATAL:  signet proxy: ", result.stderr)
        return result.stderr

    def mariadb_error(self, port, code="ERROR 1045 (28000): signet proxy: "):
        """The mariadb CLI's stderr for a connection through `port` that must fail with `code`."""
        result = subprocess.run(["mariadb", "--protocol=TCP", "-h", "127.0.0.1", "-P", str(port),
                                 "-u", ENV["SIGNET_EMU_MYSQL_USER"], "-e", "SELECT 1"],
                                capture_output=True, text=True, timeout=60, env=self.env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(code, result.stderr)
        return result.stderr

    def assert_told_to_sign_in(self, text):
        self.assertIn("could not sign an IAM token for", text)
        self.assertIn("no IAM Identity Center sign-in is cached", text)
        self.assertIn("signet sso login --aws-profile not-signed-in", text)

    def test_psql_is_told_to_sign_in(self):
        self.assert_told_to_sign_in(self.psql_error(self.ports["pg-sso"]))

    def test_psycopg2_is_told_to_sign_in(self):
        with self.assertRaises(psycopg2.OperationalError) as failed:
            psycopg2.connect("host=127.0.0.1 port=%d user=%s dbname=%s" % (
                self.ports["pg-sso"], ENV["SIGNET_EMU_PG_USER"], ENV["SIGNET_EMU_DATABASE"]), connect_timeout=20)
        self.assert_told_to_sign_in(str(failed.exception))

    def test_mariadb_is_told_to_sign_in(self):
        self.assert_told_to_sign_in(self.mariadb_error(self.ports["my-sso"]))

    def test_pymysql_sees_error_1045(self):
        with self.assertRaises(pymysql.err.OperationalError) as failed:
            pymysql.connect(host="127.0.0.1", port=self.ports["my-sso"], user=ENV["SIGNET_EMU_MYSQL_USER"],
                            connect_timeout=20)
        self.assertEqual(failed.exception.args[0], 1045)
        self.assert_told_to_sign_in(failed.exception.args[1])

    def test_zz_what_reached_the_database(self):
        # The profiles that could not sign sent nothing; the denied keys' logins came over TLS and
        # were refused by the policy, on both engines.
        lines = [l for l in log_lines(self.offset) if l.get("source") == "verifier"]
        self.assertEqual({l["access_key_id"] for l in lines}, {ENV["SIGNET_EMU_DENIED_ACCESS_KEY_ID"]}, lines)
        self.assertEqual({l["engine"] for l in lines}, {"pg", "mysql"})
        for line in lines:
            self.assertEqual((line["decision"], line["reason"], line["tls"]), ("reject", "not_authorized", True), line)
        self.assert_told_to_sign_in(self.proxy.log())
        self.assert_told_unreachable(self.proxy.log())
        self.assert_told_the_likely_causes(self.denied_proxy.log())

    def assert_told_the_likely_causes(self, text):
        self.assertIn("the database refused the IAM login for", text)
        self.assertIn("rds-db:connect", text)

    def assert_told_unreachable(self, text):
        self.assertIn("cannot reach the database at", text)
        self.assertIn("security group", text)

    def test_psql_is_told_the_database_is_unreachable(self):
        self.assert_told_unreachable(self.psql_error(self.ports["pg-unreachable"]))

    def test_mariadb_is_told_the_database_is_unreachable(self):
        # Before any greeting (the proxy's greeting carries the database's version), so the client
        # shows the ERR packet as one it received before TLS, with the proxy's message.
        self.assert_told_unreachable(self.mariadb_error(self.ports["my-unreachable"],
                                                        code="1158 - signet proxy: "))

    def test_psql_is_told_the_login_was_refused(self):
        self.assert_told_the_likely_causes(self.psql_error(self.denied_ports["pg-denied"]))

    def test_mariadb_is_told_the_login_was_refused(self):
        self.assert_told_the_likely_causes(self.mariadb_error(self.denied_ports["my-denied"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
