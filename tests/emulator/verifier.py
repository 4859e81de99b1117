#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""RDS IAM authentication-token verifier for the Signet emulator.

Written independently of Signet's C++ signer, with the Python 3 standard
library only (hmac, hashlib, urllib), so that a bug in the signer cannot hide
in the oracle.  It checks a token the way Amazon RDS does:

  * token syntax  HOST:PORT/?Action=connect&DBUser=...&X-Amz-...
  * Action=connect, DBUser equals the login user, HOST:PORT equals the
    server's endpoint, credential scope = <date>/<region>/rds-db/aws4_request
  * X-Amz-Date not in the future beyond the allowed skew, not older than
    X-Amz-Expires (1..900 seconds)
  * the SigV4 query-string signature, recomputed with the secret of the
    access key found in the identities file (re-read on every check), the
    session token and expiry of temporary credentials
  * the identity's rds-db:connect policy for
    arn:aws:rds-db:REGION:ACCOUNT:dbuser:RESOURCE_ID/USER

A second entry point, verify_dsql(), checks Aurora DSQL tokens the way DSQL
does: HOST/?Action=DbConnect|DbConnectAdmin&X-Amz-... (no port, no user; the
action follows the login role: admin -> DbConnectAdmin, any other ->
DbConnect), service dsql, X-Amz-Expires 1..604800, the same signature and
identity checks, and the dsql:DbConnect[Admin] policy for
arn:aws:dsql:REGION:ACCOUNT:cluster/CLUSTER_ID.  An engine whose config has
"flavor": "dsql" is checked this way.

Every decision is appended to the decision log as one JSON line (never the
token, its signature, a session token or a secret).

Command line:
  verifier.py pam   --config FILE --engine mysql|pg|dsql (PAM_USER, PAM_AUTHTOK from env; exit 0 = allow)
  verifier.py check --config FILE --engine E --user U [--tls yes|no] TOKEN   (prints the decision)
