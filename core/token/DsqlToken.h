// SPDX-License-Identifier: GPL-3.0-or-later
// DsqlToken: an Aurora DSQL authentication token — signing, parsing and its validity window.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "common/SecretString.h"

#include <QDateTime>
#include <QDebug>
#include <QString>

#include <optional>

namespace signet::token {

// What a DSQL token lets its holder do: connect as the built-in `admin` role (DbConnectAdmin) or
// as any other role (DbConnect). IAM policies grant dsql:DbConnect / dsql:DbConnectAdmin.
enum class DsqlAction
{
    DbConnect,
    DbConnectAdmin,
};

// A DSQL token is a SigV4 presigned GET for the dsql service, written without its scheme:
// "host/?Action=DbConnect&X-Amz-Algorithm=...&X-Amz-Signature=...&X-Amz-SignedHeaders=host".
// Unlike an RDS token it names neither a port nor a user (the role is the login's business), and
// it may live up to a week. generate() produces it byte for byte as AWS's JavaScript signer
// (npm @aws-sdk/dsql-signer, DsqlSigner) does; tests/unit/token/tst_dsql_parity.cpp holds us to
// that. That signer writes the query sorted by parameter name, so X-Amz-Security-Token comes
// before X-Amz-Signature and X-Amz-SignedHeaders last (botocore's generate_db_connect_auth_token
// keeps request order instead; the signature is the same, as the query is sorted for signing).
//
// Where Signet departs from the JavaScript signer it refuses rather than differs, with one
// exception: the host is lower-cased, in the URL and in the signed Host header alike (the JS
// signer signs the case it is given, botocore signs the lower-cased host but keeps the case in
// the URL; only a token whose URL host and signed host agree is right whichever the server
// compares). Refused where the JS signer signs anyway: an empty or non-DNS host (it signs
// "localhost" for an empty one), an empty or malformed region, a lifetime below 1 s (it writes
// X-Amz-Expires=0 or negative numbers). An empty session token means none, there as here.
//
// The token text is a credential: it is kept in a SecretString, wiped when the DsqlToken goes
// away, and only text() reveals it. Everything else (the accessors, QDebug) is safe to log.
class DsqlToken final
{
public:
    // The JavaScript signer's and the AWS CLI's default.
    static constexpr int DefaultExpiresIn = 900;
    // SigV4 presigned requests live at most a week.
    static constexpr int MaxExpiresIn = 604800;

    DsqlToken() = default;

    // `admin` (the built-in role, exactly that spelling) → DbConnectAdmin; any other role → DbConnect.
    static DsqlAction actionForRole(const QString &role);
    // "DbConnect" / "DbConnectAdmin", as in the token and (with "dsql:") in IAM policies.
    static QString actionName(DsqlAction action);

    // Signs a token for the cluster endpoint host. region may be empty when the host is a DSQL
    // endpoint (<id>.dsql.<region>.on.aws); when both are given they must agree. signingTime
    // comes from the caller's clock. expiresIn is 1-604800 seconds. Errors (codes "token.*",
    // "region.*") name the bad input and the fix, never a secret.
    static Result<DsqlToken> generate(const QString &host, const QString &region, DsqlAction action,
                                      const aws::Credentials &credentials, const QDateTime &signingTime,
                                      int expiresIn = DefaultExpiresIn);

    // Reads a DSQL token (ours or anyone's) back into its parts, without checking the signature.
    // An RDS token is refused here (AuthToken::parse reads those).
    static Result<DsqlToken> parse(const QString &token);

    bool isNull() const { return m_text.isEmpty(); }

    const QString &host() const { return m_host; }
    const QString &region() const { return m_region; }
    DsqlAction action() const { return m_action; }
    const QString &accessKeyId() const { return m_accessKeyId; }
    bool hasSessionToken() const { return m_hasSessionToken; }
    // X-Amz-Date, UTC.
    QDateTime signedAt() const { return m_signedAt; }
    // X-Amz-Expires in seconds.
    int expiresIn() const { return m_expiresIn; }
    // signedAt() + expiresIn().
    QDateTime expiresAt() const { return m_signedAt.addSecs(m_expiresIn); }
    // The signing credentials' expiry, when they were temporary and said so (generate only).
    std::optional<QDateTime> credentialsExpireAt() const { return m_credentialsExpiration; }
    // The earlier of expiresAt() and the credentials' expiry: after it DSQL refuses the token.
    QDateTime validUntil() const;
    // Whole seconds from now until validUntil(), never negative.
    qint64 secondsLeft(const QDateTime &now) const;
    bool isExpired(const QDateTime &now) const { return secondsLeft(now) == 0; }

    // The token itself: the one accessor that reveals it (to hand to a database client).
    QString text() const { return m_text.revealText(); }
    // The same, as the wiped-on-release UTF-8 bytes.
    const SecretString &secretText() const { return m_text; }

private:
    SecretString m_text;
    QString m_host;
    QString m_region;
    QString m_accessKeyId;
    QDateTime m_signedAt;
    std::optional<QDateTime> m_credentialsExpiration;
    int m_expiresIn = 0;
    DsqlAction m_action = DsqlAction::DbConnect;
    bool m_hasSessionToken = false;
};

// DsqlToken(DbConnectAdmin@host us-east-1, expires 2015-08-30T12:51:00Z, redacted): never the
// signature, the session token or the text.
QDebug operator<<(QDebug debug, const DsqlToken &token);

} // namespace signet::token
