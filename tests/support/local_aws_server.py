#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local stand-ins for STS, the IAM Identity Center portal and OIDC, EC2 IMDS, the ECS
credentials endpoint, and (aws_api_stand_in.py) the RDS, IAM, Secrets Manager and SSM APIs, for Signet's
tests and for botocore aimed at the same server.

Prints "PORT <n>" on stdout once listening on 127.0.0.1. Deterministic: the credentials handed out
depend only on the request (role, caller key, token), so two clients asking the same thing get the
same keys. Every secret of a test access key K is "sk-" + K; STS checks SigV4 signatures with
botocore's own signer and answers SignatureDoesNotMatch when they differ.

Faults are chosen by the request: a role name of fault-500, fault-xml, fault-hang, fault-denied,
fault-expired; an SSO token or role name starting with "fault-"; IMDS/ECS behaviour by --imds-mode
and --ecs-mode (ok, v1only, 500, garbage, hang, norole).
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import aws_api_stand_in

ARGS = None
LOG = []
LOG_LOCK = threading.Lock()
IMDS_TOKEN = "imds-session-token-123"
ECS_AUTH = "ecs-auth-token-xyz"
MFA_CODE = "123456"
DEVICE_STATE = {}


def secret_for(key):
    # With --emulator the emulator's allowed key signs for the stand-in too (one identity end to end).
    if ARGS is not None and ARGS.emulator and key == os.environ.get("SIGNET_EMU_ACCESS_KEY_ID"):
        return os.environ.get("SIGNET_EMU_SECRET_ACCESS_KEY", "")
    return "sk-" + key


def derive(*parts):
    digest = hashlib.sha1("|".join(parts).encode()).hexdigest().upper()
    key = "ASIA" + digest[:16]
    return key, secret_for(key), "token-" + digest[16:40].lower()


def expiry(seconds=3600):
    return datetime.datetime.utcnow().replace(microsecond=0) + datetime.timedelta(seconds=seconds)


def iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def sts_error(code, message, status=403):
    body = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            "<Code>%s</Code><Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"
            % (code, message))
    return status, "text/xml", body.encode()


def sigv4():
    """botocore's signer, imported on first use. Importing botocore takes most of a second: the
    server says its port first and imports it in the background (preload), so a test using only the
    IMDS or ECS stand-ins does not wait for it, and a request that needs it waits for the import."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    return SigV4Auth, AWSRequest, Credentials


def signature_problem(handler, body, service=None, region=None):
    """Checks the request's SigV4 signature with botocore's signer: ((key, token), None) when it
    is right, else (None, (code, message, status)). `service`/`region`, when given, must be the
    credential scope's (as AWS checks)."""
    auth = handler.headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return None, ("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
    fields = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    key, date, scope_region, scope_service, _ = fields["Credential"].split("/")
    if service and scope_service != service:
        return None, ("SignatureDoesNotMatch", "Credential should be scoped to correct service: '%s'." % service, 403)
    if region and scope_region != region:
        return None, ("SignatureDoesNotMatch",
                      "Credential should be scoped to a valid region, not '%s'." % scope_region, 403)
    signed = fields["SignedHeaders"].split(";")
    headers = {}
    for name in signed:
        value = handler.headers.get(name)
        if value is None:
            return None, ("SignatureDoesNotMatch", "signed header %s missing" % name, 403)
        headers[name] = value
    token = handler.headers.get("X-Amz-Security-Token")
    SigV4Auth, AWSRequest, Credentials = sigv4()
    request = AWSRequest(method=handler.command, url="http://%s%s" % (headers.get("host", "localhost"), handler.path),
                         data=body, headers=headers)
    amz_date = handler.headers.get("X-Amz-Date")
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(key, secret_for(key), token), scope_service, scope_region)
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    expected = signer.signature(string_to_sign, request)
    if expected != fields["Signature"]:
        return None, ("SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you provided.", 403)
    if token and token.startswith("expired"):
        return None, ("ExpiredToken", "The security token included in the request is expired", 400)
    return (key, token or "", scope_region), None


def check_signature(handler, body):
    caller, problem = signature_problem(handler, body)
    if problem:
        return None, sts_error(*problem)
    return caller[:2], None


