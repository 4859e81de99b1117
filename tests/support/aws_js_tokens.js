// SPDX-License-Identifier: GPL-3.0-or-later
// Reference DSQL and RDS auth tokens from AWS's JavaScript signers, for tst_dsql_parity and tst_rds_js_parity.
//
// Usage: node aws_js_tokens.js dsql|rds IN.json OUT.json
//
// The signers are npm @aws-sdk/dsql-signer (DsqlSigner) and @aws-sdk/rds-signer (Signer), pinned
// by tests/support/npm/package-lock.json and installed by scripts/test into build/npm; this script
// finds them through NODE_PATH (build/npm/node_modules), so the test decides which copy runs.
//
// IN.json is a list of objects. dsql: host, region, action ("DbConnect" | "DbConnectAdmin"),
// accessKeyId, secretAccessKey, sessionToken (string or null), signingTime ("YYYYMMDDTHHMMSSZ", UTC),
// expiresIn. rds: host, port, region, user, the same credentials, signingTime and expiresIn.
// OUT.json: {"node": version, "signer": "<package>@<version>", "results": [...]}, one result per
// case: {"token": ...} or {"error": ...}.
//
// The clock: both signers call SignatureV4.presign() without a signingDate, so it defaults to
// `new Date()`. The global Date is replaced by a subclass whose argument-less constructor (and
// Date.now()) returns the case's time; Date with arguments behaves as usual.
//
// The expiry: DsqlSigner takes expiresIn as an option. Signer (RDS) hard-codes 900; for other
// values this script wraps SignatureV4.prototype.presign to pass the case's expiresIn instead,
// which is the only change: same request, same signer instance (as botocore_tokens.py does for
// botocore's hard-coded 900). Cases with expiresIn 900 go through untouched.
"use strict";

const fs = require("fs");
const path = require("path");

const RealDate = Date;
let pinnedMs = 0;
class PinnedDate extends RealDate {
    constructor(...args) {
        if (args.length === 0) super(pinnedMs);
        else super(...args);
    }
    static now() {
        return pinnedMs;
    }
}
globalThis.Date = PinnedDate;

function parseStamp(stamp) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
    if (!m) throw new Error("bad signingTime " + stamp);
    return RealDate.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

function packageVersion(name) {
    const resolved = require.resolve(name + "/package.json");
    return name + "@" + JSON.parse(fs.readFileSync(resolved, "utf8")).version;
}

function credentialsOf(c) {
    const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    if (c.sessionToken !== null && c.sessionToken !== undefined) credentials.sessionToken = c.sessionToken;
    return credentials;
}

async function dsqlToken(DsqlSigner, c) {
    const signer = new DsqlSigner({
        hostname: c.host,
        region: c.region,
        credentials: credentialsOf(c),
        expiresIn: c.expiresIn,
    });
    if (c.action === "DbConnectAdmin") return signer.getDbConnectAdminAuthToken();
    if (c.action === "DbConnect") return signer.getDbConnectAuthToken();
    throw new Error("unknown action " + c.action);
}

async function rdsToken(Signer, SignatureV4, c) {
    const signer = new Signer({
        hostname: c.host,
        port: c.port,
        region: c.region,
        username: c.user,
        credentials: credentialsOf(c),
    });
    if (c.expiresIn === 900) return signer.getAuthToken();
    const original = SignatureV4.prototype.presign;
    SignatureV4.prototype.presign = function (request, options = {}) {
        return original.call(this, request, { ...options, expiresIn: c.expiresIn });
    };
    try {
        return await signer.getAuthToken();
    } finally {
        SignatureV4.prototype.presign = original;
    }
}

async function main() {
    const [kind, inPath, outPath] = process.argv.slice(2);
    if (!outPath || (kind !== "dsql" && kind !== "rds")) {
        process.stderr.write("usage: node " + path.basename(__filename) + " dsql|rds IN.json OUT.json\n");
        return 2;
    }
    const major = Number(process.versions.node.split(".")[0]);
    if (major < 18) {
        process.stderr.write("Node.js " + process.versions.node + " is too old: the AWS signers need 18 or later\n");
        return 3;
    }
    let sign, signerName;
    try {
        if (kind === "dsql") {
            const { DsqlSigner } = require("@aws-sdk/dsql-signer");
            sign = (c) => dsqlToken(DsqlSigner, c);
            signerName = packageVersion("@aws-sdk/dsql-signer");
        } else {
            const { Signer } = require("@aws-sdk/rds-signer");
            const { SignatureV4 } = require("@smithy/signature-v4");
            sign = (c) => rdsToken(Signer, SignatureV4, c);
            signerName = packageVersion("@aws-sdk/rds-signer");
        }
    } catch (e) {
        process.stderr.write("the AWS JavaScript signers are not installed (NODE_PATH=" +
                             (process.env.NODE_PATH || "") + "): " + e.message + "\n");
        return 4;
    }
    const cases = JSON.parse(fs.readFileSync(inPath, "utf8"));
    const results = [];
    for (const c of cases) {
        try {
            pinnedMs = parseStamp(c.signingTime);
            results.push({ token: await sign(c) });
        } catch (e) {
            // One bad case must not hide the others. A rejected promise may carry a plain string.
            results.push({ error: e instanceof Error ? e.name + ": " + e.message : String(e) });
        }
    }
    fs.writeFileSync(outPath, JSON.stringify({ node: process.versions.node, signer: signerName, results }));
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(String((e && e.stack) || e) + "\n");
        process.exit(1);
    });
