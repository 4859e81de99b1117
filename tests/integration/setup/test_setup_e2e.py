# SPDX-License-Identifier: GPL-3.0-or-later
"""`signet setup PROFILE --apply --yes` end to end, for MariaDB and PostgreSQL: a fresh database user
that cannot log in, the assistant run against the AWS stand-in (local_aws_server.py --emulator: RDS,
IAM, STS and Secrets Manager, whose instances are the local RDS emulation), then `signet exec PROFILE
-e "select 1"` logs in with IAM. The master password (from the RDS-managed secret, or from
SIGNET_MASTER_PASSWORD) never shows in any output or in the config and data directories.

Needs the emulator's environment with its master logins (SIGNET_EMU_*_MASTER_USER/PASSWORD); exits 77
(skipped) without them, or when the emulator's identity policy would not let a fresh user log in."""
import fnmatch
import json
import os
import secrets
import subprocess
import sys
import tempfile
import unittest

ENV = os.environ
ROOT = ENV.get("SIGNET_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SERVER = os.path.join(ROOT, "tests", "support", "local_aws_server.py")
NEEDED = ["SIGNET_EMU_HOST", "SIGNET_EMU_REGION", "SIGNET_EMU_CA", "SIGNET_EMU_ACCESS_KEY_ID",
          "SIGNET_EMU_SECRET_ACCESS_KEY", "SIGNET_EMU_MYSQL_MASTER_USER", "SIGNET_EMU_MYSQL_MASTER_PASSWORD",
          "SIGNET_EMU_PG_MASTER_USER", "SIGNET_EMU_PG_MASTER_PASSWORD", "SIGNET_EMU_IDENTITIES"]


def policy_allows(user):
    """Whether the emulator's identity for SIGNET_EMU_ACCESS_KEY_ID may connect as `user` (any resource)."""
    with open(ENV["SIGNET_EMU_IDENTITIES"]) as f:
        identities = json.load(f)["identities"]
    arn = "arn:aws:rds-db:%s:%s:dbuser:db-ANY/%s" % (ENV["SIGNET_EMU_REGION"], identities[0].get("account", ""), user)
    for identity in identities:
        if identity["access_key_id"] != ENV["SIGNET_EMU_ACCESS_KEY_ID"]:
            continue
        arn = "arn:aws:rds-db:%s:%s:dbuser:db-ANY/%s" % (ENV["SIGNET_EMU_REGION"], identity["account"], user)
        for statement in identity["policy"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if statement["Effect"] == "Allow" and any(fnmatch.fnmatchcase("rds-db:connect", a) for a in actions) \
                    and any(fnmatch.fnmatchcase(arn, r) for r in resources):
                return True
    return False


class SetupEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen([sys.executable, SERVER, "--emulator", "--rds-apply-delay", "0.5"],
                                      stdout=subprocess.PIPE, text=True)
        line = cls.server.stdout.readline()
        assert line.startswith("PORT "), line
        cls.url = "http://127.0.0.1:%s" % line.split()[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(10)

    def setUp(self):
        self.home = tempfile.TemporaryDirectory()
        self.outputs = []

    def tearDown(self):
        self.home.cleanup()

    def signet(self, *args, extra=None):
        env = dict(ENV)
        env.update({"HOME": self.home.name, "XDG_CONFIG_HOME": os.path.join(self.home.name, "config"),
                    "XDG_DATA_HOME": os.path.join(self.home.name, "data"),
                    "XDG_CACHE_HOME": os.path.join(self.home.name, "cache"),
                    "AWS_ENDPOINT_URL": self.url, "AWS_ACCESS_KEY_ID": ENV["SIGNET_EMU_ACCESS_KEY_ID"],
                    "AWS_SECRET_ACCESS_KEY": ENV["SIGNET_EMU_SECRET_ACCESS_KEY"],
                    "AWS_CONFIG_FILE": os.path.join(self.home.name, "aws-config"),
                    "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.home.name, "aws-credentials"),
                    "SIGNET_SETUP_POLL_MS": "200"})
        for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "SIGNET_MASTER_PASSWORD"):
            env.pop(name, None)
        env.update(extra or {})
        done = subprocess.run([ENV["SIGNET_BIN"]] + list(args), env=env, capture_output=True, text=True,
                              timeout=180, stdin=subprocess.DEVNULL)
        self.outputs += [done.stdout, done.stderr]
        return done

    def drop(self, engine, user):
        """Removes the fresh user again, as the master user over verified TLS."""
        host, ca = ENV["SIGNET_EMU_HOST"], ENV["SIGNET_EMU_CA"]
        if engine == "mariadb":
            import pymysql
            connection = pymysql.connect(host=host, port=int(ENV["SIGNET_EMU_MYSQL_PORT"]),
                                         user=ENV["SIGNET_EMU_MYSQL_MASTER_USER"],
                                         password=ENV["SIGNET_EMU_MYSQL_MASTER_PASSWORD"],
                                         ssl={"ca": ca, "check_hostname": True})
            with connection.cursor() as cursor:
                cursor.execute("DROP USER IF EXISTS '%s'@'%%'" % user)
            connection.close()
        else:
            import psycopg2
            connection = psycopg2.connect(host=host, port=int(ENV["SIGNET_EMU_PG_PORT"]), dbname="postgres",
                                          user=ENV["SIGNET_EMU_PG_MASTER_USER"],
                                          password=ENV["SIGNET_EMU_PG_MASTER_PASSWORD"],
                                          sslmode="verify-full", sslrootcert=ca)
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute('REVOKE ALL ON DATABASE "%s" FROM "%s"' % (ENV.get("SIGNET_EMU_DATABASE", "signet"), user))
                cursor.execute('DROP ROLE IF EXISTS "%s"' % user)
            connection.close()

    def run_setup(self, engine, port, master_password, setup_extra):
        user = "setup_%s" % secrets.token_hex(4)
        if not policy_allows(user):
            raise unittest.SkipTest("the emulator's identity policy does not allow a fresh user (%s)" % user)
        database = ENV.get("SIGNET_EMU_DATABASE", "signet")
        added = self.signet("profiles", "add", "--name", "fresh-" + engine, "--engine", engine,
                            "--host", ENV["SIGNET_EMU_HOST"], "--port", port, "--region", ENV["SIGNET_EMU_REGION"],
                            "--user", user, "--database", database, "--ca", ENV["SIGNET_EMU_CA"],
                            "--credentials", "environment")
        self.assertEqual(added.returncode, 0, added.stderr)
        try:
            before = self.signet("exec", "fresh-" + engine, "-e", "select 1")
            self.assertNotEqual(before.returncode, 0, "a fresh user logged in before the setup")

            preview = self.signet("setup", "fresh-" + engine, "--json")
            self.assertEqual(preview.returncode, 1, preview.stderr)
            steps = {s["step"]: s for s in json.loads(preview.stdout)["steps"]}
            self.assertEqual(steps["iam-auth"]["state"], "missing")
            self.assertIn("ModifyDBInstance", "\n".join(steps["iam-auth"]["change"]["requests"]))
            self.assertEqual(steps["policy"]["state"], "missing")
            self.assertEqual(steps["login"]["state"], "missing")

            applied = self.signet("setup", "fresh-" + engine, "--apply", "--yes", "--grant-database", database,
                                  *setup_extra[0], extra=setup_extra[1])
            self.assertEqual(applied.returncode, 0, applied.stdout + applied.stderr)
            self.assertIn("IAM login to fresh-%s works." % engine, applied.stdout)
            self.assertIn("done: ModifyDBInstance", applied.stdout)
            self.assertIn("done: CreatePolicy: created", applied.stdout)
            self.assertIn("done: ran: CREATE USER", applied.stdout)

            after = self.signet("exec", "fresh-" + engine, "-e", "select 1")
            self.assertEqual(after.returncode, 0, after.stderr)

            again = self.signet("setup", "fresh-" + engine, "--json")
            self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
            self.assertTrue(json.loads(again.stdout)["ok"])
        finally:
            self.drop(engine, user)
        for text in self.outputs:
            self.assertNotIn(master_password, text)
        for folder, _, files in os.walk(self.home.name):
            for name in files:
                with open(os.path.join(folder, name), "rb") as f:
                    self.assertNotIn(master_password.encode(), f.read(), os.path.join(folder, name))

    def test_mariadb_with_the_managed_secret(self):
        self.run_setup("mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_MASTER_PASSWORD"], ([], {}))

    def test_postgres_with_the_password_variable(self):
        password = ENV["SIGNET_EMU_PG_MASTER_PASSWORD"]
        self.run_setup("postgres", ENV["SIGNET_EMU_PG_PORT"], password,
                       (["--master-user", ENV["SIGNET_EMU_PG_MASTER_USER"]], {"SIGNET_MASTER_PASSWORD": password}))


if __name__ == "__main__":
    missing = [name for name in NEEDED + ["SIGNET_BIN"] if not ENV.get(name)]
    if missing:
        print("skipped: %s not set (start the emulator and load `emulator env`)" % ", ".join(missing))
        sys.exit(77)
    result = unittest.main(exit=False, verbosity=2).result
    if result.wasSuccessful() and len(result.skipped) == result.testsRun:
        sys.exit(77)
    sys.exit(0 if result.wasSuccessful() else 1)
