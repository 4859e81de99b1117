#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the emulator's token verifier against botocore (Debian python3-botocore).

botocore's generate_db_auth_token is the reference signer here: the verifier must accept
everything it produces (random users, hosts, ports, regions, session tokens, clocks) and
reject every broken variant with the right reason. No servers needed.

DSQL tokens (verify_dsql) come from botocore's presigner too: Debian's botocore 1.29 predates
generate_db_connect_auth_token, so dsql_token() makes the same generate_presigned_url call that
newer botocore's function makes (signing name dsql, body {"Action": ...}, the host alone).

Run: /usr/bin/python3 tests/emulator/test_verifier.py   (SIGNET_VERIFIER_ROUNDS=N for more)
"""

import datetime
import json
import os
import random
import string
import sys
import tempfile
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import verifier  # noqa: E402

# Pinning botocore's clock needs its pure-Python signer: when awscrt is installed botocore
# signs with the CRT instead (checked separately in test_crt_signer_tokens).
CRT_WANTED = os.environ.get("BOTO_DISABLE_CRT")
os.environ["BOTO_DISABLE_CRT"] = "true"
try:
    import botocore.auth
    import botocore.credentials
    import botocore.session
    from botocore.signers import prepare_request_dict
except ImportError:  # pragma: no cover
    sys.stderr.write("test_verifier: botocore missing: apt-get install python3-botocore "
                     "(and run with /usr/bin/python3)\n")
    sys.exit(1)

ROUNDS = int(os.environ.get("SIGNET_VERIFIER_ROUNDS", "1000"))
SEED = int(os.environ.get("SIGNET_VERIFIER_SEED", str(random.randrange(1 << 30))))
ACCOUNT = "123456789012"
REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "eu-west-3", "ap-southeast-2", "sa-east-1",
           "ca-central-1", "me-south-1", "af-south-1", "ap-northeast-3", "us-gov-west-1", "cn-north-1"]
ODD = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~éüß日本\u00a0"


class FrozenClock:
    """Pins botocore.auth's notion of 'now' (it calls datetime.datetime.utcnow())."""

    def __init__(self, when):
        self.when = when

    def __enter__(self):
        when = self.when

        class _DT(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return when

        class _Mod:
            pass
        _Mod.datetime = _DT
        _Mod.timedelta = datetime.timedelta
        _Mod.timezone = datetime.timezone

        self.saved = botocore.auth.datetime
        botocore.auth.datetime = _Mod
        return self

    def __exit__(self, *exc):
        botocore.auth.datetime = self.saved


_SESSION = botocore.session.get_session()
_CLIENTS = {}
_CALLS = [0]
FRESH_EVERY = 40


def rds_client(region, key, secret, session_token=None):
    """An RDS client of botocore's signing with these credentials.

    create_client costs about 10 ms (it builds the whole RDS API each time), far more than signing,
    so one client per region is kept and given each case's credentials the way create_client does
    (a Credentials object on its request signer). Every FRESH_EVERY-th token is also made by a fresh
    client and must be the same (same_as_fresh_client)."""
    client = _CLIENTS.get(region)
    if client is None:
        client = _CLIENTS[region] = _SESSION.create_client("rds", region_name=region)
    client._request_signer._credentials = botocore.credentials.Credentials(key, secret, session_token)
    return client


def same_as_fresh_client(make, region, key, secret, session_token):
    """Runs make(client) with the kept client and, now and then, with a fresh one too."""
    token = make(rds_client(region, key, secret, session_token))
    _CALLS[0] += 1
    if _CALLS[0] % FRESH_EVERY == 1:
        _SESSION.set_credentials(key, secret, session_token)
        fresh = make(_SESSION.create_client("rds", region_name=region))
        if fresh != token:
            raise AssertionError("the kept RDS client signs differently from a fresh one:\n%s\n%s" % (token, fresh))
    return token


def botocore_token(host, port, user, region, key, secret, session_token=None, when=None, expires=None):
    when = when or datetime.datetime.utcnow().replace(microsecond=0)
    return same_as_fresh_client(lambda client: _rds_token(client, host, port, user, region, when, expires),
                                region, key, secret, session_token)


def _rds_token(client, host, port, user, region, when, expires):
    with FrozenClock(when):
        if expires is None:
            return client.generate_db_auth_token(host, port, user, Region=region)
        # same as generate_db_auth_token, with another X-Amz-Expires
        request_dict = {"url_path": "/", "query_string": "", "headers": {},
                        "body": {"Action": "connect", "DBUser": user}, "method": "GET"}
        prepare_request_dict(request_dict, "https://%s:%d" % (host, port))
        url = client._request_signer.generate_presigned_url(
            operation_name="connect", request_dict=request_dict, region_name=region,
            expires_in=expires, signing_name="rds-db")
        return url[len("https://"):]


def epoch(dt):
    return dt.replace(tzinfo=datetime.timezone.utc).timestamp()


def rand_user(rng):
    n = rng.randint(1, 32)
    alphabet = string.ascii_letters + string.digits + "_" * 5 + ODD
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_host(rng):
    kind = rng.random()
    if kind < 0.1:
        return "localhost"
    if kind < 0.2:
        return "%d.%d.%d.%d" % tuple(rng.randint(1, 254) for _ in range(4))
    labels = []
    for _ in range(rng.randint(1, 5)):
        n = rng.randint(1, 12)
        lab = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))
        if n > 2 and rng.random() < 0.3:
            lab = lab[0] + "-" + lab[2:]
        labels.append(lab)
    if rng.random() < 0.3:
        labels += ["cluster-" + "".join(rng.choice("abcdef0123456789") for _ in range(12)),
                   rng.choice(REGIONS), "rds", "amazonaws", "com"]
    return ".".join(labels)


