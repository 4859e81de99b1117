#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ that are not captured from live servers:
AWS answers shaped as the AWS documentation's example responses (and as botocore parses them),
RDS IAM tokens signed by botocore itself, SigV4 test-suite requests, certificates from the built-in
RDS bundle. Deterministic but for the tokens' signing time; re-run after changing it: python3 tests/fuzz/seeds/make-seeds.py"""
import base64, datetime, json, os, pathlib, re, struct

root = pathlib.Path(__file__).resolve().parents[3]
corpus = root / "tests/fuzz/corpus"

def put(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + name)).write_bytes(data if isinstance(data, bytes) else data.encode())

KEY, SECRET = "ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
TOKEN = ("IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLEtMSJHMEUCIDoKK3JH9uGQE1z0sINr5M4jk+Na8KHDcCYRVjJCZEvOAiEA"
         "3OvJGtw1EcViOleS2vhs8VdCKFJQWPQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==")
SERVICE_NS = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"'

# STS (query API, XML): the documentation's AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity
# examples and error documents.
put("sts_xml", "assume-role", f"""<AssumeRoleResponse {SERVICE_NS}>
  <AssumeRoleResult>
  <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>{KEY}</AccessKeyId>
      <SecretAccessKey>{SECRET}</SecretAccessKey>
      <SessionToken>{TOKEN}</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
""")
put("sts_xml", "assume-role-web-identity", f"""<AssumeRoleWithWebIdentityResponse {SERVICE_NS}>
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>{TOKEN}</SessionToken>
      <SecretAccessKey>{SECRET}</SecretAccessKey>
      <Expiration>2014-10-24T23:00:23.000Z</Expiration>
      <AccessKeyId>{KEY}</AccessKeyId>
    </Credentials>
    <SourceIdentity>SourceIdentityValue</SourceIdentity>
    <Provider>www.amazon.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
""")
put("sts_xml", "get-caller-identity", f"""<GetCallerIdentityResponse {SERVICE_NS}>
  <GetCallerIdentityResult>
   <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
""")
for code, message in [("AccessDenied", "User: arn:aws:iam::123456789012:user/Alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/demo"),
                      ("ExpiredToken", "The security token included in the request is expired"),
                      ("InvalidClientTokenId", "The security token included in the request is invalid."),
                      ("SignatureDoesNotMatch", "Signature expired: 20191109T120000Z is now earlier than 20191109T121000Z (20191109T122500Z - 15 min.)")]:
    put("sts_xml", "error-" + code, f"""<ErrorResponse {SERVICE_NS}>
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>4f2b2b5c-3b3e-4a27-9f2a-EXAMPLE</RequestId>
</ErrorResponse>
""")
put("sts_xml", "throttling", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>")
put("sts_xml", "html-captive-portal", "<html><head><title>Sign in to Wi-Fi</title></head><body>Please sign in</body></html>")

# IAM Identity Center portal (GetRoleCredentials) and its errors.
exp_ms = 1700003600000
put("sso_portal_json", "role-credentials", json.dumps({"roleCredentials": {"accessKeyId": KEY, "secretAccessKey": SECRET, "sessionToken": TOKEN, "expiration": exp_ms}}))
put("sso_portal_json", "unauthorized", json.dumps({"message": "Session token not found or invalid", "__type": "com.amazonaws.switchboard.portal#UnauthorizedException"}))
put("sso_portal_json", "forbidden", json.dumps({"message": "No access", "__type": "ForbiddenException"}))

# IAM Identity Center OIDC: RegisterClient, StartDeviceAuthorization, CreateToken, errors.
put("sso_oidc_json", "register-client", json.dumps({"authorizationEndpoint": None, "clientId": "_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID", "clientIdIssuedAt": 1700000000, "clientSecret": "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.EXAMPLESECRET", "clientSecretExpiresAt": 1707776000, "tokenEndpoint": None}))
put("sso_oidc_json", "device-authorization", json.dumps({"deviceCode": "devicecode-EXAMPLE-8wuSx9AzOUx2vL6iMWvy2KTQw", "expiresIn": 600, "interval": 1, "userCode": "ABCD-EFGH", "verificationUri": "https://device.sso.us-east-1.amazonaws.com/", "verificationUriComplete": "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH"}))
put("sso_oidc_json", "create-token", json.dumps({"accessToken": "aoal-EXAMPLEACCESSTOKEN0123456789abcdef", "expiresIn": 28800, "idToken": None, "refreshToken": "aorvJYubGpU6i91YnH7Mfo-EXAMPLEREFRESH", "tokenType": "Bearer"}))
for error, description in [("authorization_pending", None), ("slow_down", None), ("expired_token", "device code expired"), ("invalid_grant", "refresh token revoked"), ("access_denied", None)]:
    put("sso_oidc_json", "error-" + error, json.dumps({"error": error, "error_description": description}))
put("sso_oidc_json", "error-type", json.dumps({"__type": "com.amazonaws.ssooidc#InvalidClientException", "message": "Invalid client"}))

# EC2 instance metadata (IMDSv2 security-credentials) and the ECS/EKS container endpoint.
put("imds_json", "imds", json.dumps({"Code": "Success", "LastUpdated": "2023-11-14T22:13:20Z", "Type": "AWS-HMAC", "AccessKeyId": KEY, "SecretAccessKey": SECRET, "Token": TOKEN, "Expiration": "2023-11-15T04:38:44Z"}, indent=2))
put("imds_json", "ecs", json.dumps({"RoleArn": "arn:aws:iam::123456789012:role/ecs-task", "AccessKeyId": KEY, "SecretAccessKey": SECRET, "Token": TOKEN, "Expiration": "2023-11-15T04:38:44Z"}))
put("imds_json", "eks-pod-identity", json.dumps({"AccessKeyId": KEY, "SecretAccessKey": SECRET, "Token": TOKEN, "AccountId": "123456789012", "Expiration": "2023-11-15T04:38:44.123Z"}))
put("imds_json", "imds-failure", json.dumps({"Code": "AssumeRoleUnauthorizedAccess", "Message": "EC2 cannot assume the role", "LastUpdated": "2023-11-14T22:13:20Z"}))

# credential_process output (the AWS CLI's documented format).
put("credential_process", "temporary", json.dumps({"Version": 1, "AccessKeyId": KEY, "SecretAccessKey": SECRET, "SessionToken": TOKEN, "Expiration": "2023-11-15T04:38:44Z"}, indent=2))
put("credential_process", "long-term", json.dumps({"Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": SECRET}))
put("credential_process", "version-2", json.dumps({"Version": 2, "AccessKeyId": KEY}))
put("credential_process", "stderr", "error: could not unlock the vault for AKIAIOSFODNN7EXAMPLE: token " + TOKEN[:60] + "\n")

# The AWS CLI v2's SSO token cache files (sso-session and legacy forms).
put("sso_token_cache", "sso-session", json.dumps({"startUrl": "https://my-sso-portal.awsapps.com/start", "region": "us-east-1", "accessToken": "aoaAAAAAGVEXAMPLEACCESSTOKEN", "expiresAt": "2023-11-15T04:38:44Z", "clientId": "_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID", "clientSecret": "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.EXAMPLESECRET", "registrationExpiresAt": "2024-02-13T04:38:44Z", "refreshToken": "aorvJYubGpU6i91YnH7Mfo-EXAMPLEREFRESH"}, indent=2))
put("sso_token_cache", "legacy", json.dumps({"startUrl": "https://my-sso-portal.awsapps.com/start", "region": "us-east-1", "accessToken": "eyJlbmMiOiJBMjU2R0NNIiwidGFnIjoiTEXAMPLE", "expiresAt": "2023-11-15T04:38:44UTC"}))
put("sso_token_cache", "offset-time", json.dumps({"accessToken": "x" * 20, "expiresAt": "2023-11-15T04:38:44+00:00"}))

# SigV4 query canonicalisation: the request targets and headers of the SigV4 test suite.
for req in sorted((root / "tests/data/sigv4").glob("*/*.req")):
    lines = req.read_text().split("\n")
    target = re.sub(r"^\S+ ", "", lines[0])
    target = re.sub(r" HTTP/1\.1$", "", target)
    put("sigv4_query", req.stem, "\n".join([target] + [l for l in lines[1:] if ":" in l]))
put("sigv4_query", "sts-query", "/?Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=signet&Version=2011-06-15\nhost:sts.us-east-1.amazonaws.com\nx-amz-date:20231114T221320Z")
put("sigv4_query", "s3-path", "s3/bucket/a//b/../c%20d?list-type=2&prefix=x%2Fy&encoding-type=url\nhost:bucket.s3.amazonaws.com")

# MySQL: an error packet instead of a greeting (ER_CON_COUNT_ERROR, ER_HOST_IS_BLOCKED), as servers send them.
def mysql_packet(payload, seq=0):
    return struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload
put("probe_mysql_greeting", "too-many-connections", b"\x00" + mysql_packet(b"\xff\x10\x04Too many connections"))
put("probe_mysql_greeting", "host-blocked", b"\x03" + mysql_packet(b"\xff\x69\x04#HY000Host '10.0.0.5' is blocked because of many connection errors; unblock with 'mariadb-admin flush-hosts'"))
# A MySQL 8.0 greeting (protocol 10, caching_sha2_password, SSL capability), byte for byte.
greeting8 = (b"\x0a" + b"8.0.35\x00" + struct.pack("<I", 13) + b"\x1e\x4e\x0a\x5e\x6c\x1f\x3b\x28\x00"
             + struct.pack("<H", 0xffff) + b"\xff" + struct.pack("<H", 0x0002) + struct.pack("<H", 0xdfff) + b"\x15"
             + b"\x00" * 10 + b"\x16\x57\x38\x3e\x6d\x27\x35\x0b\x1b\x16\x25\x5c\x00" + b"caching_sha2_password\x00")
put("probe_mysql_greeting", "mysql-8.0", b"\x05" + mysql_packet(greeting8))

# PostgreSQL: the answers to an SSLRequest: 'S', 'N', and an ErrorResponse from a server or
# pooler that does not know the request.
put("probe_postgres_reply", "accept", b"S")
put("probe_postgres_reply", "refuse", b"N")
err = b"SFATAL\x00VFATAL\x00C08P01\x00Munsupported frontend protocol 1234.5679: server supports 3.0 to 3.0\x00Fpostmaster.c\x00L2186\x00RProcessStartupPacket\x00\x00"
put("probe_postgres_reply", "error-response", b"E" + struct.pack(">I", len(err) + 4) + err)
for i, message in enumerate(["FATAL:  PAM authentication failed for user \"app_user\"",
                              "FATAL:  password authentication failed for user \"app_user\"",
                              "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"app_user\", database \"app\", SSL off",
                              "FATAL:  database \"app\" does not exist",
                              "FATAL:  role \"app_user\" does not exist"]):
    put("probe_postgres_reply", "message-%d" % i, b"E" + message.encode())

# MySQL error texts for the explainer travel with the greeting target's error packets (above).

# The statement splitter: scripts like those users paste.
put("statement_splitter", "mysql", "-- create\nCREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) DEFAULT 'a;b'); # comment;\nINSERT INTO t VALUES (1, \"x\\\";y\"), (2, `z`);\n/* multi ; line */ SELECT * FROM t WHERE name = 'it''s';\nSELCT 1 FROM dual;You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'SELCT 1 FROM dual' at line 1")
put("statement_splitter", "postgres", "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\nSELECT $$a;b$$, E'c\\'d;', \"q;q\";\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT 1 +;ERROR:  syntax error at or near \";\"\nLINE 1: SELECT 1 +;\n                  ^")
put("statement_splitter", "nested", "SELECT /* a /* b */ c */ 1; SELECT 'unterminated")

# Profile store / import files: version 1 (as `signet profiles export` writes it) and version 0.
profile = {"id": "{7d4b6c2e-1a2b-4c3d-8e9f-0a1b2c3d4e5f}", "name": "orders (prod)", "engine": "postgres", "host": "orders.cluster-abc123.eu-west-1.rds.amazonaws.com", "port": 5432, "dbUser": "app_user", "region": "eu-west-1", "database": "orders", "awsProfile": "prod", "credentialSource": "aws-profile", "folder": "Production", "tags": ["prod", "eu"], "notes": "read replica; ask #dba", "caBundle": ""}
put("profile_store", "version-1", json.dumps({"version": 1, "profiles": [profile, dict(profile, id="{11111111-2222-3333-4444-555555555555}", name="billing", engine="mysql", port=3306)]}, indent=2))
put("profile_store", "version-0", json.dumps([{"name": "legacy", "engine": "postgresql", "hostname": "db.example.com", "port": 5432, "iamUser": "alice", "region": "us-east-1"}]))
put("profile_store", "newer", json.dumps({"version": 99, "profiles": []}))

# Certificates: from the built-in RDS bundle, as PEM bundles and as DER.
pem = (root / "resources/ca/rds-global-bundle.pem").read_text()
blocks = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", pem, re.S)
put("ca_bundle", "one", blocks[0])
put("ca_bundle", "two", "# Amazon RDS\n" + blocks[1] + "\n" + blocks[-1])
put("ca_bundle", "cut-off", blocks[2][: len(blocks[2]) // 2])
for i in (0, 1, len(blocks) // 2, len(blocks) - 1):
    der = base64.b64decode("".join(blocks[i].splitlines()[1:-1]))
    put("certificate", "rds-%d" % i, der)

# RDS IAM tokens, as botocore's generate_db_auth_token signs them.
try:
    import botocore.session
    from botocore.credentials import Credentials
    from botocore.signers import RequestSigner
    session = botocore.session.get_session()
    for host, port, user, region, token in [("mydb.123456789012.us-east-1.rds.amazonaws.com", 3306, "app_user", "us-east-1", None),
                                            ("orders.cluster-abc123.eu-west-1.rds.amazonaws.com", 5432, "a user~", "eu-west-1", TOKEN),
                                            ("10.0.0.5", 443, "iam", "ap-southeast-2", "short")]:
        creds = Credentials(KEY if token else "AKIAIOSFODNN7EXAMPLE", SECRET, token)
        client = session.create_client("rds", region_name=region, aws_access_key_id=creds.access_key,
                                       aws_secret_access_key=creds.secret_key, aws_session_token=creds.token)
        put("auth_token", "%s-%d" % (region, port), client.generate_db_auth_token(host, port, user))
except ImportError:
    print("botocore is missing: no token seeds")
