# SPDX-License-Identifier: GPL-3.0-or-later
"""RDS (Query XML), IAM (Query XML), Secrets Manager and SSM (JSON 1.1) stand-ins for local_aws_server.py.

Answers are shaped as the real services' (element names from botocore's service models), signatures
are checked with botocore's signer for the service and region AWS would expect (rds and the request's
region; iam and us-east-1; secretsmanager), and state is kept: ModifyDB* flips
IAMDatabaseAuthenticationEnabled APPLY_DELAY seconds later, policies are created and attached.

Inventory by signing region: us-east-1 has 130 instances (mysql, mariadb, postgres, and the members
of four Aurora clusters), the clusters with writer/reader/custom endpoints, and two proxies;
eu-west-1 has a few; every other region is empty. Account 123456789012.

SSM answers StartSession (port forwarding sessions, checked as AWS checks their parameters) with a
SessionId, StreamUrl and TokenValue (ssm_token(SessionId), which tests/support/ssm/session-manager-plugin
checks) and TerminateSession; both are in the request log.

Faults are chosen by the access key id (its secret is "sk-" + key), so each test picks its own:
  throttle<N>   the first N requests with this key answer Throttling (400)
  err500x<N>    the first N answer InternalFailure (500); err503x<N>: 503 with an HTML body
  denied        AccessDenied naming the missing action (403)
  badkey        InvalidClientTokenId (403)
  garbage       200 with a truncated XML (or JSON) body
  hang          no answer for 30 s
  notconnected  SSM StartSession answers TargetNotConnected
  offin<REGION> AccessDenied (an SCP's explicit deny) in that one region, written without dashes
                (offinapsouth1); the other regions answer
  deny<Action>  AccessDenied for that one action (denymodifydbinstance, denycreatepolicy); the others
                answer. Several may be combined in one key.
(STS GetCallerIdentity, in local_aws_server.py, also reads the key: "asrole" makes the caller the
assumed role setup-role, "iamuser<name>" the IAM user <name>; else the user test-user.)

With --emulator (EMULATOR below), the emulator's region (SIGNET_EMU_REGION) also has two instances
whose endpoints are the local RDS emulation, IAM authentication off until ModifyDBInstance, each with
an RDS-managed master secret whose GetSecretValue answers the emulator's master login:
  emu-mariadb   engine mariadb at SIGNET_EMU_HOST:SIGNET_EMU_MYSQL_PORT (SIGNET_EMU_MYSQL_MASTER_*)
  emu-postgres  engine postgres at SIGNET_EMU_HOST:SIGNET_EMU_PG_PORT (SIGNET_EMU_PG_MASTER_*)
"""
import base64
import hashlib
import json
import os
import re
import threading
import time
import urllib.parse
from xml.sax.saxutils import escape

