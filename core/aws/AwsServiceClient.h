// SPDX-License-Identifier: GPL-3.0-or-later
// AwsServiceClient: SigV4-signed calls to one AWS API (Query or JSON 1.1), retried and with errors in words.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"
#include "aws/Credentials.h"
#include "aws/RetryPolicy.h"
#include "aws/XmlElement.h"
#include "common/Clock.h"

#include <QJsonObject>
#include <QList>
#include <QUrl>

#include <utility>

class QNetworkAccessManager;

namespace signet::aws {

// How an AWS service is called and named.
struct AwsService final
{
    // In messages: "Amazon RDS".
    QString displayName;
    // Error codes are "<codePrefix>.<AWS code>": "rds.Throttling", "iam.NoSuchEntity".
    QString codePrefix;
    // The prefix of the service's IAM actions ("rds" in rds:DescribeDBInstances).
    QString iamPrefix;
    // The SigV4 service name.
    QByteArray signingName;
    // Query API: the Version parameter. JSON 1.1: the X-Amz-Target prefix ("secretsmanager").
    QString apiVersion;
    QString jsonTargetPrefix;
    // The environment variable that overrides the endpoint, for hints.
    QString endpointVariable;

    static AwsService rds();
    static AwsService iam();
    static AwsService secretsManager();
    static AwsService ssm();
};

// One signed request per attempt (signed afresh, so a retry carries a current X-Amz-Date), retried
// as `RetryPolicy` says. An answer that is an AWS error becomes an Error "<prefix>.<Code>" whose
// message quotes AWS's and whose hint says what to do (for AccessDenied: which IAM action is
// missing). Copies share the retry quota. Calls run on the calling thread's event loop; each calls
// back exactly once, and the client may be destroyed while calls are in flight.
class AwsServiceClient final
{
public:
    using Parameters = QList<std::pair<QString, QString>>;

    AwsServiceClient(AwsService service, QUrl endpoint, QString signingRegion, Credentials credentials,
                     const Clock &clock = Clock::system(), QNetworkAccessManager *manager = nullptr);

    const AwsService &service() const { return m_service; }
    const QUrl &endpoint() const { return m_endpoint; }
    const QString &signingRegion() const { return m_signingRegion; }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    int timeoutMs() const { return m_timeoutMs; }
    void setRetryPolicy(RetryPolicy policy) { m_retry = std::move(policy); }
    const RetryPolicy &retryPolicy() const { return m_retry; }

    // Query API: a form POST "Action=…&Version=…&<parameters>"; the value is the answer's document
    // element ("<ActionResponse>").
    void query(const QString &action, const Parameters &parameters, ResultCallback<XmlElement> done,
               CancelCheck cancelled = {}) const;
    // JSON 1.1: X-Amz-Target "<prefix>.<action>"; the value is the answer's JSON object.
    void json(const QString &action, const QJsonObject &request, ResultCallback<QJsonObject> done,
              CancelCheck cancelled = {}) const;

    // The Error for an AWS error answer (`awsCode` may be empty when the body was none).
    static Error serviceError(const AwsService &service, const QString &action, int status,
                              const QString &awsCode, const QString &awsMessage);
    // (Code, Message) of a Query API error document ("<ErrorResponse><Error><Code>"), or empty.
    static std::pair<QString, QString> queryErrorCode(const QByteArray &body);
    // (Code, Message) of a JSON error answer ({"__type": "…#Code", "message": …}), or empty.
    static std::pair<QString, QString> jsonErrorCode(const QByteArray &body);
    // The error a cancelled call reports (nobody sees it when the caller cancelled a future).
    static Error cancelledError(const AwsService &service, const QString &action);

    // A POST of `body` to `url`, signed in header mode; `headers` are sent and signed besides Host.
    static Result<HttpExchange> signedPost(const QUrl &url, const QByteArray &body,
                                           const QList<std::pair<QByteArray, QByteArray>> &headers,
                                           const QByteArray &signingRegion, const QByteArray &signingName,
                                           const Credentials &credentials, const QDateTime &now);

private:
    enum class Protocol
    {
        Query,
        Json
    };
    struct Call;
    void send(Protocol protocol, const QString &action, const QByteArray &body,
              ResultCallback<QByteArray> done, CancelCheck cancelled) const;

    AwsService m_service;
    QUrl m_endpoint;
    QString m_signingRegion;
    Credentials m_credentials;
    const Clock &m_clock;
    int m_timeoutMs = 10000;
    RetryPolicy m_retry;
    AwsHttpClient m_http;
};

} // namespace signet::aws