def rand_port(rng):
    return rng.choice([443, 80, 3306, 5432, 13306, 15432, 1, 65535, rng.randint(1, 65535)])


def rand_key(rng, prefix="AKIA"):
    return prefix + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))


def rand_secret(rng):
    return "".join(rng.choice(string.ascii_letters + string.digits + "/+") for _ in range(40))


def rand_session_token(rng):
    n = rng.choice([16, 300, 800, 1100, 1700, 2400])
    return "".join(rng.choice(string.ascii_letters + string.digits + "/+=") for _ in range(n))


def rand_when(rng):
    t = rng.randint(946684800, 2082758399)  # 2000 .. 2035
    return datetime.datetime.utcfromtimestamp(t)


def identities_for(key, secret, session_token=None, expiration=None, policy=None, region="*"):
    ident = {"name": "t", "access_key_id": key, "secret_access_key": secret, "account": ACCOUNT,
             "policy": policy if policy is not None else [
                 {"Effect": "Allow", "Action": "rds-db:connect", "Resource": "arn:aws:rds-db:*:*:dbuser:*/*"}]}
    if session_token:
        ident["session_token"] = session_token
    if expiration is not None:
        ident["expiration"] = expiration
    return {"version": 1, "account": ACCOUNT, "identities": [ident]}


def reason_of(token, user, **kw):
    try:
        verifier.verify(token, user, **kw)
        return "ok"
    except verifier.Reject as r:
        return r.code


def replace_param(token, name, value):
    endpoint, _, query = token.partition("/?")
    parts = []
    for p in query.split("&"):
        k, _, v = p.partition("=")
        if k == name:
            v = urllib.parse.quote(value, safe="-_.~")
        parts.append("%s=%s" % (k, v))
    return endpoint + "/?" + "&".join(parts)