"""

import datetime
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "rds-db"
MAX_EXPIRES = 900
DSQL_SERVICE = "dsql"
DSQL_MAX_EXPIRES = 604800
DSQL_ADMIN_ROLE = "admin"
DEFAULT_SKEW = 300
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

REASONS = {
    "ok": "token accepted",
    "malformed": "the password is not an RDS IAM authentication token",
    "bad_action": "Action is not 'connect' (RDS) or not DbConnect/DbConnectAdmin (DSQL)",
    "action_mismatch": "the token's action does not fit the role: admin needs DbConnectAdmin, "
                       "every other role DbConnect",
    "bad_algorithm": "X-Amz-Algorithm is not AWS4-HMAC-SHA256",
    "bad_signed_headers": "X-Amz-SignedHeaders is not 'host'",
    "user_mismatch": "DBUser in the token differs from the login user",
    "host_mismatch": "the token was signed for another host",
    "port_mismatch": "the token was signed for another port",
    "bad_scope": "the credential scope is malformed or its date differs from X-Amz-Date",
    "region_mismatch": "the credential scope names another region",
    "service_mismatch": "the credential scope names a service other than rds-db (RDS) or dsql (DSQL)",
    "bad_expires": "X-Amz-Expires is missing or outside 1..900 (RDS) or 1..604800 (DSQL)",
    "bad_date": "X-Amz-Date is malformed",
    "future_date": "X-Amz-Date is in the future beyond the allowed clock skew",
    "expired": "the token has expired (X-Amz-Date + X-Amz-Expires is in the past)",
    "unknown_access_key": "the access key id is not known",
    "session_token_mismatch": "the session token is missing, unexpected or wrong for this access key",
    "credentials_expired": "the temporary credentials used to sign the token have expired",
    "bad_signature": "the signature does not match",
    "not_authorized": "the identity's policy does not allow rds-db:connect (RDS) or dsql:DbConnect[Admin] "
                      "(DSQL) for this login",
    "not_tls": "a token arrived over a connection without TLS (it crossed the network in clear)",
    "tls_unknown": "could not determine whether the connection uses TLS",
    "internal_error": "the verifier failed",
}


class Reject(Exception):
    def __init__(self, code, detail=""):
        super().__init__(code)
        self.code = code
        self.detail = detail


def rfc3986(s):
    return urllib.parse.quote(s, safe="-_.~")


RDS_PARAMS = ("Action", "DBUser", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
              "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature")
DSQL_PARAMS = tuple(p for p in RDS_PARAMS if p != "DBUser")


def parse_token(token):
    """Split an RDS token into (host, port, params dict). Raises Reject('malformed')."""
    endpoint, query = _split_token(token)
    host, colon, port = endpoint.rpartition(":")
    if not colon or not host or not port.isdigit() or not (0 < int(port) < 65536):
        raise Reject("malformed", "endpoint is not HOST:PORT")
    return host, int(port), _query_params(query, RDS_PARAMS)


def parse_dsql_token(token):
    """Split a DSQL token into (host, params dict). Raises Reject('malformed')."""
    host, query = _split_token(token)
    if not host or ":" in host:
        raise Reject("malformed", "endpoint is not a bare HOST (DSQL tokens name no port)")
    params = _query_params(query, DSQL_PARAMS)
    if "DBUser" in params:
        raise Reject("malformed", "DBUser in a DSQL token")
    return host, params


def _split_token(token):
    if not token or any(c.isspace() for c in token):
        raise Reject("malformed", "empty or contains whitespace")
    endpoint, sep, query = token.partition("/?")
    if not sep or not query:
        raise Reject("malformed", "no '/?' separator")
    return endpoint, query


def _query_params(query, required_names):
    params = {}
    for part in query.split("&"):
        key, eq, value = part.partition("=")
        if not eq or not key:
            raise Reject("malformed", "query parameter without '='")
        key = urllib.parse.unquote(key, errors="strict")
        value = urllib.parse.unquote(value, errors="strict")
        if key in params:
            raise Reject("malformed", "duplicate parameter " + key)
        params[key] = value
    for required in required_names:
        if required not in params:
            raise Reject("malformed", "missing " + required)
    return params


def signed_host(host, port):
    host = host.lower()
    return host if port == 443 else "%s:%d" % (host, port)


def canonical_query(params):
    pairs = sorted((rfc3986(k), rfc3986(v)) for k, v in params.items() if k != "X-Amz-Signature")
    return "&".join("%s=%s" % kv for kv in pairs)


def compute_signature(secret, host, port, params):
    """SigV4 query-presign signature of an RDS token (GET / with host header)."""
    return presigned_signature(secret, signed_host(host, port), params)


def presigned_signature(secret, host_header, params):
    """SigV4 query-presign signature of GET / with only a Host header signed."""
    cred = params["X-Amz-Credential"].split("/")
    datestamp, region, service, terminator = cred[1], cred[2], cred[3], cred[4]
    creq = "\n".join([
        "GET",
        "/",
        canonical_query(params),
        "host:" + host_header + "\n",
        "host",
        EMPTY_SHA256,
    ])
    scope = "/".join([datestamp, region, service, terminator])
    sts = "\n".join([ALGORITHM, params["X-Amz-Date"], scope,
                     hashlib.sha256(creq.encode("utf-8")).hexdigest()])
    key = ("AWS4" + secret).encode("utf-8")
    for part in (datestamp, region, service, terminator):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, sts.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_time(value):
    """ISO-8601 UTC ('2026-01-01T00:00:00Z'), or epoch seconds -> epoch seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    v = value.strip()
    if v.endswith("Z"):
        v = v[:-1] + "+00:00"
    dt = datetime.datetime.fromisoformat(v)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def wildcard_match(pattern, value):
    """IAM-style match: '*' any run of characters (including '/'), '?' one character."""
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, value, re.DOTALL) is not None


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def policy_allows(policy, action, resource):
    """policy: list of statements {Effect, Action, Resource}. Explicit Deny wins."""
    allowed = False
    for st in _as_list(policy):
        actions = _as_list(st.get("Action", st.get("action")))
        resources = _as_list(st.get("Resource", st.get("resource")))
        effect = st.get("Effect", st.get("effect", "Allow"))
        if any(wildcard_match(a.lower(), action.lower()) for a in actions) and \
                any(wildcard_match(r, resource) for r in resources):
            if effect == "Deny":
                return False
            if effect == "Allow":
                allowed = True
    return allowed


