#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Aurora DSQL through the JVM launchers, against the emulator's DSQL-flavoured endpoint.

Saved DSQL profiles (no --user, no --database, no --ca: admin, postgres, the system trust store)
give `signet launch --as jdbc`, `--as password-command`, DBeaver's `-con` (a stand-in dbeaver
records the argv Signet starts it with) and SQL Workbench/J's parameters (`--print`, run by bash
with a stand-in sqlworkbench.sh). Each of them logs in with Debian's pgjdbc, in one JVM that
resolves the cluster name to 127.0.0.1 (jdk.net.hosts.file), so verify-full checks the certificate
against the real DSQL name. `signet proxy --local-tls` for a DSQL profile serves pgjdbc with its
printed URL and no password (admin and another role, a prepared statement). The emulator's log shows
each token allowed over TLS with the right action; a bundle that did not sign the certificate is
refused by pgjdbc before any token is sent; nothing Signet leaves on disk holds a token. About 12 s.
"""
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import unittest

E = os.environ
HERE = os.path.dirname(os.path.abspath(__file__))
JDBC_CHECKS = os.path.join(HERE, "..", "..", "support", "JdbcChecks.java")
PG_JAR = "/usr/share/java/postgresql.jar"


def need(*names):
    missing = [n for n in names if not E.get(n)]
    if missing:
        print("SKIP: not set: " + " ".join(missing), file=sys.stderr)
        sys.exit(77)


need("SIGNET_BIN", "SIGNET_EMU_DSQL_HOST", "SIGNET_EMU_DSQL_PORT", "SIGNET_EMU_CA", "SIGNET_EMU_LOG",
     "SIGNET_EMU_DSQL_ADMIN", "SIGNET_EMU_DSQL_USER")
HOST = E["SIGNET_EMU_DSQL_HOST"]
PORT = E["SIGNET_EMU_DSQL_PORT"]


sys.path.insert(0, os.path.join(HERE, "..", "proxy"))
from test_proxy import Proxy, free_port  # noqa: E402


def decision_for(token):
    """The emulator's last verifier line for this token (matched by its SHA-256 prefix)."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:16]
    with open(E["SIGNET_EMU_LOG"]) as f:
        lines = [json.loads(l) for l in f if l.strip()]
    found = [l for l in lines if l.get("source") == "verifier" and l.get("token_sha256") == digest]
    return found[-1] if found else None


def dbeaver_spec(argv):
    """DBeaver's reading of -con: split on |, each part at its first = (no escaping)."""
    spec = argv[argv.index("-con") + 1]
    return dict(part.split("=", 1) for part in spec.split("|"))


def check_line(label, url, sql, **props):
    fields = [label, url, sql] + ["%s=%s" % kv for kv in props.items()]
    assert not any("\t" in f or "\n" in f for f in fields), label
    return "\t".join(fields)


