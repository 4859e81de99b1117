#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integration: tokens from `signet token` log in to the local RDS IAM emulator, bad ones don't.

Real `mariadb` and `psql` clients, TLS verified against the emulator's CA; every rejection is
checked against the reason the emulator's verifier logged (SIGNET_EMU_LOG, JSON lines).

Needs:  eval "$(tests/emulator/emulator env)"   (the SIGNET_EMU_* variables)
        SIGNET_BIN=/path/to/signet                (set by CTest)
Dev only: SIGNET_EMU_ALLOW_BOTOCORE=1 signs with botocore when SIGNET_BIN is not set.
"""

import datetime
import hashlib
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
import unittest

ENV = os.environ
REQUIRED = ["SIGNET_EMU_HOST", "SIGNET_EMU_MYSQL_PORT", "SIGNET_EMU_PG_PORT", "SIGNET_EMU_CA",
            "SIGNET_EMU_REGION", "SIGNET_EMU_ACCESS_KEY_ID", "SIGNET_EMU_SECRET_ACCESS_KEY",
            "SIGNET_EMU_MYSQL_USER", "SIGNET_EMU_PG_USER", "SIGNET_EMU_DATABASE", "SIGNET_EMU_LOG"]


def fail_setup(msg):
    sys.stderr.write("test_emulator_login: FAILED: %s\n" % msg)
    print("0 passed, 1 failed")
    sys.exit(1)


missing = [v for v in REQUIRED if not ENV.get(v)]
if missing:
    fail_setup("the RDS IAM emulator is not configured (%s unset). Start it and load its "
               "environment first:\n  sudo tests/emulator/emulator start && "
               "eval \"$(tests/emulator/emulator env)\"" % ", ".join(missing))

SIGNET_BIN = ENV.get("SIGNET_BIN", "")
USE_BOTOCORE = not SIGNET_BIN and ENV.get("SIGNET_EMU_ALLOW_BOTOCORE") == "1"
if not USE_BOTOCORE and not (SIGNET_BIN and os.access(SIGNET_BIN, os.X_OK)):
    fail_setup("SIGNET_BIN is not an executable signet binary: %r" % SIGNET_BIN)

os.environ["BOTO_DISABLE_CRT"] = "true"  # pinning botocore's clock needs its pure-Python signer
try:
    import botocore.auth
    import botocore.session
except ImportError:
    fail_setup("botocore is missing (apt-get install python3-botocore; run with /usr/bin/python3)")

HOST = ENV["SIGNET_EMU_HOST"]
REGION = ENV["SIGNET_EMU_REGION"]
CA = ENV["SIGNET_EMU_CA"]
DB = ENV["SIGNET_EMU_DATABASE"]
LOG = ENV["SIGNET_EMU_LOG"]
OTHER_USER = ENV.get("SIGNET_EMU_OTHER_USER", "iam_other")
OTHER_REGION = "us-west-2" if REGION != "us-west-2" else "eu-west-1"

LONG_TERM = (ENV["SIGNET_EMU_ACCESS_KEY_ID"], ENV["SIGNET_EMU_SECRET_ACCESS_KEY"], None)


def creds(prefix, token_var):
    key = ENV.get("SIGNET_EMU_%sACCESS_KEY_ID" % prefix)
    if not key:
        return None
    return (key, ENV["SIGNET_EMU_%sSECRET_ACCESS_KEY" % prefix], ENV.get(token_var))


DENIED = creds("DENIED_", "")
SESSION = creds("SESSION_", "SIGNET_EMU_SESSION_TOKEN")
EXPIRED_SESSION = creds("EXPIRED_", "SIGNET_EMU_EXPIRED_SESSION_TOKEN")

_TMP_HOME = tempfile.mkdtemp(prefix="signet-it-home-")


def signet_token(host, port, user, cred, region=REGION, expires=None):
    """A token from the signet CLI (or botocore in dev mode)."""
    if USE_BOTOCORE:
        return botocore_token(host, port, user, cred, region)
    env = {k: v for k, v in ENV.items() if not k.startswith("AWS_")}
    env.update(HOME=_TMP_HOME, XDG_CONFIG_HOME=os.path.join(_TMP_HOME, ".config"),
               AWS_CONFIG_FILE=os.path.join(_TMP_HOME, "none"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(_TMP_HOME, "none"),
               AWS_ACCESS_KEY_ID=cred[0], AWS_SECRET_ACCESS_KEY=cred[1], AWS_EC2_METADATA_DISABLED="true",
               QT_QPA_PLATFORM="offscreen")
    if cred[2]:
        env["AWS_SESSION_TOKEN"] = cred[2]
    args = [SIGNET_BIN, "token", "--host", host, "--port", str(port), "--region", region, "--user", user]
    if expires is not None:
        args += ["--expires", str(expires)]
    p = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise AssertionError("signet token failed (exit %d): %s" % (p.returncode, p.stderr.strip()))
    lines = p.stdout.splitlines()
    if len(lines) != 1 or not p.stdout.endswith("\n") or not lines[0]:
        raise AssertionError("signet token must print exactly the token and a newline, got %r" % p.stdout[:200])
    return lines[0]


_SESSION_BC = botocore.session.get_session()


def botocore_token(host, port, user, cred, region=REGION, when=None):
    """A token from botocore, optionally signed at a pinned time (for 'expired' cases)."""
    _SESSION_BC.set_credentials(cred[0], cred[1], cred[2])
    client = _SESSION_BC.create_client("rds", region_name=region)
    saved = botocore.auth.datetime
    if when is not None:
        class _DT(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return when

        class _Mod:
            pass
        _Mod.datetime, _Mod.timedelta, _Mod.timezone = _DT, datetime.timedelta, datetime.timezone
        botocore.auth.datetime = _Mod
    try:
        return client.generate_db_auth_token(host, int(port), user, Region=region)
    finally:
        botocore.auth.datetime = saved


def tamper_signature(token):
    head, _, sig = token.rpartition("X-Amz-Signature=")
    assert len(sig) == 64, token
    return head + "X-Amz-Signature=" + sig[:-1] + ("0" if sig[-1] != "0" else "1")


class LogWatch:
    """Decision-log lines written after this point."""

    def __init__(self):
        self.pos = os.path.getsize(LOG) if os.path.exists(LOG) else 0

    def entries(self, source="verifier", wait=1.0, token=None):
        """Entries from `source`; with `token`, only those about that token (the emulator may be
        shared with other test runs, whose decisions land in the same log)."""
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()[:16] if token else None
        deadline = time.time() + wait
        while True:
            with open(LOG, "rb") as f:
                f.seek(self.pos)
                data = f.read()
            out = [json.loads(x) for x in data.decode().splitlines() if x.strip()]
            out = [e for e in out if e.get("source") == source]
            if digest:
                out = [e for e in out if e.get("token_sha256") == digest]
            if out or time.time() >= deadline:
                return out
            time.sleep(0.05)


class Base:
    """Shared cases; subclasses define ENGINE, PORT, USER, login()."""

    maxDiff = None

    def token(self, user=None, cred=LONG_TERM, host=HOST, port=None, region=REGION, expires=None):
        return signet_token(host, port or self.PORT, user or self.USER, cred, region, expires)

    def assert_login_ok(self, token, cred=LONG_TERM):
        watch = LogWatch()
        rc, out, err = self.login(token)
        self.assertEqual(rc, 0, "login failed: %s" % err)
        self.check_session_output(out)
        entries = watch.entries(token=token)
        self.assertTrue(entries, "the verifier logged nothing")
        e = entries[-1]
        self.assertEqual((e["decision"], e["reason"], e["tls"]), ("allow", "ok", True), e)
        self.assertEqual(e["access_key_id"], cred[0])
        self.assertEqual(e["user"], self.USER)
        self.assertEqual(e["engine"], self.ENGINE)
        self.assertEqual(e["endpoint"], "%s:%s" % (HOST, self.PORT))
        return e

    def assert_rejected(self, token, reason, tls=True, user=None):
        watch = LogWatch()
        rc, out, err = self.login(token, user=user)
        self.assertNotEqual(rc, 0, "login with a bad token succeeded (expected %s)" % reason)
        entries = watch.entries(token=token)
        self.assertTrue(entries, "the verifier logged nothing (expected %s); client said: %s" % (reason, err))
        e = entries[-1]
        self.assertEqual((e["decision"], e["reason"]), ("reject", reason), e)
        self.assertEqual(e["tls"], tls, e)
        self.assertTrue(e.get("message"))
        self.assertNotIn("X-Amz-Signature", json.dumps(entries))
        return e

    # ---- the cases

    def test_01_signet_token_logs_in(self):
        self.assert_login_ok(self.token())

    def test_02_session_credentials_log_in(self):
        if not SESSION:
            self.skipTest("no session identity exported")
        t = self.token(cred=SESSION)
        self.assertGreaterEqual(len(t), 2000, "session-credential tokens should be ~2 KB, as with AWS")
        self.assertIn("X-Amz-Security-Token=", t)
        self.assert_login_ok(t, cred=SESSION)

    def test_03_expired_token(self):
        # signet signs with the current time: make it expire fast...
        t = self.token(expires=1) if not USE_BOTOCORE else None
        # ...and, independently, one signed 20 minutes ago by botocore
        old = botocore_token(HOST, self.PORT, self.USER, LONG_TERM,
                             when=datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(minutes=20))
        self.assert_rejected(old, "expired")
        if t is not None:
            time.sleep(2.1)
            self.assert_rejected(t, "expired")

    def test_04_token_for_another_user(self):
        self.assert_rejected(self.token(user=OTHER_USER), "user_mismatch")

    def test_05_token_for_another_host(self):
        self.assert_rejected(self.token(host="db.example.com"), "host_mismatch")

    def test_06_token_for_another_port(self):
        self.assert_rejected(self.token(port=int(self.PORT) + 100), "port_mismatch")

    def test_07_token_for_another_region(self):
        self.assert_rejected(self.token(region=OTHER_REGION), "region_mismatch")

    def test_08_tampered_signature(self):
        self.assert_rejected(tamper_signature(self.token()), "bad_signature")

    def test_09_unknown_access_key(self):
        rng = random.SystemRandom()
        cred = ("AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16)),
                "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(40)), None)
        e = self.assert_rejected(self.token(cred=cred), "unknown_access_key")
        self.assertEqual(e["access_key_id"], cred[0])

    def test_10_policy_does_not_allow_user(self):
        if not DENIED:
            self.skipTest("no denied identity exported")
        self.assert_rejected(self.token(cred=DENIED), "not_authorized")

    def test_11_expired_temporary_credentials(self):
        if not EXPIRED_SESSION:
            self.skipTest("no expired identity exported")
        self.assert_rejected(self.token(cred=EXPIRED_SESSION), "credentials_expired")

    def test_12_not_a_token(self):
        self.assert_rejected("hunter2", "malformed")


def mariadb(token, user, tls=True, sql="SELECT CURRENT_USER(); SHOW SESSION STATUS LIKE 'Ssl_cipher'"):
    args = ["mariadb", "--no-defaults", "--protocol=TCP", "-h", HOST, "-P", ENV["SIGNET_EMU_MYSQL_PORT"],
            "-u", user, "-D", DB, "-N", "-B", "--connect-timeout=10", "-e", sql]
    if tls:
        args[2:2] = ["--ssl", "--ssl-ca=" + CA, "--ssl-verify-server-cert"]
    else:
        args[2:2] = ["--skip-ssl"]
    env = dict(ENV, MYSQL_PWD=token)
    p = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def psql(token, user, sslmode="verify-full", sql="SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"):
    conninfo = "host=%s port=%s user=%s dbname=%s sslmode=%s sslrootcert=%s connect_timeout=10" % (
        HOST, ENV["SIGNET_EMU_PG_PORT"], user, DB, sslmode, CA)
    env = dict(ENV, PGPASSWORD=token, PGPASSFILE=os.devnull)
    env.pop("PGSERVICE", None)
    p = subprocess.run(["psql", "-X", "-A", "-t", "-F", "\t", conninfo, "-c", sql], env=env,
                       capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


class MariaDB(Base, unittest.TestCase):
    ENGINE = "mysql"
    PORT = ENV["SIGNET_EMU_MYSQL_PORT"]
    USER = ENV["SIGNET_EMU_MYSQL_USER"]

    def login(self, token, user=None):
        return mariadb(token, user or self.USER)

    def check_session_output(self, out):
        lines = out.splitlines()
        self.assertEqual(lines[0], "%s@%%" % self.USER, out)
        cipher = lines[1].split("\t")
        self.assertEqual(cipher[0], "Ssl_cipher")
        self.assertTrue(len(cipher) > 1 and cipher[1], "the session is not using TLS: %r" % out)

    def test_13_without_tls_is_rejected_and_the_leak_is_logged(self):
        # MariaDB checks REQUIRE SSL only after authentication, so a client without TLS sends the
        # token in clear. The emulator must reject it and record that a token arrived without TLS.
        watch = LogWatch()
        token = self.token()
        rc, out, err = mariadb(token, self.USER, tls=False)
        self.assertNotEqual(rc, 0, "a login without TLS succeeded")
        entries = watch.entries(token=token)
        self.assertTrue(entries, "no verifier decision logged; client said: %s" % err)
        e = entries[-1]
        self.assertEqual((e["decision"], e["reason"], e["tls"]), ("reject", "not_tls", False), e)
        self.assertEqual(e["token_reason"], "ok")  # the token itself was good: it leaked
        leaks = watch.entries(source="proxy")
        self.assertTrue(any(x.get("event") == "plaintext_token" for x in leaks), leaks)


class PostgreSQL(Base, unittest.TestCase):
    ENGINE = "pg"
    PORT = ENV["SIGNET_EMU_PG_PORT"]
    USER = ENV["SIGNET_EMU_PG_USER"]

    def login(self, token, user=None):
        return psql(token, user or self.USER)

    def check_session_output(self, out):
        self.assertEqual(out.strip(), "%s\tt" % self.USER, "not logged in over TLS: %r" % out)

    def test_13_without_tls_is_rejected_before_any_password(self):
        # pg_hba: 'hostnossl ... reject' refuses the connection before a password is requested
        watch = LogWatch()
        token = self.token()
        rc, out, err = psql(token, self.USER, sslmode="disable")
        self.assertNotEqual(rc, 0, "a login without TLS succeeded")
        self.assertIn("no encryption", err)
        self.assertEqual(watch.entries(wait=0.5, token=token), [], "a token reached the verifier without TLS")


if __name__ == "__main__":
    if USE_BOTOCORE:
        sys.stderr.write("test_emulator_login: WARNING: SIGNET_BIN unset, signing with botocore (dev mode)\n")
    prog = unittest.main(exit=False, verbosity=2)
    r = prog.result
    failed = len(r.failures) + len(r.errors) + len(getattr(r, "unexpectedSuccesses", []))
    passed = r.testsRun - failed - len(r.skipped)
    shutil.rmtree(_TMP_HOME, ignore_errors=True)
    print("%d passed, %d failed, %d skipped" % (passed, failed, len(r.skipped)))
    sys.exit(1 if failed or r.testsRun == 0 else 0)