class RandomCase:
    def __init__(self, rng):
        self.host = rand_host(rng)
        self.port = rand_port(rng)
        self.user = rand_user(rng)
        self.region = rng.choice(REGIONS)
        self.session = rand_session_token(rng) if rng.random() < 0.5 else None
        self.key = rand_key(rng, "ASIA" if self.session else "AKIA")
        self.secret = rand_secret(rng)
        self.when = rand_when(rng)
        self.token = botocore_token(self.host, self.port, self.user, self.region, self.key, self.secret,
                                    self.session, self.when)
        self.ids = identities_for(self.key, self.secret, self.session)
        self.now = epoch(self.when) + rng.randint(0, 900)

    def kw(self, **over):
        kw = dict(region=self.region, host=self.host, port=self.port, identities=self.ids, now=self.now)
        kw.update(over)
        return kw

    def __repr__(self):
        return "host=%r port=%r user=%r region=%r session=%s when=%s" % (
            self.host, self.port, self.user, self.region, bool(self.session), self.when)


class TestAgainstBotocore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rng = random.Random(SEED)
        cls.cases = [RandomCase(rng) for _ in range(ROUNDS)]

    def test_accepts_everything_botocore_makes(self):
        for c in self.cases:
            self.assertEqual(reason_of(c.token, c.user, **c.kw()), "ok", "seed %d: %r\n%s" % (SEED, c, c.token))

    def test_token_layout_matches_botocore(self):
        for c in self.cases[:20]:
            host, port, params = verifier.parse_token(c.token)
            self.assertEqual(host, c.host)
            self.assertEqual(port, c.port)
            self.assertEqual(params["DBUser"], c.user)
            self.assertEqual(params["X-Amz-Expires"], "900")
            self.assertEqual(params.get("X-Amz-Security-Token"), c.session)
            self.assertTrue(c.token.startswith("%s:%d/?Action=connect&DBUser=" % (c.host, c.port)))

    def test_rejects_broken_variants(self):
        rng = random.Random(SEED + 1)
        for c in self.cases[: max(30, ROUNDS // 5)]:
            msg = "seed %d: %r" % (SEED, c)
            sig = verifier.parse_token(c.token)[2]["X-Amz-Signature"]
            i = rng.randrange(64)
            bad = sig[:i] + ("0" if sig[i] != "0" else "1") + sig[i + 1:]
            self.assertEqual(reason_of(c.token.replace(sig, bad), c.user, **c.kw()), "bad_signature", msg)
            self.assertEqual(reason_of(c.token, c.user + "x", **c.kw()), "user_mismatch", msg)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(host="x" + c.host)), "host_mismatch", msg)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(port=c.port % 65535 + 1)), "port_mismatch", msg)
            other_region = rng.choice([r for r in REGIONS if r != c.region])
            self.assertEqual(reason_of(c.token, c.user, **c.kw(region=other_region)), "region_mismatch", msg)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(now=epoch(c.when) + 901)), "expired", msg)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(now=epoch(c.when) - 301)), "future_date", msg)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(now=epoch(c.when) - 299)), "ok", msg)
            other = identities_for(rand_key(rng), c.secret, c.session)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(identities=other)), "unknown_access_key", msg)
            wrong_secret = identities_for(c.key, rand_secret(rng), c.session)
            self.assertEqual(reason_of(c.token, c.user, **c.kw(identities=wrong_secret)), "bad_signature", msg)
            # re-pointing the token at another user (without re-signing) breaks the signature
            other_user = c.user + "2"
            self.assertEqual(reason_of(replace_param(c.token, "DBUser", other_user), other_user, **c.kw()),
                             "bad_signature", msg)
            if c.session:
                no_st = identities_for(c.key, c.secret, None)
                self.assertEqual(reason_of(c.token, c.user, **c.kw(identities=no_st)), "session_token_mismatch", msg)
                tampered = replace_param(c.token, "X-Amz-Security-Token", c.session[:-1] + "Q")
                if tampered != c.token:
                    self.assertEqual(reason_of(tampered, c.user, **c.kw()), "session_token_mismatch", msg)
                exp = datetime.datetime.utcfromtimestamp(c.now - 1).strftime("%Y-%m-%dT%H:%M:%SZ")
                expired = identities_for(c.key, c.secret, c.session, expiration=exp)
                self.assertEqual(reason_of(c.token, c.user, **c.kw(identities=expired)), "credentials_expired", msg)
                later = datetime.datetime.utcfromtimestamp(c.now + 60).strftime("%Y-%m-%dT%H:%M:%SZ")
                valid = identities_for(c.key, c.secret, c.session, expiration=later)
                self.assertEqual(reason_of(c.token, c.user, **c.kw(identities=valid)), "ok", msg)
            else:
                with_st = identities_for(c.key, c.secret, "abc")
                self.assertEqual(reason_of(c.token, c.user, **c.kw(identities=with_st)), "session_token_mismatch", msg)