def sts(handler, body):
    params = dict(urllib.parse.parse_qsl(body.decode()))
    action = params.get("Action")
    role = params.get("RoleArn", "")
    role_name = role.rsplit("/", 1)[-1]
    if role_name == "fault-hang":
        time.sleep(30)
    if role_name == "fault-500":
        return 500, "text/plain", b"internal error"
    if role_name == "fault-xml":
        return 200, "text/xml", b"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>"
    if action == "AssumeRoleWithWebIdentity":
        web_token = params.get("WebIdentityToken", "")
        if not web_token or web_token.startswith("bad"):
            return sts_error("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider", 400)
        caller = ("web:" + web_token, "")
    else:
        caller, error = check_signature(handler, body)
        if error:
            return error
    if action == "GetCallerIdentity":
        # Lets a test have the identity answer after other services' answers.
        time.sleep(ARGS.identity_delay)
        account = "123456789012"
        arn = "arn:aws:iam::%s:user/test-user" % account
        # The key chooses who the caller is (see aws_api_stand_in.py).
        named = re.search(r"iamuser([a-z0-9]+)", caller[0].lower())
        if "asrole" in caller[0].lower():
            arn = "arn:aws:sts::%s:assumed-role/setup-role/signet-session" % account
        elif named:
            arn = "arn:aws:iam::%s:user/%s" % (account, named.group(1))
        body = ("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDTEST</UserId>"
                "<Account>%s</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
                "</ResponseMetadata></GetCallerIdentityResponse>" % (arn, account))
        return 200, "text/xml", body.encode()
    if action not in ("AssumeRole", "AssumeRoleWithWebIdentity"):
        return sts_error("InvalidAction", "unknown action", 400)
    if role_name == "fault-denied":
        return sts_error("AccessDenied", "User is not authorized to perform: sts:AssumeRole on resource: %s" % role)
    if role_name == "fault-expired":
        return sts_error("ExpiredToken", "The security token included in the request is expired", 400)
    if "SerialNumber" in params and params.get("TokenCode") != MFA_CODE:
        return sts_error("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")
    if role_name == "needs-mfa" and "SerialNumber" not in params:
        return sts_error("AccessDenied", "MultiFactorAuthentication required")
    if role_name == "needs-external-id" and params.get("ExternalId") != "ext-42":
        return sts_error("AccessDenied", "wrong external id")
    key, secret, token = derive(action, role, caller[0])
    account = role.split(":")[4] if role.count(":") >= 5 else "000000000000"
    session = params.get("RoleSessionName", "s")
    duration = int(params.get("DurationSeconds", "3600"))
    result = "AssumeRoleWithWebIdentityResult" if action == "AssumeRoleWithWebIdentity" else "AssumeRoleResult"
    body = ("<%sResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><%s><Credentials>"
            "<AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>"
            "<Expiration>%s</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:%s</AssumedRoleId>"
            "<Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn></AssumedRoleUser></%s><ResponseMetadata>"
            "<RequestId>r</RequestId></ResponseMetadata></%sResponse>"
            % (action, result, key, secret, token, iso(expiry(duration)), session, account, role_name, session,
               result, action))
    return 200, "text/xml", body.encode()


def json_reply(status, obj):
    return status, "application/json", json.dumps(obj).encode()


def sso_portal(handler, query):
    token = handler.headers.get("x-amz-sso_bearer_token", "")
    role = query.get("role_name", "")
    account = query.get("account_id", "")
    if not token or token.startswith("expired"):
        return json_reply(401, {"message": "Session token not found or invalid"})
    if role == "fault-500":
        return 500, "text/plain", b"oops"
    if role == "fault-json":
        return 200, "application/json", b"{not json"
    if role == "fault-hang":
        time.sleep(30)
    key, secret, session = derive("sso", account, role, token)
    ms = int(expiry().replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)
    return json_reply(200, {"roleCredentials": {"accessKeyId": key, "secretAccessKey": secret,
                                                "sessionToken": session, "expiration": ms}})