def load_identities(path):
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    return data


def find_identity(data, access_key_id):
    for ident in data.get("identities", []):
        if ident.get("access_key_id") == access_key_id:
            return ident
    return None


def verify(token, user, *, region, host, port, identities, now=None,
           resource_id="*", skew=DEFAULT_SKEW, info=None):
    """Check one RDS token. Returns None when accepted; raises Reject otherwise.

    identities: the parsed identities document (see README.md).
    info: optional dict filled with non-secret facts for the log.
    """
    if info is None:
        info = {}
    thost, tport, params = parse_token(token)
    info["token_user"] = params.get("DBUser")
    info["token_endpoint"] = "%s:%d" % (thost, tport)
    cred = _scope_of(params, info)
    if params["Action"] != "connect":
        raise Reject("bad_action")
    _check_algorithm(params)
    if params["DBUser"] != user:
        raise Reject("user_mismatch", "token DBUser %r, login user %r" % (params["DBUser"], user))
    if thost.lower() != host.lower():
        raise Reject("host_mismatch", "token host %r, server %r" % (thost, host))
    if tport != int(port):
        raise Reject("port_mismatch", "token port %d, server %d" % (tport, int(port)))
    ident = _check_signed(params, cred, region=region, service=SERVICE, max_expires=MAX_EXPIRES,
                          host_header=signed_host(thost, tport), identities=identities, now=now, skew=skew,
                          info=info)
    account = ident.get("account") or identities.get("account") or "*"
    arn = "arn:aws:rds-db:%s:%s:dbuser:%s/%s" % (region, account, resource_id, user)
    info["resource"] = arn
    if not policy_allows(ident.get("policy", []), "rds-db:connect", arn):
        raise Reject("not_authorized", "no Allow for " + arn)
    return None


def dsql_action_for(user):
    """The action a DSQL login as `user` needs: the built-in admin role, or any other."""
    return "DbConnectAdmin" if user == DSQL_ADMIN_ROLE else "DbConnect"


def verify_dsql(token, user, *, region, host, identities, now=None, cluster_id="*", skew=DEFAULT_SKEW,
                info=None):
    """Check one Aurora DSQL token for a login as `user`. Returns None or raises Reject.

    The Host header is signed as the token's URL names it (Signet and AWS's JavaScript signer
    write the same host in both places; DSQL endpoints are lower case).
    """
    if info is None:
        info = {}
    thost, params = parse_dsql_token(token)
    info["token_action"] = params.get("Action")
    info["token_endpoint"] = thost
    cred = _scope_of(params, info)
    if params["Action"] not in ("DbConnect", "DbConnectAdmin"):
        raise Reject("bad_action")
    _check_algorithm(params)
    wanted = dsql_action_for(user)
    if params["Action"] != wanted:
        raise Reject("action_mismatch", "token action %s, role %r needs %s" % (params["Action"], user, wanted))
    if thost.lower() != host.lower():
        raise Reject("host_mismatch", "token host %r, server %r" % (thost, host))
    ident = _check_signed(params, cred, region=region, service=DSQL_SERVICE, max_expires=DSQL_MAX_EXPIRES,
                          host_header=thost, identities=identities, now=now, skew=skew, info=info)
    account = ident.get("account") or identities.get("account") or "*"
    arn = "arn:aws:dsql:%s:%s:cluster/%s" % (region, account, cluster_id)
    info["resource"] = arn
    if not policy_allows(ident.get("policy", []), "dsql:" + wanted, arn):
        raise Reject("not_authorized", "no Allow of dsql:%s for %s" % (wanted, arn))
    return None