APPLY_DELAY = 1.0
EMULATOR = False
ACCOUNT = "123456789012"
LOCK = threading.Lock()
COUNTS = {}
MODIFICATIONS = {}  # (region, kind, identifier) -> (value, applied_at)
POLICIES = {}  # arn -> {"name", "document", "id", "path", "description"}
ATTACHED = {("user", "many-policies"): ["arn:aws:iam::aws:policy/ReadOnlyAccess",
                                        "arn:aws:iam::aws:policy/AmazonRDSReadOnlyAccess",
                                        "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]}
RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/"
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"

RDS_ACTIONS = {"DescribeDBInstances", "DescribeDBClusters", "DescribeDBClusterEndpoints", "DescribeDBProxies",
               "DescribeDBProxyEndpoints", "ModifyDBInstance", "ModifyDBCluster"}
IAM_ACTIONS = {"CreatePolicy", "AttachUserPolicy", "AttachRolePolicy", "ListAttachedUserPolicies",
               "ListAttachedRolePolicies", "GetPolicy", "GetPolicyVersion"}


def handles(handler, body):
    if handler.headers.get("X-Amz-Target", "").startswith(("secretsmanager.", "AmazonSSM.")):
        return True
    action = dict(urllib.parse.parse_qsl(body.decode(errors="replace"))).get("Action")
    return action in RDS_ACTIONS or action in IAM_ACTIONS


def ident(*parts, length=26, upper=True):
    digest = hashlib.sha1("|".join(parts).encode()).hexdigest()
    digest = (digest + hashlib.sha1(digest.encode()).hexdigest())[:length]
    return digest.upper() if upper else digest


# ---- inventory -----------------------------------------------------------------------------------

ENGINES = {"mysql": ("8.0.35", 3306), "mariadb": ("10.11.6", 3306), "postgres": ("16.1", 5432),
           "aurora-mysql": ("8.0.mysql_aurora.3.05.2", 3306), "aurora-postgresql": ("15.4", 5432)}


def inventory(region):
    """(instances, clusters, proxies) of a region, as plain dicts."""
    instances, clusters, proxies = [], [], []
    if region == "us-east-1":
        standalone, cluster_specs = 122, [("aurora-mysql-1", "aurora-mysql"), ("aurora-pg-1", "aurora-postgresql"),
                                          ("aurora-mysql-2", "aurora-mysql"), ("aurora-pg-2", "aurora-postgresql")]
        proxy_specs = [("proxy-mysql", "MYSQL", "REQUIRED"), ("proxy-pg", "POSTGRESQL", "DISABLED")]
    elif region == "eu-west-1":
        standalone, cluster_specs = 3, [("aurora-eu", "aurora-postgresql")]
        proxy_specs = [("proxy-eu", "POSTGRESQL", "REQUIRED")]
    elif EMULATOR and region == os.environ.get("SIGNET_EMU_REGION"):
        return emulator_instances(region), clusters, proxies
    else:
        return instances, clusters, proxies
    for i in range(standalone):
        engine = ["mysql", "mariadb", "postgres"][i % 3]
        instances.append(instance(region, "%s-%03d" % (engine, i), engine, iam=(i % 2 == 0)))
    for index, (name, engine) in enumerate(cluster_specs):
        members = ["%s-instance-1" % name, "%s-instance-2" % name]
        for position, member in enumerate(members):
            instances.append(instance(region, member, engine, iam=(index % 2 == 0), cluster=name,
                                      writer=(position == 0)))
        clusters.append({"id": name, "engine": engine, "members": members, "iam": index % 2 == 0,
                         "custom": ["%s-analytics" % name] if index == 0 else [], "region": region,
                         "resource": "cluster-" + ident(region, name)})
    for name, family, mode in proxy_specs:
        proxies.append({"name": name, "family": family, "iam": mode, "region": region,
                        "resource": "prx-" + ident(region, name, length=17, upper=False)})
    return instances, clusters, proxies


def instance(region, name, engine, iam, cluster=None, writer=False):
    return {"id": name, "engine": engine, "iam": iam, "cluster": cluster, "writer": writer, "region": region,
            "resource": "db-" + ident(region, name), "az": region + "abc"[len(name) % 3]}


def emulator_instances(region):
    out = []
    for name, engine, prefix, port_var in (("emu-mariadb", "mariadb", "MYSQL", "SIGNET_EMU_MYSQL_PORT"),
                                           ("emu-postgres", "postgres", "PG", "SIGNET_EMU_PG_PORT")):
        if not os.environ.get(port_var):
            continue
        db = instance(region, name, engine, iam=False)
        db["resource"] = os.environ.get("SIGNET_EMU_%s_RESOURCE_ID" % prefix) or db["resource"]
        db["host"] = os.environ.get("SIGNET_EMU_HOST", "localhost")
        db["port"] = int(os.environ[port_var])
        db["master"] = (os.environ.get("SIGNET_EMU_%s_MASTER_USER" % prefix, "admin"),
                        os.environ.get("SIGNET_EMU_%s_MASTER_PASSWORD" % prefix, ""))
        out.append(db)
    return out


def emulator_master(resource):
    """(user, password) of the emulator instance with this resource id, or None."""
    region = os.environ.get("SIGNET_EMU_REGION")
    if not EMULATOR or not region:
        return None
    for db in emulator_instances(region):
        if db["resource"] == resource:
            return db["master"]
    return None


def effective_iam(region, kind, identifier, configured):
    """(enabled, pending) after any ModifyDB* change."""
    with LOCK:
        change = MODIFICATIONS.get((region, kind, identifier))
    if not change:
        return configured, None
    value, applied_at = change
    if time.time() >= applied_at:
        return value, None
    return configured, value


def b(value):
    return "true" if value else "false"


def instance_xml(db):
    version, port = ENGINES[db["engine"]]
    region = db["region"]
    enabled, pending = effective_iam(region, "instance", db["id"], db["iam"])
    host = "%s.c%s.%s.rds.amazonaws.com" % (db["id"], ident(region, "host", length=12, upper=False), region)
    host, port = db.get("host", host), db.get("port", port)
    parts = ["<DBInstance>",
             "<DBInstanceIdentifier>%s</DBInstanceIdentifier>" % db["id"],
             "<DBInstanceClass>db.t3.micro</DBInstanceClass>",
             "<Engine>%s</Engine>" % db["engine"],
             "<DBInstanceStatus>%s</DBInstanceStatus>" % ("modifying" if pending is not None else "available"),
             "<MasterUsername>%s</MasterUsername>" % escape(db.get("master", ("admin",))[0]),
             "<Endpoint><Address>%s</Address><Port>%d</Port><HostedZoneId>Z2R2ITUGPM61AM</HostedZoneId></Endpoint>"
             % (host, port),
             "<AllocatedStorage>20</AllocatedStorage>",
             "<InstanceCreateTime>2024-01-15T10:00:00.000Z</InstanceCreateTime>",
             "<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0123</VpcSecurityGroupId>"
             "<Status>active</Status></VpcSecurityGroupMembership></VpcSecurityGroups>",
             "<AvailabilityZone>%s</AvailabilityZone>" % db["az"],
             "<DBSubnetGroup><DBSubnetGroupName>default</DBSubnetGroupName><VpcId>vpc-0a1b2c3d</VpcId>"
             "<SubnetGroupStatus>Complete</SubnetGroupStatus><Subnets><Subnet><SubnetIdentifier>subnet-1</SubnetIdentifier>"
             "</Subnet></Subnets></DBSubnetGroup>",
             "<PendingModifiedValues>%s</PendingModifiedValues>"
             % ("" if pending is None else
                "<IAMDatabaseAuthenticationEnabled>%s</IAMDatabaseAuthenticationEnabled>" % b(pending)),
             "<MultiAZ>false</MultiAZ>",
             "<EngineVersion>%s</EngineVersion>" % version,
             "<PubliclyAccessible>%s</PubliclyAccessible>" % b(db["id"].endswith("0")),
             "<StorageEncrypted>true</StorageEncrypted>",
             "<DbiResourceId>%s</DbiResourceId>" % db["resource"],
             "<CACertificateIdentifier>rds-ca-rsa2048-g1</CACertificateIdentifier>",
             "<DBInstanceArn>arn:aws:rds:%s:%s:db:%s</DBInstanceArn>" % (region, ACCOUNT, db["id"]),
             "<IAMDatabaseAuthenticationEnabled>%s</IAMDatabaseAuthenticationEnabled>" % b(enabled),
             "<TagList><Tag><Key>team</Key><Value>data &amp; analytics</Value></Tag></TagList>"]
    if db["cluster"]:
        parts.append("<DBClusterIdentifier>%s</DBClusterIdentifier>" % db["cluster"])
        parts.append("<PromotionTier>1</PromotionTier>")
    else:
        parts.append("<DBName>app</DBName>")
        parts.append("<MasterUserSecret><SecretArn>arn:aws:secretsmanager:%s:%s:secret:rds!%s-AbCdEf</SecretArn>"
                     "<SecretStatus>active</SecretStatus><KmsKeyId>arn:aws:kms:%s:%s:key/1234</KmsKeyId>"
                     "</MasterUserSecret>" % (region, ACCOUNT, db["resource"], region, ACCOUNT))
    parts.append("</DBInstance>")
    return "".join(parts)


def cluster_host(cluster, kind):
    return "%s.%s-%s.%s.rds.amazonaws.com" % (cluster["id"], kind, ident(cluster["region"], "host", length=12,
                                                                          upper=False), cluster["region"])


def cluster_xml(cluster):
    version, port = ENGINES[cluster["engine"]]
    region = cluster["region"]
    enabled, pending = effective_iam(region, "cluster", cluster["id"], cluster["iam"])
    members = "".join("<DBClusterMember><DBInstanceIdentifier>%s</DBInstanceIdentifier><IsClusterWriter>%s"
                      "</IsClusterWriter><DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>"
                      "<PromotionTier>1</PromotionTier></DBClusterMember>" % (m, b(i == 0))
                      for i, m in enumerate(cluster["members"]))
    custom = "".join("<member>%s</member>" % cluster_host(dict(cluster, id=c), "cluster-custom")
                     for c in cluster["custom"])
    return ("<DBCluster><AllocatedStorage>1</AllocatedStorage><AvailabilityZones><AvailabilityZone>%sa"
            "</AvailabilityZone><AvailabilityZone>%sb</AvailabilityZone></AvailabilityZones>"
            "<DatabaseName>app</DatabaseName><DBClusterIdentifier>%s</DBClusterIdentifier>"
            "<DBSubnetGroup>default</DBSubnetGroup><Status>%s</Status><Endpoint>%s</Endpoint>"
            "<ReaderEndpoint>%s</ReaderEndpoint><CustomEndpoints>%s</CustomEndpoints><MultiAZ>true</MultiAZ>"
            "<Engine>%s</Engine><EngineVersion>%s</EngineVersion><Port>%d</Port><MasterUsername>admin"
            "</MasterUsername><DBClusterMembers>%s</DBClusterMembers><StorageEncrypted>true</StorageEncrypted>"
            "<DbClusterResourceId>%s</DbClusterResourceId><DBClusterArn>arn:aws:rds:%s:%s:cluster:%s</DBClusterArn>"
            "<IAMDatabaseAuthenticationEnabled>%s</IAMDatabaseAuthenticationEnabled><EngineMode>provisioned"
            "</EngineMode>%s<MasterUserSecret><SecretArn>arn:aws:secretsmanager:%s:%s:secret:rds!%s-AbCdEf"
            "</SecretArn><SecretStatus>active</SecretStatus></MasterUserSecret></DBCluster>"
            % (region, region, cluster["id"], "modifying" if pending is not None else "available",
               cluster_host(cluster, "cluster"), cluster_host(cluster, "cluster-ro"), custom, cluster["engine"],
               version, port, members, cluster["resource"], region, ACCOUNT, cluster["id"], b(enabled),
               "" if pending is None else "<PendingModifiedValues><IAMDatabaseAuthenticationEnabled>%s"
               "</IAMDatabaseAuthenticationEnabled></PendingModifiedValues>" % b(pending),
               region, ACCOUNT, cluster["resource"]))


def cluster_endpoints(cluster):
    out = [{"type": "WRITER", "host": cluster_host(cluster, "cluster")},
           {"type": "READER", "host": cluster_host(cluster, "cluster-ro")}]
    for custom in cluster["custom"]:
        out.append({"type": "CUSTOM", "id": custom, "host": cluster_host(dict(cluster, id=custom), "cluster-custom"),
                    "members": cluster["members"][1:]})
    return out


def cluster_endpoint_xml(cluster, endpoint):
    parts = ["<DBClusterEndpointList>"]
    if endpoint["type"] == "CUSTOM":
        parts.append("<DBClusterEndpointIdentifier>%s</DBClusterEndpointIdentifier>" % endpoint["id"])
        parts.append("<DBClusterEndpointResourceIdentifier>cluster-endpoint-%s</DBClusterEndpointResourceIdentifier>"
                     % ident(cluster["region"], endpoint["id"], upper=False))
        parts.append("<DBClusterEndpointArn>arn:aws:rds:%s:%s:cluster-endpoint:%s</DBClusterEndpointArn>"
                     % (cluster["region"], ACCOUNT, endpoint["id"]))
        parts.append("<CustomEndpointType>READER</CustomEndpointType>")
        parts.append("<StaticMembers>%s</StaticMembers>" % "".join("<member>%s</member>" % m
                                                                  for m in endpoint["members"]))
        parts.append("<ExcludedMembers/>")
    parts.append("<DBClusterIdentifier>%s</DBClusterIdentifier><Endpoint>%s</Endpoint><Status>available</Status>"
                 "<EndpointType>%s</EndpointType></DBClusterEndpointList>"
                 % (cluster["id"], endpoint["host"], endpoint["type"]))
    return "".join(parts)


def proxy_host(proxy, name=None):
    return "%s.%s.proxy-%s.%s.rds.amazonaws.com" % (name or proxy["name"], "endpoint" if name else "proxy",
                                                     ident(proxy["region"], "host", length=12, upper=False),
                                                     proxy["region"])


def proxy_xml(proxy):
    return ("<member><DBProxyName>%s</DBProxyName><DBProxyArn>arn:aws:rds:%s:%s:db-proxy:%s</DBProxyArn>"
            "<Status>available</Status><EngineFamily>%s</EngineFamily><VpcId>vpc-0a1b2c3d</VpcId>"
            "<VpcSecurityGroupIds><member>sg-0123</member></VpcSecurityGroupIds><VpcSubnetIds><member>subnet-1"
            "</member><member>subnet-2</member></VpcSubnetIds><Auth><member><AuthScheme>SECRETS</AuthScheme>"
            "<SecretArn>arn:aws:secretsmanager:%s:%s:secret:proxy-user-AbCdEf</SecretArn><IAMAuth>%s</IAMAuth>"
            "<ClientPasswordAuthType>%s</ClientPasswordAuthType></member></Auth>"
            "<RoleArn>arn:aws:iam::%s:role/proxy-role</RoleArn><Endpoint>%s</Endpoint><RequireTLS>true</RequireTLS>"
            "<IdleClientTimeout>1800</IdleClientTimeout><DebugLogging>false</DebugLogging>"
            "<CreatedDate>2024-01-15T10:00:00.000Z</CreatedDate></member>"
            % (proxy["name"], proxy["region"], ACCOUNT, proxy["resource"], proxy["family"], proxy["region"],
               ACCOUNT, proxy["iam"], "MYSQL_NATIVE_PASSWORD" if proxy["family"] == "MYSQL" else "POSTGRES_SCRAM_SHA_256",
               ACCOUNT, proxy_host(proxy)))


def proxy_endpoints(proxy):
    out = [{"name": "default", "host": proxy_host(proxy), "role": "READ_WRITE", "default": True}]
    if proxy["family"] == "MYSQL":
        out.append({"name": proxy["name"] + "-ro", "host": proxy_host(proxy, proxy["name"] + "-ro"),
                    "role": "READ_ONLY", "default": False})
    return out


def proxy_endpoint_xml(proxy, endpoint):
    return ("<member><DBProxyEndpointName>%s</DBProxyEndpointName><DBProxyEndpointArn>arn:aws:rds:%s:%s:"
            "db-proxy-endpoint:prx-endpoint-%s</DBProxyEndpointArn><DBProxyName>%s</DBProxyName><Status>available"
            "</Status><VpcId>vpc-0a1b2c3d</VpcId><Endpoint>%s</Endpoint><TargetRole>%s</TargetRole><IsDefault>%s"
            "</IsDefault></member>"
            % (endpoint["name"], proxy["region"], ACCOUNT, ident(proxy["region"], endpoint["name"], length=17,
                                                                   upper=False), proxy["name"], endpoint["host"],
               endpoint["role"], b(endpoint["default"])))


# ---- wire helpers ---------------------------------------------------------------------------------

def query_error(code, message, status, namespace=RDS_NS):
    body = ('<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>'
            '<RequestId>6d0a4f0e-1111-2222-3333-444455556666</RequestId></ErrorResponse>'
            % (namespace, code, escape(message)))
    return status, "text/xml", body.encode()


def json_error(code, message, status):
    return status, "application/x-amz-json-1.1", json.dumps({"__type": code, "Message": message}).encode()


def query_ok(action, inner, namespace):
    body = ('<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>'
            '6d0a4f0e-aaaa-bbbb-cccc-ddddeeeeffff</RequestId></ResponseMetadata></%sResponse>'
            % (action, namespace, action, inner, action, action))
    return 200, "text/xml", body.encode()


def encode_marker(offset):
    # Opaque, and with characters that must be URL-encoded (as real markers have).
    return base64.b64encode(json.dumps({"offset": offset, "pad": "+/="}).encode()).decode()


def decode_marker(marker):
    return json.loads(base64.b64decode(marker.encode()))["offset"]


def paged(params, items, list_name, render):
    try:
        size = int(params.get("MaxRecords", "100"))
    except ValueError:
        size = 0
    if size < 20 or size > 100:
        return None, query_error("InvalidParameterValue", "Invalid value %s for MaxRecords. Must be between 20 and 100"
                                 % params.get("MaxRecords"), 400)
    start = 0
    if params.get("Marker"):
        try:
            start = decode_marker(params["Marker"])
        except (ValueError, KeyError):
            return None, query_error("InvalidParameterValue", "Invalid marker", 400)
    chunk = items[start:start + size]
    marker = "<Marker>%s</Marker>" % encode_marker(start + size) if start + size < len(items) else ""
    return marker + "<%s>%s</%s>" % (list_name, "".join(render(x) for x in chunk), list_name), None


def fault(key, service, action, json_protocol=False):
    """The answer a fault-choosing access key asks for, or None."""
    with LOCK:
        COUNTS[key] = COUNTS.get(key, 0) + 1
        count = COUNTS[key]
    lower = key.lower()
    error = json_error if json_protocol else (lambda c, m, s: query_error(c, m, s, IAM_NS if service == "iam" else RDS_NS))
    match = re.search(r"throttle(\d+)", lower)
    if match and count <= int(match.group(1)):
        return error("ThrottlingException" if json_protocol else "Throttling", "Rate exceeded", 400)
    match = re.search(r"err500x(\d+)", lower)
    if match and count <= int(match.group(1)):
        return error("InternalFailure", "An internal error has occurred", 500)
    match = re.search(r"err503x(\d+)", lower)
    if match and count <= int(match.group(1)):
        return 503, "text/html", b"<html><body>Service Unavailable</body></html>"
    if "denied" in lower or ("deny" + action.lower()) in lower:
        return error("AccessDeniedException" if json_protocol else "AccessDenied",
                     "User: arn:aws:iam::%s:user/test-user is not authorized to perform: %s:%s on resource: * "
                     "because no identity-based policy allows the %s:%s action" % (ACCOUNT, service, action, service,
                                                                                  action), 403 if not json_protocol else 400)
    if "badkey" in lower:
        return error("UnrecognizedClientException" if json_protocol else "InvalidClientTokenId",
                     "The security token included in the request is invalid.", 403)
    if "garbage" in lower:
        if json_protocol:
            return 200, "application/x-amz-json-1.1", b'{"ARN": "arn:aws:secretsmanager:us-east-1:1:secret:x", "Secret'
        return 200, "text/xml", ("<%sResponse xmlns=\"%s\"><%sResult><DBInstances><DBInstance><DBInstanceIdentifier>"
                                 "oops</DBInstance" % (action, RDS_NS, action)).encode()
    if "hang" in lower:
        time.sleep(30)
    return None


# ---- services -------------------------------------------------------------------------------------

def rds(params, region):
    action = params["Action"]
    instances, clusters, proxies = inventory(region)
    if action == "DescribeDBInstances":
        wanted = params.get("DBInstanceIdentifier")
        if wanted:
            instances = [i for i in instances if i["id"] == wanted]
            if not instances:
                return query_error("DBInstanceNotFound", "DBInstance %s not found." % wanted, 404)
        inner, error = paged(params, instances, "DBInstances", instance_xml)
    elif action == "DescribeDBClusters":
        wanted = params.get("DBClusterIdentifier")
        if wanted:
            clusters = [c for c in clusters if c["id"] == wanted]
            if not clusters:
                return query_error("DBClusterNotFoundFault", "DBCluster %s not found." % wanted, 404)
        inner, error = paged(params, clusters, "DBClusters", cluster_xml)
    elif action == "DescribeDBClusterEndpoints":
        wanted = params.get("DBClusterIdentifier")
        endpoints = [(c, e) for c in clusters if not wanted or c["id"] == wanted for e in cluster_endpoints(c)]
        inner, error = paged(params, endpoints, "DBClusterEndpoints", lambda ce: cluster_endpoint_xml(*ce))
    elif action == "DescribeDBProxies":
        wanted = params.get("DBProxyName")
        if wanted:
            proxies = [p for p in proxies if p["name"] == wanted]
            if not proxies:
                return query_error("DBProxyNotFoundFault", "DBProxy %s not found." % wanted, 404)
        inner, error = paged(params, proxies, "DBProxies", proxy_xml)
    elif action == "DescribeDBProxyEndpoints":
        wanted = params.get("DBProxyName")
        endpoints = [(p, e) for p in proxies if not wanted or p["name"] == wanted for e in proxy_endpoints(p)]
        inner, error = paged(params, endpoints, "DBProxyEndpoints", lambda pe: proxy_endpoint_xml(*pe))
    elif action in ("ModifyDBInstance", "ModifyDBCluster"):
        kind = "instance" if action == "ModifyDBInstance" else "cluster"
        wanted = params.get("DBInstanceIdentifier" if kind == "instance" else "DBClusterIdentifier")
        pool = instances if kind == "instance" else clusters
        match = [x for x in pool if x["id"] == wanted]
        if not match:
            return query_error("DBInstanceNotFound" if kind == "instance" else "DBClusterNotFoundFault",
                               "%s %s not found." % ("DBInstance" if kind == "instance" else "DBCluster", wanted), 404)
        if kind == "instance" and match[0]["cluster"]:
            return query_error("InvalidParameterCombination", "The requested DB Instance will be a member of a DB "
                               "Cluster. Set IAM database authentication for the DB Cluster.", 400)
        if "EnableIAMDatabaseAuthentication" in params:
            value = params["EnableIAMDatabaseAuthentication"] == "true"
            delay = 0 if params.get("ApplyImmediately") == "true" else 3600
            with LOCK:
                MODIFICATIONS[(region, kind, wanted)] = (value, time.time() + APPLY_DELAY + delay)
        inner = instance_xml(match[0]) if kind == "instance" else cluster_xml(match[0])
        error = None
    else:
        return query_error("InvalidAction", "Could not find operation %s" % action, 400)
    if error:
        return error
    return query_ok(action, inner, RDS_NS)


def iam_policy_xml(arn, policy):
    return ("<Policy><PolicyName>%s</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyId>%s</PolicyId>"
            "<Path>%s</Path><Arn>%s</Arn><AttachmentCount>%d</AttachmentCount><PermissionsBoundaryUsageCount>0"
            "</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable>%s<CreateDate>2024-01-15T10:00:00Z"
            "</CreateDate><UpdateDate>2024-01-15T10:00:00Z</UpdateDate></Policy>"
            % (escape(policy["name"]), policy["id"], policy["path"], arn,
               sum(arn in v for v in ATTACHED.values()),
               "<Description>%s</Description>" % escape(policy["description"]) if policy["description"] else ""))


def iam(params):
    action = params["Action"]
    if action == "CreatePolicy":
        name, document = params.get("PolicyName", ""), params.get("PolicyDocument", "")
        try:
            json.loads(document)
        except ValueError:
            return query_error("MalformedPolicyDocument", "Syntax errors in policy.", 400, IAM_NS)
        path = params.get("Path", "/")
        arn = "arn:aws:iam::%s:policy%s%s" % (ACCOUNT, path, name)
        with LOCK:
            if arn in POLICIES:
                return query_error("EntityAlreadyExists", "A policy called %s already exists. Duplicate names are "
                                   "not allowed." % name, 409, IAM_NS)
            POLICIES[arn] = {"name": name, "document": document, "id": "ANPA" + ident(name, length=17),
                             "path": path, "description": params.get("Description", "")}
            policy = POLICIES[arn]
        return query_ok(action, iam_policy_xml(arn, policy), IAM_NS)
    if action in ("AttachUserPolicy", "AttachRolePolicy"):
        kind = "user" if action == "AttachUserPolicy" else "role"
        name = params.get("UserName" if kind == "user" else "RoleName", "")
        arn = params.get("PolicyArn", "")
        if name.startswith("ghost"):
            return query_error("NoSuchEntity", "The %s with name %s cannot be found." % (kind, name), 404, IAM_NS)
        with LOCK:
            if arn not in POLICIES and not arn.startswith("arn:aws:iam::aws:policy/"):
                return query_error("NoSuchEntity", "Policy %s does not exist or is not attachable." % arn, 404, IAM_NS)
            attached = ATTACHED.setdefault((kind, name), [])
            if arn not in attached:
                attached.append(arn)
        # Attach* answers carry no Result element.
        return 200, "text/xml", ('<%sResponse xmlns="%s"><ResponseMetadata><RequestId>r</RequestId>'
                                 '</ResponseMetadata></%sResponse>' % (action, IAM_NS, action)).encode()
    if action in ("ListAttachedUserPolicies", "ListAttachedRolePolicies"):
        kind = "user" if action == "ListAttachedUserPolicies" else "role"
        name = params.get("UserName" if kind == "user" else "RoleName", "")
        if name.startswith("ghost"):
            return query_error("NoSuchEntity", "The %s with name %s cannot be found." % (kind, name), 404, IAM_NS)
        with LOCK:
            arns = list(ATTACHED.get((kind, name), []))
        # IAM may answer fewer than MaxItems; this one pages by two to exercise Marker/IsTruncated.
        start = int(params["Marker"].split("-")[1]) if params.get("Marker") else 0
        chunk = arns[start:start + 2]
        truncated = start + 2 < len(arns)
        members = "".join("<member><PolicyName>%s</PolicyName><PolicyArn>%s</PolicyArn></member>"
                          % (a.rsplit("/", 1)[-1], a) for a in chunk)
        inner = "<IsTruncated>%s</IsTruncated>%s<AttachedPolicies>%s</AttachedPolicies>" % (
            b(truncated), "<Marker>m-%d-x</Marker>" % (start + 2) if truncated else "", members)
        return query_ok(action, inner, IAM_NS)
    if action in ("GetPolicy", "GetPolicyVersion"):
        arn = params.get("PolicyArn", "")
        with LOCK:
            policy = POLICIES.get(arn)
        if not policy:
            return query_error("NoSuchEntity", "Policy %s was not found." % arn, 404, IAM_NS)
        if action == "GetPolicy":
            return query_ok(action, iam_policy_xml(arn, policy), IAM_NS)
        if params.get("VersionId") != "v1":
            return query_error("NoSuchEntity", "Policy %s version %s does not exist or is not attachable."
                               % (arn, params.get("VersionId")), 404, IAM_NS)
        inner = ("<PolicyVersion><Document>%s</Document><VersionId>v1</VersionId><IsDefaultVersion>true"
                 "</IsDefaultVersion><CreateDate>2024-01-15T10:00:00Z</CreateDate></PolicyVersion>"
                 % urllib.parse.quote(policy["document"], safe=""))
        return query_ok(action, inner, IAM_NS)
    return query_error("InvalidAction", "Could not find operation %s" % action, 400, IAM_NS)


def secret(region, request):
    secret_id = request.get("SecretId", "")
    resource = secret_id.split("secret:rds!", 1)[-1].rsplit("-", 1)[0] if "secret:rds!" in secret_id else ""
    master = emulator_master(resource)
    if master:
        value = json.dumps({"username": master[0], "password": master[1], "engine": "emulator"})
        arn = secret_id
    elif resource.startswith("db-") or resource.startswith("cluster-"):
        value = json.dumps({"username": "admin", "password": "master-" + resource[-6:] + "-p@ss"})
        arn = secret_id
    elif secret_id == "plain-text":
        value, arn = "just text", "arn:aws:secretsmanager:%s:%s:secret:plain-text-AbCdEf" % (region, ACCOUNT)
    else:
        return json_error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400)
    return 200, "application/x-amz-json-1.1", json.dumps({
        "ARN": arn, "Name": arn.split(":secret:", 1)[-1].rsplit("-", 1)[0], "VersionId": "a1b2c3d4-0000-1111",
        "SecretString": value, "VersionStages": ["AWSCURRENT"], "CreatedDate": 1705312800.0}).encode()


def ssm_token(session_id):
    """The TokenValue of a session (the plugin stand-in derives it the same way to check it got it)."""
    return "AAEAA" + hashlib.sha256(("ssm-token|" + session_id).encode()).hexdigest()


SSM_SESSIONS = []
TARGET_ID = re.compile(r"^(i-([0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$")


def ssm(region, key, action, request):
    if action == "StartSession":
        target = request.get("Target", "")
        if not TARGET_ID.match(target):
            return json_error("ValidationException", "1 validation error detected: Value '%s' at 'target' failed "
                              "to satisfy constraint" % target, 400)
        if "notconnected" in key.lower():
            return json_error("TargetNotConnected", "%s is not connected." % target, 400)
        document = request.get("DocumentName")
        parameters = request.get("Parameters", {})
        if document == "AWS-StartPortForwardingSessionToRemoteHost":
            if set(parameters) - {"host", "portNumber", "localPortNumber"} or "host" not in parameters or any(
                    not isinstance(v, list) or len(v) != 1 or not isinstance(v[0], str) for v in parameters.values()):
                return json_error("InvalidParameters", "The document's parameters are not valid.", 400)
        elif document is not None:
            return json_error("InvalidDocument", "Document %s does not exist." % document, 400)
        with LOCK:
            session_id = "test-user-%017x" % (len(SSM_SESSIONS) + 0x0a1b2c3d4e5f00000)
            SSM_SESSIONS.append(session_id)
        return 200, "application/x-amz-json-1.1", json.dumps({
            "SessionId": session_id, "TokenValue": ssm_token(session_id),
            "StreamUrl": "wss://ssmmessages.%s.amazonaws.com/v1/data-channel/%s?role=publish_subscribe"
                         "&cell-number=AAEAAQ" % (region, session_id)}).encode()
    if action == "TerminateSession":
        session_id = request.get("SessionId", "")
        with LOCK:
            known = session_id in SSM_SESSIONS
        if not known:
            return json_error("DoesNotExistException", "Session %s does not exist." % session_id, 400)
        return 200, "application/x-amz-json-1.1", json.dumps({"SessionId": session_id}).encode()
    return json_error("UnknownOperationException", "unknown operation " + action, 400)


def handle(handler, body, signature_problem):
    target = handler.headers.get("X-Amz-Target", "")
    if target:
        prefix, action = target.split(".", 1)
        service, json_protocol = ("ssm" if prefix == "AmazonSSM" else "secretsmanager"), True
    else:
        params = dict(urllib.parse.parse_qsl(body.decode(errors="replace"), keep_blank_values=True))
        action = params["Action"]
        service = "rds" if action in RDS_ACTIONS else "iam"
        json_protocol = False
    caller, problem = signature_problem(handler, body, service, "us-east-1" if service == "iam" else None)
    if problem:
        code, message, status = problem
        return json_error(code, message, status) if json_protocol else query_error(
            code, message, status, IAM_NS if service == "iam" else RDS_NS)
    key, _, region = caller
    match = re.search(r"offin([a-z]+\d)", key.lower())
    if match and service == "rds" and region.replace("-", "") == match.group(1):
        return query_error("AccessDenied", "User: arn:aws:iam::%s:user/test-user is not authorized to perform: rds:%s "
                           "with an explicit deny in a service control policy" % (ACCOUNT, action), 403)
    reply = fault(key, service, action, json_protocol)
    if reply:
        return reply
    if json_protocol:
        if handler.headers.get("Content-Type") != "application/x-amz-json-1.1":
            return json_error("SerializationException", "wrong content type", 400)
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return json_error("SerializationException", "body is not JSON", 400)
        if service == "ssm":
            return ssm(region, key, action, request)
        if action != "GetSecretValue":
            return json_error("UnknownOperationException", "unknown operation " + action, 400)
        return secret(region, request)
    expected_version = "2014-10-31" if service == "rds" else "2010-05-08"
    if params.get("Version") != expected_version:
        return query_error("InvalidParameterValue", "unsupported Version %s" % params.get("Version"), 400)
    return rds(params, region) if service == "rds" else iam(params)