class DsqlLaunch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        home = cls.tmp.name
        cls.home = os.path.join(home, "home")
        cls.tmpdir = os.path.join(home, "tmp")
        bin_dir = os.path.join(home, "bin")
        for d in (cls.home, cls.tmpdir, bin_dir):
            os.makedirs(d)
        # A stand-in for DBeaver and SQL Workbench/J: records the argv it was started with.
        cls.fake = os.path.join(bin_dir, "client-stand-in")
        with open(cls.fake, "w") as f:
            f.write('#!/bin/sh\nprintf "%s\\0" "$@" > "$SIGNET_TEST_ARGV.part" && '
                    'mv "$SIGNET_TEST_ARGV.part" "$SIGNET_TEST_ARGV"\n')
        os.chmod(cls.fake, 0o755)
        # The system trust store: Debian's public CAs plus the emulator's, which plays the public CA
        # DSQL certificates chain to.
        cls.system_store = os.path.join(home, "system-ca.pem")
        with open(cls.system_store, "w") as out:
            for name in ("/etc/ssl/certs/ca-certificates.crt", E["SIGNET_EMU_CA"]):
                if os.path.exists(name):
                    with open(name) as f:
                        out.write(f.read().rstrip("\n") + "\n")
        cls.env = {
            "PATH": E["PATH"],
            "HOME": cls.home,
            "TMPDIR": cls.tmpdir,
            "XDG_CONFIG_HOME": os.path.join(cls.home, "config"),
            "XDG_DATA_HOME": os.path.join(cls.home, "data"),
            "AWS_ACCESS_KEY_ID": E["SIGNET_EMU_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": E["SIGNET_EMU_SECRET_ACCESS_KEY"],
            "AWS_CONFIG_FILE": "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            "AWS_EC2_METADATA_DISABLED": "true",
            "SSL_CERT_FILE": cls.system_store,
            "QT_QPA_PLATFORM": "offscreen",
        }
        for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"):
            if E.get(name):
                cls.env[name] = E[name]
        # The cluster name resolves nowhere; the JVM's resolver maps it to the emulator.
        cls.hosts = os.path.join(home, "hosts")
        with open(cls.hosts, "w") as f:
            f.write("127.0.0.1 localhost\n127.0.0.1 %s\n" % HOST)
        cls.other_ca = os.path.join(home, "other-ca.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-days", "2", "-subj", "/CN=Not the DSQL CA", "-keyout", os.path.join(home, "other.key"),
                        "-out", cls.other_ca], check=True, capture_output=True)
        # Engine defaults only: user admin, database postgres, the system trust store.
        cls.signet("profiles", "add", "--name", "dsql-admin", "--engine", "aurora-dsql", "--host", HOST,
                   "--port", PORT, "--credentials", "environment", "--token-lifetime", "3600")
        cls.signet("profiles", "add", "--name", "dsql-role", "--host", HOST, "--port", PORT,
                   "--user", E["SIGNET_EMU_DSQL_USER"], "--credentials", "environment")
        # The local proxy reaches the cluster itself, so its profile connects via the emulator's address.
        cls.signet("profiles", "add", "--name", "dsql-via", "--host", HOST, "--port", PORT, "--via",
                   "127.0.0.1:" + PORT, "--credentials", "environment")
        cls.proxy_port = free_port()
        cls.proxy = Proxy(dict(E, **cls.env), ["dsql-via=%d" % cls.proxy_port, "--local-tls"])

    @classmethod
    def tearDownClass(cls):
        code = cls.proxy.stop()
        log = cls.proxy.log()
        cls.tmp.cleanup()
        assert "X-Amz-Signature" not in log, "a token in the proxy's log"
        assert code == 0, "signet proxy exited with %s\n%s" % (code, log)

    @classmethod
    def signet(cls, *args, env=None):
        run = subprocess.run([E["SIGNET_BIN"], *args], env=env or cls.env, capture_output=True, text=True,
                             timeout=60)
        assert run.returncode == 0, "signet %s: %s" % (" ".join(args), run.stderr)
        return run

    def started_argv(self, *args, through_bash=False):
        """The argv a client stand-in was started with by `signet launch ARGS`."""
        record = os.path.join(self.tmp.name, "argv-%d" % time.monotonic_ns())
        env = dict(self.env, SIGNET_TEST_ARGV=record)
        run = self.signet("launch", *args, "--program", self.fake, env=env)
        if through_bash:  # the printed command, pasted into bash
            pasted = subprocess.run(["bash", "-c", run.stdout.strip()], env=env, capture_output=True, text=True,
                                    timeout=30)
            self.assertEqual(pasted.returncode, 0, pasted.stderr)
        deadline = time.time() + 10
        while not os.path.exists(record) and time.time() < deadline:
            time.sleep(0.05)
        with open(record, "rb") as f:
            return run, f.read().decode().split("\0")[:-1]

    def assert_no_token_on_disk(self, token):
        """No file under Signet's HOME or TMPDIR holds the token (or its signature)."""
        signature = token.rsplit("X-Amz-Signature=", 1)[1]
        for root, _, files in os.walk(self.tmp.name):
            for name in files:
                path = os.path.join(root, name)
                if path.startswith(os.path.join(self.tmp.name, "argv-")):
                    continue  # the stand-in's record of its own argv
                with open(path, "rb") as f:
                    self.assertNotIn(signature.encode(), f.read(), "the token is on disk in " + path)

    def run_jvm(self, lines, jars):
        run = subprocess.run(["java", "-Djdk.net.hosts.file=" + self.hosts, "-cp", ":".join(jars), JDBC_CHECKS],
                             input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        results = {}
        for line in run.stdout.splitlines():
            status, label, rest = (line.split(" ", 2) + [""])[:3]
            results[label] = (status, rest)
        return results

    def test_every_jvm_launcher_logs_in_with_verify_full(self):
        admin, role = E["SIGNET_EMU_DSQL_ADMIN"], E["SIGNET_EMU_DSQL_USER"]
        expected_url = "jdbc:postgresql://%s:%s/postgres?sslmode=verify-full&sslrootcert=%s" % (
            HOST, PORT, self.system_store)

        # The JDBC URL and the password command (pgAdmin's "Password exec command", TablePlus).
        admin_url = self.signet("launch", "dsql-admin", "--as", "jdbc").stdout.strip()
        self.assertEqual(admin_url, expected_url)
        command = shlex.split(self.signet("launch", "dsql-admin", "--as", "password-command").stdout)
        self.assertEqual(command[1:], ["token", "dsql-admin"])
        admin_token = subprocess.run(command, env=self.env, capture_output=True, text=True,
                                     check=True).stdout.strip()
        self.assertTrue(admin_token.startswith(HOST + "/?Action=DbConnectAdmin&"), admin_token[:80])
        self.assertIn("X-Amz-Expires=3600&", admin_token)
        role_url = self.signet("launch", "dsql-role", "--as", "jdbc").stdout.strip()
        self.assertEqual(role_url, expected_url)
        role_token = self.signet("token", "dsql-role").stdout.strip()
        self.assertTrue(role_token.startswith(HOST + "/?Action=DbConnect&"), role_token[:80])

        # DBeaver: started detached with -con; nothing written to disk, not saved in DBeaver.
        run, argv = self.started_argv("dsql-admin", "--client", "dbeaver")
        self.assertIn("1 h", run.stderr)  # the notice names the token's real lifetime
        spec = dbeaver_spec(argv)
        dbeaver_token = spec.pop("password")
        self.assertEqual(spec, {
            "driver": "postgres-jdbc", "host": HOST, "port": PORT, "database": "postgres", "user": admin,
            "name": "dsql-admin", "connect": "true", "save": "false",
            "prop.sslmode": "verify-full", "prop.sslrootcert": self.system_store})
        self.assertTrue(dbeaver_token.startswith(HOST + "/?Action=DbConnectAdmin&"), dbeaver_token[:80])
        self.assertIn("X-Amz-Expires=3600&", dbeaver_token)
        self.assertEqual(os.listdir(self.tmpdir), [])
        self.assert_no_token_on_disk(dbeaver_token)
        # DBeaver's postgres-jdbc URL template: jdbc:postgresql://{host}[:{port}]/[{database}].
        dbeaver_url = "jdbc:postgresql://%s:%s/%s" % (spec["host"], spec["port"], spec["database"])

        # SQL Workbench/J: the printed command, pasted into bash.
        _, argv = self.started_argv("dsql-role", "--client", "sqlworkbenchj", "--print", "--show-token",
                                    through_bash=True)
        params = dict(a[1:].split("=", 1) for a in argv)
        self.assertEqual(params["url"], expected_url)
        self.assertEqual(params["username"], role)
        self.assertEqual(params["driver"], "org.postgresql.Driver")
        self.assertTrue(params["password"].startswith(HOST + "/?Action=DbConnect&"))
        self.assertEqual(os.listdir(self.tmpdir), [])

        # A bundle that did not sign the server's certificate: pgjdbc refuses before the login.
        wrong_url = admin_url.replace(self.system_store, self.other_ca)
        wrong_token = self.signet("token", "dsql-admin", "--expires", "1234").stdout.strip()

        # The local proxy for the cluster (--local-tls): its printed pgjdbc URL, no password; the proxy
        # signs the DSQL token for the user the client names.
        proxy_url = next(l.strip() for l in self.proxy.banner.splitlines() if l.strip().startswith("jdbc:"))
        self.assertIn("/postgres?user=%s&sslmode=verify-full&sslrootcert=" % admin, proxy_url)
        proxy_role_url = proxy_url.replace("user=" + admin, "user=" + role)
        offset = os.path.getsize(E["SIGNET_EMU_LOG"])

        results = self.run_jvm([
            check_line("jdbc-admin", admin_url, "SELECT current_user", user=admin, password=admin_token),
            check_line("jdbc-role-prepared", role_url, "SELECT ?::int * 2", user=role, password=role_token),
            check_line("dbeaver", dbeaver_url, "SELECT current_user || '@' || current_database()",
                       **{k[len("prop."):]: v for k, v in spec.items() if k.startswith("prop.")},
                       user=spec["user"], password=dbeaver_token),
            check_line("sqlworkbenchj", params["url"], "SELECT current_user", user=params["username"],
                       password=params["password"]),
            check_line("wrong-ca", wrong_url, "SELECT 1", user=admin, password=wrong_token),
            check_line("proxy-admin", proxy_url, "SELECT current_user"),
            check_line("proxy-role-prepared", proxy_role_url, "SELECT ?::int + 100"),
        ], [params["driverJar"]])

        self.assertEqual(results["jdbc-admin"], ("OK", admin))
        self.assertEqual(results["jdbc-role-prepared"], ("OK", "0,2,4,6,8,10"))
        self.assertEqual(results["dbeaver"], ("OK", admin + "@postgres"))
        self.assertEqual(results["sqlworkbenchj"], ("OK", role))
        self.assertEqual(results["wrong-ca"][0], "FAIL")
        self.assertRegex(results["wrong-ca"][1], "PKIX|certification path|SSL")
        for token, user, action in ((admin_token, admin, "DbConnectAdmin"), (role_token, role, "DbConnect"),
                                    (dbeaver_token, admin, "DbConnectAdmin"),
                                    (params["password"], role, "DbConnect")):
            decision = decision_for(token)
            self.assertIsNotNone(decision, "the emulator saw no login with one of the tokens")
            self.assertEqual((decision["decision"], decision["tls"], decision["engine"], decision["user"],
                              decision["token_action"]), ("allow", True, "dsql", user, action), decision)
        self.assertIsNone(decision_for(wrong_token), "the token was sent to a server pgjdbc did not trust")
        self.assertEqual(results["proxy-admin"], ("OK", admin))
        self.assertEqual(results["proxy-role-prepared"], ("OK", "100,101,102,103,104,105"))
        with open(E["SIGNET_EMU_LOG"]) as f:
            f.seek(offset)
            lines = [json.loads(line) for line in f.read().splitlines() if line.strip()]
        seen = {(l["user"], l["token_action"], l["decision"], l["tls"]) for l in lines
                if l.get("source") == "verifier" and l.get("engine") == "dsql"}
        self.assertLessEqual({(admin, "DbConnectAdmin", "allow", True), (role, "DbConnect", "allow", True)}, seen)
        self.assertEqual(self.proxy.log().count("TLS with the client"), 2, self.proxy.log())

    def test_endpoint_options_take_the_engine_defaults(self):
        # No saved profile, no --engine, --user, --database or --ca: the cluster name decides.
        url = self.signet("launch", "--host", HOST, "--port", PORT, "--as", "jdbc").stdout.strip()
        self.assertEqual(url, "jdbc:postgresql://%s:%s/postgres?sslmode=verify-full&sslrootcert=%s" % (
            HOST, PORT, self.system_store))
        command = shlex.split(self.signet("launch", "--host", HOST, "--port", PORT, "--as",
                                          "password-command").stdout)
        self.assertEqual(command[command.index("--engine") + 1], "aurora-dsql")
        self.assertEqual(command[command.index("--user") + 1], E["SIGNET_EMU_DSQL_ADMIN"])
        token = subprocess.run(command, env=self.env, capture_output=True, text=True, check=True).stdout
        self.assertTrue(token.startswith(HOST + "/?Action=DbConnectAdmin&"), token[:80])

    def test_driver_jar_is_debians_pgjdbc(self):
        # SQL Workbench/J gets the distribution's pgjdbc, so a first run needs no driver set-up.
        run = self.signet("launch", "dsql-role", "--client", "sqlworkbenchj", "--print", "--program", self.fake)
        self.assertIn("-driverJar=" + PG_JAR, run.stdout)
        self.assertNotIn("X-Amz-Signature=", run.stdout)  # redacted without --show-token


if __name__ == "__main__":
    unittest.main(verbosity=2)