def _scope_of(params, info):
    cred = params["X-Amz-Credential"].split("/")
    info["access_key_id"] = cred[0] if cred else None
    if len(cred) != 5 or not cred[0]:
        raise Reject("bad_scope", "X-Amz-Credential does not have 5 parts")
    return cred


def _check_algorithm(params):
    if params["X-Amz-Algorithm"] != ALGORITHM:
        raise Reject("bad_algorithm")
    if params["X-Amz-SignedHeaders"] != "host":
        raise Reject("bad_signed_headers")


def _check_signed(params, cred, *, region, service, max_expires, host_header, identities, now, skew, info):
    """Scope, expiry window, identity, session token and signature; returns the identity."""
    now = time.time() if now is None else now
    access_key, datestamp, cregion, cservice, terminator = cred
    if terminator != "aws4_request" or not re.fullmatch(r"\d{8}", datestamp):
        raise Reject("bad_scope")
    if cregion != region:
        raise Reject("region_mismatch", "token region %r, server %r" % (cregion, region))
    if cservice != service:
        raise Reject("service_mismatch", "token service %r" % cservice)
    expires = params["X-Amz-Expires"]
    if not re.fullmatch(r"\d{1,%d}" % len(str(max_expires)), expires) or not (1 <= int(expires) <= max_expires):
        raise Reject("bad_expires", "X-Amz-Expires=%r" % expires)
    amzdate = params["X-Amz-Date"]
    if not re.fullmatch(r"\d{8}T\d{6}Z", amzdate):
        raise Reject("bad_date")
    try:
        signed_at = datetime.datetime.strptime(amzdate, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        raise Reject("bad_date")
    if amzdate[:8] != datestamp:
        raise Reject("bad_scope", "scope date differs from X-Amz-Date")
    if signed_at > now + skew:
        raise Reject("future_date", "signed %ds in the future" % int(signed_at - now))
    if now > signed_at + int(expires):
        raise Reject("expired", "expired %ds ago" % int(now - signed_at - int(expires)))
    ident = find_identity(identities, access_key)
    if ident is None:
        raise Reject("unknown_access_key")
    info["identity"] = ident.get("name")
    want_session = ident.get("session_token")
    got_session = params.get("X-Amz-Security-Token")
    if (want_session or None) != (got_session or None) or (
            want_session and not hmac.compare_digest(want_session.encode(), got_session.encode())):
        raise Reject("session_token_mismatch")
    expiration = parse_time(ident.get("expiration"))
    if expiration is not None and now >= expiration:
        raise Reject("credentials_expired", "credentials expired at %s" % ident.get("expiration"))
    expected = presigned_signature(ident["secret_access_key"], host_header, params)
    if not hmac.compare_digest(expected, params["X-Amz-Signature"].lower()) or \
            not re.fullmatch(r"[0-9a-f]{64}", params["X-Amz-Signature"]):
        raise Reject("bad_signature")
    return ident


# --------------------------------------------------------------------------- emulator glue

def load_config(path):
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def mysql_connection_tls(cfg, user):
    """Whether the MariaDB connection now authenticating as `user` came in over TLS.

    The emulator's front proxy (mysql_proxy.py) owns the public MariaDB port. It
    connects to mariadbd from 127.0.0.1:<P> and, before it forwards the client's
    first packet, writes conns/<P> = 'tls' or 'plain' (an SSLRequest or not).
    Here we ask mariadbd (admin socket) for the connections in the 'Connect'
    phase of this user, and those in a COM_CHANGE_USER ('Change user', whose USER
    may still be the previous one), and map their client port to that record.
    Returns True, False or None (unknown)."""
    eng = cfg["engines"]["mysql"]
    sql = ("SELECT ID, USER, HOST, COMMAND FROM information_schema.PROCESSLIST "
           "WHERE COMMAND IN ('Connect', 'Change user')")
    try:
        out = subprocess.run(
            [eng.get("client", "mariadb"), "--no-defaults", "--socket=" + eng["admin_socket"],
             "-uroot", "-N", "-B", "--raw", "-e", sql],
            capture_output=True, timeout=5, text=True, errors="replace", stdin=subprocess.DEVNULL)
    except Exception:
        return None
    if out.returncode != 0:
        return None
    states = set()
    for line in out.stdout.splitlines():
        cols = line.split("\t")
        if len(cols) < 4:
            continue
        _, puser, phost, command = cols[:4]
        if puser != user and command != "Change user":
            continue
        port = phost.rpartition(":")[2]
        try:
            with open(os.path.join(eng["conns_dir"], port), "r") as f:
                states.add(f.read().strip())
        except OSError:
            states.add("unknown")
    if states == {"tls"}:
        return True
    if states and "tls" not in states and "unknown" not in states:
        return False
    if "plain" in states:
        return False  # at least one plaintext login of this user is in progress: be strict
    return None


def log_decision(path, entry):
    line = (json.dumps(entry, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def check_login(cfg, engine, user, token, tls):
    """Run the full emulator check, log it, return (allowed, reason)."""
    eng = cfg["engines"][engine]
    info = {}
    entry = {
        "time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "source": "verifier",
        "engine": engine,
        "user": user,
        "endpoint": "%s:%d" % (eng["host"], int(eng["port"])),
        "tls": tls,
        "token_length": len(token or ""),
        "token_sha256": hashlib.sha256((token or "").encode("utf-8", "replace")).hexdigest()[:16],
        "pid": os.getpid(),
    }
    try:
        identities = load_identities(cfg["identities"])
        skew = cfg.get("max_skew_seconds", DEFAULT_SKEW)
        try:
            if eng.get("flavor") == "dsql":
                verify_dsql(token, user, region=cfg["region"], host=eng["host"], identities=identities,
                            cluster_id=eng.get("cluster_id", "*"), skew=skew, info=info)
            else:
                verify(token, user, region=cfg["region"], host=eng["host"], port=int(eng["port"]),
                       identities=identities, resource_id=eng.get("resource_id", "*"), skew=skew, info=info)
            token_reason, detail = "ok", ""
        except Reject as r:
            token_reason, detail = r.code, r.detail
    except Exception as e:  # never let a bug look like an accept
        token_reason, detail = "internal_error", "%s: %s" % (type(e).__name__, e)
    reason = token_reason
    if tls is False:
        reason = "not_tls"
    elif tls is None:
        reason = "tls_unknown"
    entry.update(info)
    entry.update({
        "decision": "allow" if reason == "ok" else "reject",
        "reason": reason,
        "message": REASONS.get(reason, reason) + ((": " + detail) if detail and reason == token_reason else ""),
        "token_reason": token_reason,
    })
    try:
        log_decision(cfg["log"], entry)
    except Exception as e:
        sys.stderr.write("verifier: cannot write log: %s\n" % e)
    return reason == "ok", reason


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pam")
    p.add_argument("--config", required=True)
    p.add_argument("--engine", required=True, choices=["mysql", "pg", "dsql"])
    c = sub.add_parser("check")
    c.add_argument("--config", required=True)
    c.add_argument("--engine", required=True, choices=["mysql", "pg", "dsql"])
    c.add_argument("--user", required=True)
    c.add_argument("--tls", choices=["yes", "no"], default="yes")
    c.add_argument("--no-log", action="store_true")
    c.add_argument("token")
    a, _unknown = ap.parse_known_args(argv)
    cfg = load_config(a.config)
    if a.cmd == "pam":
        user = os.environ.get("PAM_USER", "")
        token = os.environ.get("PAM_AUTHTOK", "")
        if a.engine in ("pg", "dsql"):
            tls = True  # pg_hba: only 'hostssl' lines reach PAM, plain TCP is rejected earlier
        else:
            tls = mysql_connection_tls(cfg, user)
        ok, _ = check_login(cfg, a.engine, user, token, tls)
        return 0 if ok else 1
    if a.no_log:
        cfg = dict(cfg, log=os.devnull)
    ok, reason = check_login(cfg, a.engine, a.user, a.token, a.tls == "yes")
    print(reason)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