CRT_SCRIPT = r"""
import json, sys, botocore.session
out = []
s = botocore.session.get_session()
for c in json.load(sys.stdin):
    s.set_credentials(c["key"], c["secret"], c["session"])
    cl = s.create_client("rds", region_name=c["region"])
    out.append(cl.generate_db_auth_token(c["host"], c["port"], c["user"], Region=c["region"]))
print(json.dumps({"crt": botocore.compat.HAS_CRT, "tokens": out}))
"""


class TestCrtSigner(unittest.TestCase):
    def test_crt_signer_tokens(self):
        """botocore with awscrt installed signs through the AWS CRT: a second reference signer."""
        import subprocess
        try:
            import awscrt.auth  # noqa: F401
        except ImportError:
            self.skipTest("python3-awscrt not installed")
        rng = random.Random(SEED + 2)
        cases = []
        for _ in range(min(ROUNDS, 200)):
            session = rand_session_token(rng) if rng.random() < 0.5 else None
            cases.append({"host": rand_host(rng), "port": rand_port(rng), "user": rand_user(rng),
                          "region": rng.choice(REGIONS), "key": rand_key(rng, "ASIA" if session else "AKIA"),
                          "secret": rand_secret(rng), "session": session})
        env = dict(os.environ, BOTO_DISABLE_CRT="false")
        p = subprocess.run([sys.executable, "-c", CRT_SCRIPT], input=json.dumps(cases), env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        res = json.loads(p.stdout)
        self.assertTrue(res["crt"])
        for c, token in zip(cases, res["tokens"]):
            ids = identities_for(c["key"], c["secret"], c["session"])
            self.assertEqual(reason_of(token, c["user"], region=c["region"], host=c["host"], port=c["port"],
                                       identities=ids), "ok", "seed %d: %r\n%s" % (SEED, c, token))


class TestSpecifics(unittest.TestCase):
    KEY = "AKIAIOSFODNN7EXAMPLE"
    SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    WHEN = datetime.datetime(2026, 3, 4, 5, 6, 7)

    def tok(self, host="db.example.com", port=5432, user="iam_user", region="us-east-1", **kw):
        return botocore_token(host, port, user, region, self.KEY, self.SECRET, when=self.WHEN, **kw)

    def kw(self, **over):
        kw = dict(region="us-east-1", host="db.example.com", port=5432,
                  identities=identities_for(self.KEY, self.SECRET), now=epoch(self.WHEN) + 10)
        kw.update(over)
        return kw

    def test_port_443_and_host_case(self):
        # botocore drops :443 from the signed Host header and signs the host in lower case
        t = self.tok(host="DB.Example.COM", port=443)
        self.assertTrue(t.startswith("DB.Example.COM:443/?"))
        self.assertEqual(reason_of(t, "iam_user", **self.kw(host="db.example.com", port=443)), "ok")
        t = self.tok(host="Db.Example.Com", port=80)
        self.assertEqual(reason_of(t, "iam_user", **self.kw(port=80)), "ok")

    def test_other_expires_values(self):
        for e in (1, 60, 899, 900):
            t = self.tok(expires=e)
            self.assertEqual(reason_of(t, "iam_user", **self.kw(now=epoch(self.WHEN) + e)), "ok", e)
            self.assertEqual(reason_of(t, "iam_user", **self.kw(now=epoch(self.WHEN) + e + 1)), "expired", e)
        for e in (901, 3600):
            self.assertEqual(reason_of(self.tok(expires=e), "iam_user", **self.kw()), "bad_expires", e)

    def test_malformed(self):
        good = self.tok()
        for bad in ["", "secret-password", "db.example.com:5432/", "db.example.com/?Action=connect",
                    good.replace("/?", "?"), good.replace("X-Amz-Signature=", "X-Amz-Sig="),
                    good + "&Action=connect", good.replace("&", " &", 1)]:
            self.assertEqual(reason_of(bad, "iam_user", **self.kw()), "malformed", bad)

    def test_action_algorithm_service(self):
        t = self.tok()
        self.assertEqual(reason_of(t.replace("Action=connect", "Action=Connect"), "iam_user", **self.kw()),
                         "bad_action")
        self.assertEqual(reason_of(t.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"), "iam_user", **self.kw()),
                         "bad_algorithm")
        self.assertEqual(reason_of(t.replace("%2Frds-db%2F", "%2Frds%2F"), "iam_user", **self.kw()),
                         "service_mismatch")
        self.assertEqual(reason_of(t.replace("SignedHeaders=host", "SignedHeaders=host%3Bx"), "iam_user",
                                   **self.kw()), "bad_signed_headers")

    def test_policy(self):
        t = self.tok(user="alice")
        arn_base = "arn:aws:rds-db:us-east-1:%s:dbuser:" % ACCOUNT

        def r(policy, resource_id="db-ABC"):
            ids = identities_for(self.KEY, self.SECRET, policy=policy)
            return reason_of(t, "alice", **self.kw(identities=ids, resource_id=resource_id))

        allow = lambda res, act="rds-db:connect": {"Effect": "Allow", "Action": act, "Resource": res}  # noqa
        self.assertEqual(r([allow(arn_base + "db-ABC/alice")]), "ok")
        self.assertEqual(r([allow(arn_base + "*/alice")]), "ok")
        self.assertEqual(r([allow(arn_base + "db-ABC/al?ce")]), "ok")
        self.assertEqual(r([allow("*", "rds-db:*")]), "ok")
        self.assertEqual(r([allow(arn_base + "db-ABC/bob")]), "not_authorized")
        self.assertEqual(r([allow(arn_base + "db-XYZ/alice")]), "not_authorized")
        self.assertEqual(r([allow("arn:aws:rds-db:eu-west-1:%s:dbuser:*/alice" % ACCOUNT)]), "not_authorized")
        self.assertEqual(r([allow(arn_base + "*/alice", "rds:Describe*")]), "not_authorized")
        self.assertEqual(r([]), "not_authorized")
        self.assertEqual(r([allow(arn_base + "*/*"),
                            {"Effect": "Deny", "Action": "rds-db:connect", "Resource": arn_base + "*/alice"}]),
                         "not_authorized")

    def test_decision_log_keeps_secrets_out(self):
        session = "FQoGZXIvYXdzE" + "x" * 1200
        t = botocore_token("localhost", 15432, "iam_user", "us-east-1", "ASIAEXAMPLEEXAMPLE22", self.SECRET,
                           session_token=session)
        with tempfile.TemporaryDirectory() as d:
            ids_path = os.path.join(d, "identities.json")
            with open(ids_path, "w") as f:
                json.dump(identities_for("ASIAEXAMPLEEXAMPLE22", self.SECRET, session), f)
            cfg = {"region": "us-east-1", "identities": ids_path, "log": os.path.join(d, "log"),
                   "engines": {"pg": {"host": "localhost", "port": 15432, "resource_id": "db-X"}}}
            self.assertEqual(verifier.check_login(cfg, "pg", "iam_user", t, True), (True, "ok"))
            self.assertEqual(verifier.check_login(cfg, "pg", "iam_user", t, False), (False, "not_tls"))
            self.assertEqual(verifier.check_login(cfg, "pg", "bob", t, True), (False, "user_mismatch"))
            # identities file is re-read on each check
            with open(ids_path, "w") as f:
                json.dump(identities_for("AKIAOTHER", self.SECRET), f)
            self.assertEqual(verifier.check_login(cfg, "pg", "iam_user", t, True), (False, "unknown_access_key"))
            with open(cfg["log"]) as f:
                text = f.read()
            lines = [json.loads(x) for x in text.splitlines()]
        self.assertEqual([x["reason"] for x in lines], ["ok", "not_tls", "user_mismatch", "unknown_access_key"])
        self.assertEqual([x["tls"] for x in lines], [True, False, True, True])
        self.assertEqual(lines[1]["token_reason"], "ok")
        sig = verifier.parse_token(t)[2]["X-Amz-Signature"]
        for secret in (sig, session[:40], self.SECRET, "X-Amz-Signature"):
            self.assertNotIn(secret, text)
        for x in lines:
            for field in ("time", "engine", "user", "endpoint", "tls", "decision", "reason", "message",
                          "access_key_id"):
                self.assertIn(field, x)


DSQL_ID = "abcdefghijklmnopqrstuvwxyz"


def dsql_token(host, action, region, key, secret, session_token=None, when=None, expires=900):
    """A DSQL token as botocore's RDS generate_db_connect_auth_token makes it."""
    when = when or datetime.datetime.utcnow().replace(microsecond=0)
    return same_as_fresh_client(lambda client: _dsql_token(client, host, action, region, when, expires),
                                region, key, secret, session_token)


def _dsql_token(client, host, action, region, when, expires):
    with FrozenClock(when):
        request_dict = {"url_path": "/", "query_string": "", "headers": {},
                        "body": {"Action": action}, "method": "GET"}
        prepare_request_dict(request_dict, "https://%s" % host)
        url = client._request_signer.generate_presigned_url(
            operation_name=action, request_dict=request_dict, region_name=region,
            expires_in=expires, signing_name="dsql")
        return url[len("https://"):]


def dsql_identities(key, secret, session_token=None, actions=("dsql:DbConnect", "dsql:DbConnectAdmin"),
                    resource="arn:aws:dsql:*:*:cluster/*"):
    return identities_for(key, secret, session_token,
                          policy=[{"Effect": "Allow", "Action": list(actions), "Resource": resource}])


def sorted_params(token):
    """The same token with its parameters sorted by name, as Signet and AWS's JS signer write it."""
    endpoint, _, query = token.partition("/?")
    return endpoint + "/?" + "&".join(sorted(query.split("&"), key=lambda p: p.partition("=")[0]))


class TestDsql(unittest.TestCase):
    KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    WHEN = datetime.datetime(2024, 5, 1, 12, 0, 0)
    HOST = DSQL_ID + ".dsql.us-east-1.on.aws"

    def kw(self, **over):
        kw = dict(region="us-east-1", host=self.HOST, identities=dsql_identities(self.KEY, self.SECRET),
                  now=epoch(self.WHEN) + 10, cluster_id=DSQL_ID)
        kw.update(over)
        return kw

    def tok(self, action="DbConnect", **over):
        args = dict(host=self.HOST, action=action, region="us-east-1", key=self.KEY, secret=self.SECRET,
                    when=self.WHEN)
        args.update(over)
        return dsql_token(**args)

    def reason(self, token, user, **over):
        try:
            verifier.verify_dsql(token, user, **self.kw(**over))
            return "ok"
        except verifier.Reject as r:
            return r.code

    def test_accepts_random_botocore_tokens(self):
        rng = random.Random(SEED)
        for _ in range(max(50, ROUNDS // 4)):
            region = rng.choice(REGIONS)
            cluster = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(26))
            host = "%s.dsql.%s.on.aws" % (cluster, region)
            user = rng.choice(["admin", "app", "reader", rand_user(rng)])
            session = rand_session_token(rng) if rng.random() < 0.5 else None
            key = rand_key(rng, "ASIA" if session else "AKIA")
            secret = rand_secret(rng)
            when = rand_when(rng)
            expires = rng.choice([1, 900, 3600, 604800, rng.randint(1, 604800)])
            token = dsql_token(host, verifier.dsql_action_for(user), region, key, secret, session, when, expires)
            ids = dsql_identities(key, secret, session)
            now = epoch(when) + rng.randint(0, expires)
            for t in (token, sorted_params(token)):
                self.assertEqual(self.reason(t, user, region=region, host=host, identities=ids, now=now,
                                             cluster_id=cluster), "ok", "seed %d: %s %s" % (SEED, host, user))

    def test_token_layout(self):
        t = self.tok()
        self.assertTrue(t.startswith(self.HOST + "/?Action=DbConnect&X-Amz-Algorithm="), t)
        host, params = verifier.parse_dsql_token(t)
        self.assertEqual(host, self.HOST)
        self.assertNotIn("DBUser", params)
        self.assertEqual(params["X-Amz-Credential"].split("/")[2:4], ["us-east-1", "dsql"])

    def test_action_by_role(self):
        self.assertEqual(self.reason(self.tok("DbConnectAdmin"), "admin"), "ok")
        self.assertEqual(self.reason(self.tok("DbConnect"), "app"), "ok")
        self.assertEqual(self.reason(self.tok("DbConnect"), "admin"), "action_mismatch")
        self.assertEqual(self.reason(self.tok("DbConnectAdmin"), "app"), "action_mismatch")
        # Role names are case-sensitive: "Admin" is not the built-in admin role.
        self.assertEqual(self.reason(self.tok("DbConnectAdmin"), "Admin"), "action_mismatch")
        self.assertEqual(self.reason(self.tok("connect"), "app"), "bad_action")
        with self.assertRaises(verifier.Reject) as raised:
            verifier.verify_dsql(self.tok("DbConnectAdmin"), "app", **self.kw())
        self.assertIn("needs DbConnect", raised.exception.detail)

    def test_expiry_window(self):
        base = epoch(self.WHEN)
        for e in (1, 900, 604800):
            t = self.tok(expires=e)
            self.assertEqual(self.reason(t, "app", now=base + e), "ok", e)
            self.assertEqual(self.reason(t, "app", now=base + e + 1), "expired", e)
        self.assertEqual(self.reason(self.tok(expires=604801), "app"), "bad_expires")
        self.assertEqual(self.reason(self.tok(), "app", now=base - verifier.DEFAULT_SKEW - 1), "future_date")

    def test_host_region_service_signature(self):
        t = self.tok()
        self.assertEqual(self.reason(t, "app", host="zzz.dsql.us-east-1.on.aws"), "host_mismatch")
        self.assertEqual(self.reason(t, "app", host=self.HOST.upper()), "ok")
        self.assertEqual(self.reason(t, "app", region="eu-west-1"), "region_mismatch")
        self.assertEqual(self.reason(t.replace("%2Fdsql%2F", "%2Frds-db%2F"), "app"), "service_mismatch")
        sig = verifier.parse_dsql_token(t)[1]["X-Amz-Signature"]
        self.assertEqual(self.reason(t.replace(sig, sig[::-1]), "app"), "bad_signature")
        self.assertEqual(self.reason(t, "app", identities=dsql_identities(self.KEY, "x" * 40)), "bad_signature")
        self.assertEqual(self.reason(self.tok(session_token="a/b+c="), "app"), "session_token_mismatch")
        # A token for another host signed correctly is still refused by the host check.
        other = self.tok(host="zzz.dsql.us-east-1.on.aws")
        self.assertEqual(self.reason(other, "app"), "host_mismatch")

    def test_malformed(self):
        t = self.tok()
        rds = botocore_token(self.HOST, 5432, "app", "us-east-1", self.KEY, self.SECRET, when=self.WHEN)
        for bad in ["", "password", self.HOST + "/", t.replace("/?", ":5432/?"), rds,
                    t + "&DBUser=app", t.replace("X-Amz-Signature=", "X-Amz-Sig=")]:
            self.assertEqual(self.reason(bad, "app"), "malformed", bad[:60])

    def test_policy(self):
        arn = "arn:aws:dsql:us-east-1:%s:cluster/%s" % (ACCOUNT, DSQL_ID)

        def r(user, actions, resource=arn):
            action = verifier.dsql_action_for(user)
            return self.reason(self.tok(action), user,
                               identities=dsql_identities(self.KEY, self.SECRET, actions=actions, resource=resource))

        self.assertEqual(r("app", ["dsql:DbConnect"]), "ok")
        self.assertEqual(r("admin", ["dsql:DbConnectAdmin"]), "ok")
        self.assertEqual(r("admin", ["dsql:DbConnect"]), "not_authorized")
        self.assertEqual(r("app", ["dsql:DbConnectAdmin"]), "not_authorized")
        self.assertEqual(r("app", ["dsql:*"]), "ok")
        self.assertEqual(r("app", ["rds-db:connect"]), "not_authorized")
        self.assertEqual(r("app", ["dsql:DbConnect"], arn.replace(DSQL_ID, "other")), "not_authorized")
        self.assertEqual(r("app", ["dsql:DbConnect"], arn.replace("us-east-1", "eu-west-1")), "not_authorized")

    def test_check_login_dsql_flavor(self):
        session = "FQoGZXIvYXdzE" + "y" * 1200
        t = self.tok("DbConnectAdmin", key="ASIAEXAMPLEEXAMPLE33", session_token=session,
                     when=datetime.datetime.utcnow().replace(microsecond=0))
        with tempfile.TemporaryDirectory() as d:
            ids_path = os.path.join(d, "identities.json")
            with open(ids_path, "w") as f:
                json.dump(dsql_identities("ASIAEXAMPLEEXAMPLE33", self.SECRET, session), f)
            cfg = {"region": "us-east-1", "identities": ids_path, "log": os.path.join(d, "log"),
                   "engines": {"dsql": {"flavor": "dsql", "host": self.HOST, "port": 15433,
                                        "cluster_id": DSQL_ID}}}
            self.assertEqual(verifier.check_login(cfg, "dsql", "admin", t, True), (True, "ok"))
            self.assertEqual(verifier.check_login(cfg, "dsql", "app", t, True), (False, "action_mismatch"))
            with open(cfg["log"]) as f:
                text = f.read()
        lines = [json.loads(x) for x in text.splitlines()]
        self.assertEqual([x["reason"] for x in lines], ["ok", "action_mismatch"])
        self.assertEqual(lines[0]["token_action"], "DbConnectAdmin")
        self.assertEqual(lines[0]["resource"], "arn:aws:dsql:us-east-1:%s:cluster/%s" % (ACCOUNT, DSQL_ID))
        self.assertIn("DbConnect", lines[1]["message"])
        sig = verifier.parse_dsql_token(t)[1]["X-Amz-Signature"]
        for secret in (sig, session[:40], self.SECRET):
            self.assertNotIn(secret, text)


if __name__ == "__main__":
    sys.stderr.write("test_verifier: seed %d, %d random tokens\n" % (SEED, ROUNDS))
    unittest.main(verbosity=1)