def oidc(handler, path, body):
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return json_reply(400, {"error": "invalid_request"})
    if path == "/client/register":
        name = request.get("clientName", "client")
        return json_reply(200, {"clientId": "client-" + name, "clientSecret": "client-secret-" + name,
                                "clientIdIssuedAt": int(time.time()),
                                "clientSecretExpiresAt": int(time.time()) + 90 * 86400})
    if path == "/device_authorization":
        device = "device-%d" % len(DEVICE_STATE)
        DEVICE_STATE[device] = 0
        return json_reply(200, {"deviceCode": device, "userCode": "ABCD-EFGH",
                                "verificationUri": "https://device.sso.example/",
                                "verificationUriComplete": "https://device.sso.example/?user_code=ABCD-EFGH",
                                "expiresIn": 600, "interval": 1})
    if path == "/token":
        grant = request.get("grantType")
        if grant == "refresh_token":
            refresh = request.get("refreshToken", "")
            if refresh.startswith("revoked"):
                return json_reply(400, {"error": "invalid_grant", "error_description": "refresh token revoked"})
            return json_reply(200, {"accessToken": "refreshed-" + refresh, "expiresIn": 28800,
                                    "refreshToken": refresh + "-next", "tokenType": "Bearer"})
        device = request.get("deviceCode")
        if device not in DEVICE_STATE:
            return json_reply(400, {"error": "expired_token", "error_description": "device code expired"})
        DEVICE_STATE[device] += 1
        if DEVICE_STATE[device] < 2:
            return json_reply(400, {"error": "authorization_pending"})
        return json_reply(200, {"accessToken": "sso-access-" + device, "expiresIn": 28800,
                                "refreshToken": "refresh-" + device, "tokenType": "Bearer"})
    return json_reply(404, {"error": "not_found"})


def imds(handler, path):
    mode = ARGS.imds_mode
    if mode == "hang":
        time.sleep(30)
    if handler.command == "PUT" and path == "/latest/api/token":
        if mode == "v1only":
            return 403, "text/plain", b""
        if mode == "500":
            return 500, "text/plain", b""
        if not handler.headers.get("x-aws-ec2-metadata-token-ttl-seconds"):
            return 400, "text/plain", b""
        return 200, "text/plain", IMDS_TOKEN.encode()
    if mode == "ok" and handler.headers.get("x-aws-ec2-metadata-token") != IMDS_TOKEN:
        return 401, "text/plain", b""
    prefix = "/latest/meta-data/iam/security-credentials/"
    if path == prefix:
        if mode == "norole":
            return 404, "text/plain", b""
        return 200, "text/plain", b"test-instance-role"
    if path == prefix + "test-instance-role":
        if mode == "garbage":
            return 200, "application/json", b"<<not json>>"
        key, secret, token = derive("imds", mode)
        return json_reply(200, {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": key,
                                "SecretAccessKey": secret, "Token": token, "Expiration": iso(expiry())})
    return 404, "text/plain", b""


def ecs(handler, path):
    mode = ARGS.ecs_mode
    if mode == "hang":
        time.sleep(30)
    if mode == "500":
        return 500, "text/plain", b""
    if mode == "garbage":
        return 200, "application/json", b"[]garbage"
    if ARGS.ecs_auth and handler.headers.get("Authorization") != ECS_AUTH:
        return json_reply(403, {"message": "bad authorization"})
    key, secret, token = derive("ecs", path)
    return json_reply(200, {"AccessKeyId": key, "SecretAccessKey": secret, "Token": token,
                            "Expiration": iso(expiry()), "RoleArn": "arn:aws:iam::111122223333:role/ecs"})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path
        query = dict(urllib.parse.parse_qsl(parsed.query))
        with LOG_LOCK:
            LOG.append({"method": self.command, "path": path, "body": body.decode(errors="replace")[:2000],
                        "headers": {k.lower(): v for k, v in self.headers.items()}})
        if path == "/_log":
            with LOG_LOCK:
                reply = json_reply(200, LOG)
        elif path.startswith("/latest/"):
            reply = imds(self, path)
        elif path.startswith("/ecs"):
            reply = ecs(self, path)
        elif path == "/federation/credentials":
            reply = sso_portal(self, query)
        elif path in ("/client/register", "/device_authorization", "/token"):
            reply = oidc(self, path, body)
        elif self.command == "POST" and aws_api_stand_in.handles(self, body):
            reply = aws_api_stand_in.handle(self, body, signature_problem)
        elif self.command == "POST":
            reply = sts(self, body)
        else:
            reply = (404, "text/plain", b"not found")
        status, content_type, payload = reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = handle_any


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--imds-mode", default="ok")
    parser.add_argument("--ecs-mode", default="ok")
    parser.add_argument("--ecs-auth", action="store_true")
    parser.add_argument("--rds-apply-delay", type=float, default=1.0,
                        help="seconds before a ModifyDB* IAM authentication change shows as applied")
    parser.add_argument("--identity-delay", type=float, default=0.0,
                        help="seconds GetCallerIdentity waits before it answers")
    parser.add_argument("--emulator", action="store_true",
                        help="also list the local RDS emulation's instances (SIGNET_EMU_* variables)")
    ARGS = parser.parse_args()
    aws_api_stand_in.APPLY_DELAY = ARGS.rds_apply_delay
    aws_api_stand_in.EMULATOR = ARGS.emulator
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=sigv4, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
