// SPDX-License-Identifier: GPL-3.0-or-later
// AuthToken: an RDS IAM authentication token — signing, parsing and its validity window.
#pragma once

#include "aws/Credentials.h"
#include "common/Result.h"
#include "common/SecretString.h"
#include "endpoint/Engine.h"
#include "token/DsqlToken.h"

#include <QDateTime>
#include <QDebug>
#include <QString>

#include <optional>

namespace signet::token {

// The IAM token a database login takes. Mostly an RDS token; fromDsql() carries an Aurora DSQL token
// (DsqlToken) through the same sessions, signers and front-ends, with service() saying which it is.
//
// A token is a SigV4 presigned "connect" request for the rds-db service, written without its
// scheme: "host:port/?Action=connect&DBUser=...&X-Amz-Signature=...". generate() produces it
// byte for byte as botocore's RDS.Client.generate_db_auth_token does (tests/unit/token/
// tst_botocore_parity.cpp holds us to that), which is also what the AWS CLI and SDKs emit.
//
// What botocore does and Signet copies (all covered by the parity test): the host keeps its case
// and its port (":443" included) in the token, but the signed Host header is the lower-cased host
// with the port only when it is not 443; DBUser and the session token are percent-encoded as
// RFC 3986 unreserved-only (space is %20, '~' stays); the parameters come in the order Action,
// DBUser, X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders,
// [X-Amz-Security-Token], X-Amz-Signature. (botocore's optional awscrt signer, used when awscrt
// is installed, e.g. by the Debian awscli package, swaps X-Amz-Expires and X-Amz-SignedHeaders;
// the signature is the same.) Where Signet is stricter than botocore it refuses rather than
// differs: hosts must be ASCII DNS names or IPv4 addresses (no IPv6 literals), regions lower-case
// names, expiresIn 1-900, and an empty session token means "none" (botocore would send an empty
// X-Amz-Security-Token).
//
// The token text is a credential: it is kept in a SecretString, wiped when the AuthToken goes
// away, and only text() reveals it. Everything else (the accessors, QDebug) is safe to log.
class AuthToken final
{
public:
    // RDS accepts a token for at most 15 minutes; botocore hard-codes 900 seconds.
    static constexpr int MaxExpiresIn = 900;

    AuthToken() = default;

    // Signs a token for dbUser at host:port in region. signingTime comes from the caller's
    // clock (see common/Clock.h). expiresIn is 1-900 seconds. Errors (codes "token.*") name the
    // bad input and the fix, never a secret.
    static Result<AuthToken> generate(const QString &host, int port, const QString &region,
                                      const QString &dbUser, const aws::Credentials &credentials,
                                      const QDateTime &signingTime, int expiresIn = MaxExpiresIn);

    // Reads a token (ours or anyone's) back into its parts, without checking the signature
    // (that needs the secret, which only AWS has). validUntil() is then expiresAt().
    static Result<AuthToken> parse(const QString &token);

    // A DSQL token as a login token for `role` at port (the DSQL token names neither).
    static AuthToken fromDsql(const DsqlToken &token, const QString &role, int port);

    bool isNull() const { return m_text.isEmpty(); }

    TokenService service() const { return m_service; }
    bool isDsql() const { return m_service == TokenService::Dsql; }
    // DbConnect or DbConnectAdmin (DSQL tokens only).
    DsqlAction dsqlAction() const { return m_dsqlAction; }

    const QString &host() const { return m_host; }
    int port() const { return m_port; }
    const QString &dbUser() const { return m_dbUser; }
    const QString &region() const { return m_region; }
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
    // The earlier of expiresAt() and the credentials' expiry: after it RDS refuses the token.
    QDateTime validUntil() const;
    // Whole seconds from now until validUntil(), never negative.
    qint64 secondsLeft(const QDateTime &now) const;
    bool isExpired(const QDateTime &now) const { return secondsLeft(now) == 0; }

    // The token itself: the one accessor that reveals it (to hand to a database client). Returns
    // a fresh QString, which the caller should not keep longer than needed.
    QString text() const { return m_text.revealText(); }
    // The same, as the wiped-on-release UTF-8 bytes.
    const SecretString &secretText() const { return m_text; }

private:
    SecretString m_text;
    QString m_host;
    QString m_dbUser;
    QString m_region;
    QString m_accessKeyId;
    QDateTime m_signedAt;
    std::optional<QDateTime> m_credentialsExpiration;
    int m_port = 0;
    int m_expiresIn = 0;
    TokenService m_service = TokenService::RdsDb;
    DsqlAction m_dsqlAction = DsqlAction::DbConnect;
    bool m_hasSessionToken = false;
};

// AuthToken(user@host:port region, expires 2015-08-30T12:51:00Z, redacted): never the signature,
// the session token or the text.
QDebug operator<<(QDebug debug, const AuthToken &token);

} // namespace signet::token
