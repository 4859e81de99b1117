// SPDX-License-Identifier: GPL-3.0-or-later
// ImdsClient: the IMDSv2 token dance and the security-credentials documents.
#include "aws/ImdsClient.h"

#include "aws/JsonService.h"
#include "aws/ServiceEndpoints.h"

#include <memory>

namespace signet::aws {

namespace {

const QString kImds = QStringLiteral("the EC2 instance metadata service");
const QString kCredentialsPath = QStringLiteral("/latest/meta-data/iam/security-credentials/");

Error unavailable(const QString &detail)
{
    return makeError(
        QStringLiteral("imds.unavailable"), QStringLiteral("%1 gave no credentials: %2").arg(kImds, detail),
        QStringLiteral("Outside EC2 this is expected; set AWS_EC2_METADATA_DISABLED=true to skip it."));
}

} // namespace

ImdsClient::ImdsClient(QProcessEnvironment env, QNetworkAccessManager *manager)
    : m_env(std::move(env))
    , m_http(manager)
{
    bool ok = false;
    const double seconds = m_env.value(QStringLiteral("AWS_METADATA_SERVICE_TIMEOUT")).toDouble(&ok);
    m_timeoutMs = ok && seconds > 0 ? qMin(int(seconds * 1000), 60000) : 1000;
}

bool ImdsClient::disabled() const
{
    return m_env.value(QStringLiteral("AWS_EC2_METADATA_DISABLED"))
               .compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0;
}

Result<Credentials> ImdsClient::parseCredentials(const QByteArray &json, const QString &service)
{
    const auto object = parseJsonObject(json, service, QStringLiteral("imds"));
    if (!object)
        return object.error();
    const QString code = object->value(QStringLiteral("Code")).toString(QStringLiteral("Success"));
    Credentials out;
    out.accessKeyId = object->value(QStringLiteral("AccessKeyId")).toString();
    out.secretAccessKey = SecretString::fromUtf8(object->value(QStringLiteral("SecretAccessKey")).toString());
    out.sessionToken = SecretString::fromUtf8(object->value(QStringLiteral("Token")).toString());
    const QString expiration = object->value(QStringLiteral("Expiration")).toString();
    QDateTime expiry = QDateTime::fromString(expiration, Qt::ISODateWithMs);
    if (code != u"Success" || out.accessKeyId.isEmpty() || out.secretAccessKey.isEmpty() || !expiry.isValid())
        return makeError(QStringLiteral("imds.malformed"),
                         QStringLiteral("%1 answered with incomplete credentials").arg(service),
                         QStringLiteral("Check the instance's IAM role, or try again in a moment."));
    out.expiration = expiry.toUTC();
    return out;
}

HttpExchange ImdsClient::exchange(const QByteArray &method, const QString &path,
                                  const QByteArray &token) const
{
    HttpExchange out;
    out.method = method;
    out.url = ServiceEndpoints(m_env).imds();
    QString base = out.url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    out.url.setPath(base + path);
    out.timeoutMs = m_timeoutMs;
    out.service = kImds;
    if (!token.isEmpty())
        out.headers.append({QByteArrayLiteral("x-aws-ec2-metadata-token"), token});
    return out;
}

void ImdsClient::fetchCredentials(ResultCallback<Credentials> done) const
{
    if (disabled()) {
        done(unavailable(QStringLiteral("disabled by AWS_EC2_METADATA_DISABLED")));
        return;
    }
    HttpExchange put = exchange(QByteArrayLiteral("PUT"), QStringLiteral("/latest/api/token"), {});
    put.headers.append(
        {QByteArrayLiteral("x-aws-ec2-metadata-token-ttl-seconds"), QByteArrayLiteral("21600")});
    // Copy what the callback needs: the client may be gone by the time the answers arrive.
    const auto self = std::make_shared<ImdsClient>(*this);
    m_http.send(put, [self, done = std::move(done)](Result<HttpReply> reply) {
        if (!reply) {
            // botocore treats a token request that gets no answer as "IMDSv1 only" and tries on.
            self->fetchRole({}, done);
            return;
        }
        if (reply->status == 200) {
            self->fetchRole(reply->body.trimmed(), done);
            return;
        }
        if (reply->status == 400) {
            done(makeError(QStringLiteral("imds.bad-request"),
                           QStringLiteral("%1 rejected the session-token request (HTTP 400)").arg(kImds)));
            return;
        }
        // 403/404/405 mean "IMDSv1 only"; botocore also falls back after any other failed attempt.
        self->fetchRole({}, done);
    });
}

void ImdsClient::fetchRole(const QByteArray &token, ResultCallback<Credentials> done) const
{
    const auto self = std::make_shared<ImdsClient>(*this);
    m_http.send(
        exchange(QByteArrayLiteral("GET"), kCredentialsPath, token),
        [self, token, done = std::move(done)](Result<HttpReply> reply) {
            if (!reply) {
                done(unavailable(reply.error().message));
                return;
            }
            const QString role = QString::fromUtf8(reply->body).section(u'\n', 0, 0).trimmed();
            if (reply->status != 200 || role.isEmpty()) {
                done(unavailable(reply->status == 200
                                     ? QStringLiteral("the instance has no IAM role")
                                     : QStringLiteral("HTTP %1 for the role name").arg(reply->status)));
                return;
            }
            self->m_http.send(self->exchange(QByteArrayLiteral("GET"), kCredentialsPath + role, token),
                              [role, done](Result<HttpReply> credentials) {
                                  if (!credentials) {
                                      done(unavailable(credentials.error().message));
                                      return;
                                  }
                                  if (credentials->status != 200) {
                                      done(makeError(QStringLiteral("imds.http-%1").arg(credentials->status),
                                                     QStringLiteral("%1 answered HTTP %2 for role %3's "
                                                                    "credentials")
                                                         .arg(kImds)
                                                         .arg(credentials->status)
                                                         .arg(role)));
                                      return;
                                  }
                                  auto parsed = parseCredentials(credentials->body, kImds);
                                  if (parsed)
                                      parsed->source = QStringLiteral("iam-role:") + role;
                                  done(std::move(parsed));
                              });
        });
}

} // namespace signet::aws
