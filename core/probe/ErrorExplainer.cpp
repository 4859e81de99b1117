// SPDX-License-Identifier: GPL-3.0-or-later
// ErrorExplainer: the causes behind "Access denied" and "PAM authentication failed", ordered by how
// often they are the answer.
#include "probe/ErrorExplainer.h"

#include "endpoint/Endpoint.h"
#include "token/DsqlToken.h"

#include <QRegularExpression>

namespace signet::probe {

namespace {

LikelyCause tokenExpired()
{
    return {QStringLiteral("token-expired"),
            QStringLiteral("the token expired (15 minutes after signing) or the computer's clock is off by "
                           "more than 5 minutes"),
            QStringLiteral(
                "Sign a fresh token right before connecting; the check's clock step measures the skew.")};
}

LikelyCause regionMismatch()
{
    return {
        QStringLiteral("region-mismatch"),
        QStringLiteral("the token was signed for another region, host or port than the one connected to"),
        QStringLiteral(
            "Sign for the endpoint's own region, host name and port (a tunnel keeps the endpoint name).")};
}

LikelyCause userNotIam(Engine engine)
{
    const QString create = createIamUserSql(engine, QStringLiteral("name"));
    if (isMySqlFamily(engine))
        return {QStringLiteral("user-not-iam"), QStringLiteral("the database user was not created for IAM"),
                create + QStringLiteral(" Check with SELECT user, plugin FROM mysql.user.")};
    return {QStringLiteral("user-not-iam"), QStringLiteral("the database role is not granted rds_iam"),
            create + QStringLiteral(" Check with \\du name.")};
}

LikelyCause policyResource(const QString &host)
{
    // An RDS Proxy's policy names the proxy's own resource ID, not the database's.
    if (endpointKind(host) == EndpointKind::RdsProxy)
        return {
            QStringLiteral("policy-resource"),
            QStringLiteral("the IAM policy does not allow rds-db:connect for this user through the proxy, "
                           "often because its resource names the database instead of the proxy"),
            QStringLiteral("Use arn:aws:rds-db:REGION:ACCOUNT:dbuser:prx-XXXX/USER with the proxy's resource "
                           "ID (the prx-… part of the proxy's ARN), and require TLS on the proxy.")};
    return {
        QStringLiteral("policy-resource"),
        QStringLiteral(
            "the IAM policy does not allow rds-db:connect for this user, often because its resource names "
            "the instance instead of its resource ID"),
        QStringLiteral(
            "Use arn:aws:rds-db:REGION:ACCOUNT:dbuser:db-XXXX/USER (cluster-XXXX for Aurora clusters, "
            "prx-XXXX for RDS Proxy); the resource ID is on the instance's Configuration tab.")};
}

LikelyCause userCase()
{
    return {
        QStringLiteral("user-case"),
        QStringLiteral("the user name differs in case from the database user or the policy"),
        QStringLiteral("Database user names are case-sensitive; use exactly the same name in the token, the "
                       "database and the policy ARN.")};
}

LikelyCause iamNotEnabled()
{
    return {QStringLiteral("iam-disabled"),
            QStringLiteral("IAM database authentication is not enabled on the instance"),
            QStringLiteral(
                "Modify the instance or cluster: enable IAM database authentication, apply immediately.")};
}

LikelyCause wrongIdentity()
{
    return {QStringLiteral("wrong-identity"),
            QStringLiteral("the token was signed with other AWS credentials than expected"),
            QStringLiteral(
                "Check which identity signs (the check's credentials step shows it), e.g. AWS_PROFILE.")};
}

QList<LikelyCause> accessChecklist(Engine engine, const QString &host)
{
    return {tokenExpired(), regionMismatch(), userNotIam(engine), policyResource(host),
            userCase(),     wrongIdentity(),  iamNotEnabled()};
}

// DSQL has no rds_iam, no resource ids and no IAM switch to turn on: a login fails on the token's
// action, the policy's action and cluster, the role's IAM mapping, or the token's lifetime.
QList<LikelyCause> dsqlChecklist(const QString &host, const QString &user)
{
    const QString role = user.isEmpty() ? QStringLiteral("ROLE") : user;
    const QString action = token::DsqlToken::actionName(token::DsqlToken::actionForRole(user));
    const QString region = regionFromEndpointName(host);
    const QString cluster = endpointKind(host) == EndpointKind::Dsql ? host.section(u'.', 0, 0).toLower()
                                                                     : QStringLiteral("CLUSTER_ID");
    const QString arn = QStringLiteral("arn:aws:dsql:%1:ACCOUNT:cluster/%2")
                            .arg(region.isEmpty() ? QStringLiteral("REGION") : region, cluster);
    return {
        {QStringLiteral("dsql-policy"),
         QStringLiteral("the IAM policy does not allow dsql:%1 on the cluster (role %2 needs %1)")
             .arg(action, role),
         QStringLiteral("Allow dsql:%1 on %2; admin logs in with dsql:DbConnectAdmin, every other role with "
                        "dsql:DbConnect.")
             .arg(action, arn)},
        {QStringLiteral("dsql-action"),
         QStringLiteral("the token's action does not fit the role: a DbConnectAdmin token is only for admin, "
                        "a DbConnect token only for other roles"),
         QStringLiteral("Sign the token for the role you log in as (%1 for %2).").arg(action, role)},
        {QStringLiteral("dsql-role-mapping"),
         QStringLiteral("the role %1 is not linked to the signing IAM identity").arg(role),
         QStringLiteral("As admin: AWS IAM GRANT \"%1\" TO 'arn:aws:iam::ACCOUNT:role/NAME';").arg(role)},
        {QStringLiteral("token-expired"),
         QStringLiteral("the token expired (its lifetime is chosen when signing) or the computer's clock is "
                        "off by more than 5 minutes"),
         QStringLiteral(
             "Sign a fresh token right before connecting; the check's clock step measures the skew.")},
        regionMismatch(),
        wrongIdentity(),
    };
}

} // namespace

QStringList Explanation::toLines() const
{
    QStringList lines;
    int number = 1;
    for (const LikelyCause &cause : causes)
        lines << QStringLiteral("%1. %2 — %3").arg(number++).arg(cause.cause, cause.check);
    return lines;
}

Explanation ErrorExplainer::explain(Engine engine, const QString &serverMessage, int code,
                                    const QString &host, const QString &user)
{
    const QString text = serverMessage.toLower();
    if (usesDsqlTokens(engine) &&
        (text.contains(u"authentication failed") || text.contains(u"access denied") ||
         text.contains(u"unable to accept connection"))) {
        Explanation explanation;
        explanation.id = QStringLiteral("dsql-access-denied");
        explanation.summary = QStringLiteral("Aurora DSQL did not accept the token");
        explanation.causes = dsqlChecklist(host, user);
        return explanation;
    }
    if (code == 0) {
        static const QRegularExpression number(QStringLiteral("\\b(1045|2059|1524|1040|1129)\\b"));
        const auto match = number.match(serverMessage);
        if (match.hasMatch())
            code = match.captured(1).toInt();
    }
    Explanation explanation;
    if (isMySqlFamily(engine)) {
        if (code == 2059 || text.contains(u"mysql_clear_password")) {
            explanation.id = QStringLiteral("mysql-cleartext-plugin");
            explanation.summary =
                QStringLiteral("the client refused to send the token with the cleartext plugin");
            explanation.causes = {
                {QStringLiteral("cleartext-plugin"),
                 QStringLiteral("the MySQL client has the mysql_clear_password plugin disabled"),
                 QStringLiteral("Enable it (--enable-cleartext-plugin, LIBMYSQL_ENABLE_CLEARTEXT_PLUGIN=1) "
                                "and connect with TLS so the token never travels in clear.")}};
            return explanation;
        }
        if (code == 1524 || text.contains(u"awsauthenticationplugin")) {
            explanation.id = QStringLiteral("mysql-plugin-not-loaded");
            explanation.summary = QStringLiteral("the server has no IAM authentication plugin loaded");
            explanation.causes = {iamNotEnabled()};
            return explanation;
        }
        if (code == 1040 || text.contains(u"too many connections")) {
            explanation.id = QStringLiteral("mysql-too-many-connections");
            explanation.summary = QStringLiteral("the server refused new connections");
            explanation.causes = {
                {QStringLiteral("iam-rate-limit"),
                 QStringLiteral("more than 200 new IAM-authenticated connections per second"),
                 QStringLiteral("Use a connection pool or RDS Proxy; retry with back-off.")},
                {QStringLiteral("max-connections"), QStringLiteral("max_connections is reached"),
                 QStringLiteral("Close idle sessions or raise max_connections in the parameter group.")}};
            return explanation;
        }
        if (code == 1045 || text.contains(u"access denied")) {
            explanation.id = QStringLiteral("mysql-access-denied");
            if (text.contains(u"using password: no")) {
                explanation.summary = QStringLiteral("access denied and no password was sent");
                explanation.causes = {
                    {QStringLiteral("no-token"), QStringLiteral("the token was not passed as the password"),
                     QStringLiteral("Pass the token as the password, with TLS and the cleartext plugin.")}};
                explanation.causes += accessChecklist(engine, host);
                return explanation;
            }
            explanation.summary = QStringLiteral("access denied: the server did not accept the token");
            explanation.causes = accessChecklist(engine, host);
            return explanation;
        }
    } else {
        if (text.contains(u"no pg_hba.conf entry") &&
            (text.contains(u"ssl off") || text.contains(u"no encryption"))) {
            explanation.id = QStringLiteral("pg-no-ssl");
            explanation.summary = QStringLiteral("the server only accepts this user over TLS");
            explanation.causes = {
                {QStringLiteral("no-tls"), QStringLiteral("the connection was made without TLS"),
                 QStringLiteral(
                     "Connect with sslmode=verify-full and sslrootcert pointing at the RDS bundle.")}};
            return explanation;
        }
        if (text.contains(u"pam authentication failed")) {
            explanation.id = QStringLiteral("pg-pam-failed");
            explanation.summary =
                QStringLiteral("PAM authentication failed: the server did not accept the token");
            explanation.causes = accessChecklist(engine, host);
            return explanation;
        }
        if (text.contains(u"password authentication failed")) {
            explanation.id = QStringLiteral("pg-password-failed");
            explanation.summary = QStringLiteral("the server checked an ordinary password, not an IAM token");
            explanation.causes = {userNotIam(engine), iamNotEnabled(), userCase()};
            return explanation;
        }
    }
    explanation.id = QStringLiteral("unknown");
    explanation.summary = QStringLiteral("the login failed: %1").arg(serverMessage);
    explanation.causes = accessChecklist(engine, host);
    return explanation;
}

} // namespace signet::probe
