#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Aurora DSQL logins through the emulator's DSQL-flavoured PostgreSQL endpoint: `signet token` + psql,
# `signet exec` of a saved DSQL profile verified against the "system" trust store (SSL_CERT_FILE), an
# admin token refused for another role, and `signet check`'s explainer naming the DSQL action.
import json
import os
import subprocess
import sys
import tempfile
import unittest

SIGNET = os.environ.get("SIGNET_BIN", "")
E = os.environ


def need(*names):
    missing = [n for n in names if not E.get(n)]
    if missing:
        print("SKIP: not set: " + " ".join(missing), file=sys.stderr)
        sys.exit(77)


need("SIGNET_BIN", "SIGNET_EMU_DSQL_HOST", "SIGNET_EMU_DSQL_PORT", "SIGNET_EMU_CA", "SIGNET_EMU_LOG")
HOST = E["SIGNET_EMU_DSQL_HOST"]
PORT = E["SIGNET_EMU_DSQL_PORT"]
VIA = "127.0.0.1:" + PORT


def last_decision():
    with open(E["SIGNET_EMU_LOG"]) as f:
        lines = [json.loads(l) for l in f if l.strip()]
    return [l for l in lines if l.get("source") == "verifier"][-1]


class DsqlLogin(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.TemporaryDirectory()
        self.env = {
            "PATH": E["PATH"],
            "HOME": self.home.name,
            "XDG_CONFIG_HOME": os.path.join(self.home.name, "config"),
            "XDG_DATA_HOME": os.path.join(self.home.name, "data"),
            "AWS_ACCESS_KEY_ID": E["SIGNET_EMU_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": E["SIGNET_EMU_SECRET_ACCESS_KEY"],
            "AWS_CONFIG_FILE": "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            "AWS_EC2_METADATA_DISABLED": "true",
            # The emulator's CA plays the public CA that DSQL certificates chain to.
            "SSL_CERT_FILE": E["SIGNET_EMU_CA"],
            "QT_QPA_PLATFORM": "offscreen",
        }
        for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"):
            if E.get(name):
                self.env[name] = E[name]

    def tearDown(self):
        self.home.cleanup()

    def signet(self, *args, env=None, check=True):
        run = subprocess.run([SIGNET, *args], env=env or self.env, capture_output=True, text=True, timeout=60)
        if check:
            self.assertEqual(run.returncode, 0, run.stderr)
        return run

    def psql(self, user, token, sql="select 1"):
        conn = "host=%s hostaddr=127.0.0.1 port=%s user=%s dbname=postgres sslmode=verify-full sslrootcert=%s" % (
            HOST, PORT, user, E["SIGNET_EMU_CA"])
        env = dict(self.env, PGPASSWORD=token, PGCONNECT_TIMEOUT="10")
        return subprocess.run(["psql", "-X", "-At", "-c", sql, conn], env=env, capture_output=True, text=True,
                              timeout=60)

    def add_profile(self, name, user, *extra):
        self.signet("profiles", "add", "--name", name, "--engine", "aurora-dsql", "--host", HOST, "--port", PORT,
                    "--user", user, "--via", VIA, "--credentials", "environment", *extra)

    def test_token_then_psql_admin_and_role(self):
        for user, action in ((E["SIGNET_EMU_DSQL_ADMIN"], "DbConnectAdmin"), (E["SIGNET_EMU_DSQL_USER"], "DbConnect")):
            token = self.signet("token", "--host", HOST, "--user", user, "--expires", "3600").stdout.strip()
            self.assertTrue(token.startswith(HOST + "/?Action=" + action + "&"), action)
            run = self.psql(user, token)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout.strip(), "1")
            self.assertEqual(last_decision()["decision"], "allow")

    def test_admin_token_refused_for_another_role(self):
        token = self.signet("token", "--host", HOST, "--user", E["SIGNET_EMU_DSQL_ADMIN"]).stdout.strip()
        run = self.psql(E["SIGNET_EMU_DSQL_USER"], token)
        self.assertNotEqual(run.returncode, 0)
        decision = last_decision()
        self.assertEqual(decision["decision"], "reject")
        self.assertEqual(decision["reason"], "action_mismatch")
        self.assertNotIn("X-Amz-Signature", run.stderr)

    def test_exec_saved_profile_with_system_trust(self):
        self.add_profile("dsql-admin", E["SIGNET_EMU_DSQL_ADMIN"])
        run = self.signet("exec", "dsql-admin", "-e", "select 1 as one", "--format", "csv")
        self.assertEqual(run.stdout, "one\n1\n")
        self.assertNotIn("X-Amz", run.stderr)
        # A saved profile signs a DSQL token too, with a lifetime beyond RDS's 15 minutes.
        token = self.signet("token", "dsql-admin", "--expires", "7200", "--json").stdout
        parsed = json.loads(token)
        self.assertEqual(parsed["service"], "dsql")
        self.assertEqual(parsed["action"], "DbConnectAdmin")
        self.assertIn("X-Amz-Expires=7200", parsed["token"])
        # Without the test CA as the system store the certificate is not trusted: TLS fails, no login.
        env = dict(self.env, SSL_CERT_FILE="/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt")
        if os.path.exists(env["SSL_CERT_FILE"]):
            bad = self.signet("exec", "dsql-admin", "-e", "select 1", env=env, check=False)
            self.assertNotEqual(bad.returncode, 0)

    def test_launch_psql_command_logs_in(self):
        self.add_profile("dsql-role", E["SIGNET_EMU_DSQL_USER"])
        printed = self.signet("launch", "dsql-role", "--client", "psql", "--print", "--show-token").stdout.strip()
        self.assertIn("sslmode=verify-full", printed)
        self.assertIn("sslrootcert=" + E["SIGNET_EMU_CA"], printed)
        run = subprocess.run(["bash", "-c", printed + " -X -At -c 'select current_user'"], env=self.env,
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.strip(), E["SIGNET_EMU_DSQL_USER"])

    def test_check_explains_a_missing_admin_permission(self):
        self.add_profile("dsql-admin", E["SIGNET_EMU_DSQL_ADMIN"])
        env = dict(self.env, AWS_ACCESS_KEY_ID=E["SIGNET_EMU_DSQL_CONNECT_ONLY_ACCESS_KEY_ID"],
                   AWS_SECRET_ACCESS_KEY=E["SIGNET_EMU_DSQL_CONNECT_ONLY_SECRET_ACCESS_KEY"])
        run = self.signet("check", "dsql-admin", env=env, check=False)
        self.assertNotEqual(run.returncode, 0)
        self.assertEqual(last_decision()["reason"], "not_authorized")
        text = run.stdout + run.stderr
        self.assertIn("dsql:DbConnectAdmin", text)
        self.assertIn("arn:aws:dsql:%s:ACCOUNT:cluster/%s" % (E["SIGNET_EMU_REGION"], E["SIGNET_EMU_DSQL_CLUSTER_ID"]),
                      text)

    def test_check_passes_and_an_rds_bundle_gets_a_clear_tls_verdict(self):
        self.add_profile("dsql-ok", E["SIGNET_EMU_DSQL_USER"])
        ok = self.signet("check", "dsql-ok", check=False)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.add_profile("dsql-rds-bundle", E["SIGNET_EMU_DSQL_USER"], "--ca", "global")
        bad = self.signet("check", "dsql-rds-bundle", check=False)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("public CA", bad.stdout + bad.stderr)
        self.assertIn("CA bundle: system", ok.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
