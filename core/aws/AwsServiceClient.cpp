// SPDX-License-Identifier: GPL-3.0-or-later
// AwsServiceClient: signing, the retry loop and error documents of the Query and JSON 1.1 protocols.
#include "aws/AwsServiceClient.h"

#include "aws/JsonService.h"
#include "aws/SigV4Request.h"
#include "aws/SigV4Signer.h"
#include "aws/UriEncoding.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <memory>

namespace signet::aws {

namespace {

bool oneOf(const QString &code, std::initializer_list<const char16_t *> names)
{
    for (const char16_t *name : names) {
        if (code == QStringView(name))
            return true;
    }
    return false;
}

// The IAM action AWS names in an AccessDenied message ("… not authorized to perform: rds:X on …").
QString deniedAction(const QString &awsMessage)
{
    static const QRegularExpression pattern(QStringLiteral("perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)"));
    const QRegularExpressionMatch match = pattern.match(awsMessage);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString hintFor(const AwsService &service, const QString &action, int status, const QString &code,
                const QString &awsMessage)
{
    if (oneOf(code, {u"AccessDenied", u"AccessDeniedException", u"UnauthorizedOperation",
                     u"AuthorizationError", u"NotAuthorized", u"UnauthorizedAccess"})) {
        QString missing = deniedAction(awsMessage);
        if (missing.isEmpty())
            missing = service.iamPrefix + u':' + action;
        return QStringLiteral("The AWS identity is not allowed %1; ask an administrator to allow that action "
                              "in a policy attached to it, or use an identity that has it.")
            .arg(missing);
    }
    if (oneOf(code, {u"InvalidClientTokenId", u"UnrecognizedClientException"}))
        return QStringLiteral("AWS does not know this access key (deleted, mistyped, or made for another "
                              "partition); check the credentials of the AWS profile.");
    if (code == u"SignatureDoesNotMatch")
        return QStringLiteral("The secret access key does not belong to the access key id; check the "
                              "credentials of the AWS profile.");
    if (oneOf(code, {u"ExpiredToken", u"ExpiredTokenException", u"TokenRefreshRequired"}))
        return QStringLiteral("The temporary credentials have expired; sign in again and retry.");
    if (oneOf(code, {u"RequestExpired", u"InvalidSignatureException"}))
        return QStringLiteral("AWS thinks the request is too old or too new; check this computer's clock.");
    if (oneOf(code, {u"OptInRequired", u"AuthFailure", u"InvalidAction"}))
        return QStringLiteral("The region may not be enabled for this account; enable it or choose another "
                              "region.");
    if (RetryPolicy::isThrottling(code))
        return QStringLiteral("AWS kept limiting the request rate; wait a minute and try again.");
    if (code.startsWith(QStringLiteral("DBInstanceNotFound")) ||
        code.startsWith(QStringLiteral("DBClusterNotFound")) ||
        code.startsWith(QStringLiteral("DBProxyNotFound")) ||
        code.startsWith(QStringLiteral("DBProxyEndpointNotFound")) ||
        code.startsWith(QStringLiteral("DBClusterEndpointNotFound")))
        return QStringLiteral("Check the identifier and the region.");
    if (code.startsWith(QStringLiteral("InvalidDBInstanceState")) ||
        code.startsWith(QStringLiteral("InvalidDBClusterState")))
        return QStringLiteral(
            "The database is busy with another change; wait until it is available, then try "
            "again.");
    if (oneOf(code, {u"InvalidParameterValue", u"InvalidParameterCombination", u"InvalidParameterException"}))
        return QStringLiteral("AWS refused a parameter; this engine or version may not support the change.");
    if (code == u"NoSuchEntity")
        return QStringLiteral("Check the name or ARN (IAM names are case-sensitive).");
    if (code == u"EntityAlreadyExists")
        return QStringLiteral("An IAM entity with that name exists; reuse it or choose another name.");
    if (code == u"LimitExceeded")
        return QStringLiteral("An IAM quota is reached (for example 10 managed policies per user or role); "
                              "detach a policy or ask an administrator.");
    if (code == u"MalformedPolicyDocument")
        return QStringLiteral("IAM refused the policy document; check its JSON.");
    if (code == u"ResourceNotFoundException")
        return QStringLiteral("Check the secret's name or ARN and the region.");
    if (code == u"DecryptionFailure")
        return QStringLiteral("The identity may not use the KMS key that encrypts the secret (kms:Decrypt).");
    if (code == u"TargetNotConnected")
        return QStringLiteral(
            "Check that the instance is running, that its SSM agent runs, and that it reaches "
            "Systems Manager (an instance profile with AmazonSSMManagedInstanceCore, a route "
            "to the ssm, ssmmessages and ec2messages endpoints).");
    if (code == u"InvalidDocument")
        return QStringLiteral("The account or region lacks the AWS-StartPortForwardingSessionToRemoteHost "
                              "document; check the region.");
    if (status >= 500 || RetryPolicy::isTransient(AttemptFailure{status, code, false}))
        return QStringLiteral("AWS had a problem; try again in a moment.");
    if (code.isEmpty())
        return QStringLiteral("Check the endpoint (%1 / AWS_ENDPOINT_URL) and the credentials.")
            .arg(service.endpointVariable);
    return QStringLiteral("See the AWS error code for details.");
}

} // namespace

AwsService AwsService::rds()
{
    return {QStringLiteral("Amazon RDS"),
            QStringLiteral("rds"),
            QStringLiteral("rds"),
            QByteArrayLiteral("rds"),
            QStringLiteral("2014-10-31"),
            QString(),
            QStringLiteral("AWS_ENDPOINT_URL_RDS")};
}

AwsService AwsService::iam()
{
    return {QStringLiteral("AWS IAM"),
            QStringLiteral("iam"),
            QStringLiteral("iam"),
            QByteArrayLiteral("iam"),
            QStringLiteral("2010-05-08"),
            QString(),
            QStringLiteral("AWS_ENDPOINT_URL_IAM")};
}

AwsService AwsService::secretsManager()
{
    return {QStringLiteral("AWS Secrets Manager"),
            QStringLiteral("secretsmanager"),
            QStringLiteral("secretsmanager"),
            QByteArrayLiteral("secretsmanager"),
            QString(),
            QStringLiteral("secretsmanager"),
            QStringLiteral("AWS_ENDPOINT_URL_SECRETS_MANAGER")};
}

AwsService AwsService::ssm()
{
    return {QStringLiteral("AWS Systems Manager"),
            QStringLiteral("ssm"),
            QStringLiteral("ssm"),
            QByteArrayLiteral("ssm"),
            QString(),
            QStringLiteral("AmazonSSM"),
            QStringLiteral("AWS_ENDPOINT_URL_SSM")};
}

AwsServiceClient::AwsServiceClient(AwsService service, QUrl endpoint, QString signingRegion,
                                   Credentials credentials, const Clock &clock,
                                   QNetworkAccessManager *manager)
    : m_service(std::move(service))
    , m_endpoint(std::move(endpoint))
    , m_signingRegion(std::move(signingRegion))
    , m_credentials(std::move(credentials))
    , m_clock(clock)
    , m_http(manager)
{
    if (m_endpoint.path().isEmpty())
        m_endpoint.setPath(QStringLiteral("/"));
}

Error AwsServiceClient::serviceError(const AwsService &service, const QString &action, int status,
                                     const QString &awsCode, const QString &awsMessage)
{
    const QString code =
        service.codePrefix + u'.' + (awsCode.isEmpty() ? QStringLiteral("http-%1").arg(status) : awsCode);
    QString message = QStringLiteral("%1 %2 failed").arg(service.displayName, action);
    if (awsCode.isEmpty())
        message += QStringLiteral(" with HTTP %1").arg(status);
    else
        message += QStringLiteral(": ") + awsCode;
    if (!awsMessage.isEmpty())
        message += QStringLiteral(": ") + awsMessage.left(400);
    return makeError(code, message, hintFor(service, action, status, awsCode, awsMessage));
}

std::pair<QString, QString> AwsServiceClient::queryErrorCode(const QByteArray &body)
{
    const auto document = XmlElement::parse(body, QString(), QStringLiteral("aws"));
    if (!document)
        return {};
    // <ErrorResponse><Error><Code> (RDS, IAM, STS); <Response><Errors><Error><Code> (EC2 style).
    const XmlElement &error = document->find(u"Error");
    return {error.textAt(u"Code"), error.textAt(u"Message")};
}

std::pair<QString, QString> AwsServiceClient::jsonErrorCode(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString code = object.value(QStringLiteral("__type")).toString().section(u'#', -1);
    if (code.isEmpty())
        code = object.value(QStringLiteral("code")).toString();
    QString message = object.value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = object.value(QStringLiteral("Message")).toString();
    return {code, message};
}

Error AwsServiceClient::cancelledError(const AwsService &service, const QString &action)
{
    return makeError(QStringLiteral("aws.cancelled"),
                     QStringLiteral("%1 %2 was cancelled").arg(service.displayName, action));
}

Result<HttpExchange> AwsServiceClient::signedPost(const QUrl &url, const QByteArray &body,
                                                  const QList<std::pair<QByteArray, QByteArray>> &headers,
                                                  const QByteArray &signingRegion,
                                                  const QByteArray &signingName,
                                                  const Credentials &credentials, const QDateTime &now)
{
    HttpExchange exchange;
    exchange.method = QByteArrayLiteral("POST");
    exchange.url = url;
    if (exchange.url.path().isEmpty())
        exchange.url.setPath(QStringLiteral("/"));
    exchange.body = body;
    SigV4Request request;
    request.method = exchange.method;
    request.path = exchange.url.path(QUrl::FullyEncoded).toUtf8();
    QByteArray host = exchange.url.host(QUrl::FullyEncoded).toUtf8();
    const int defaultPort = exchange.url.scheme() == u"https" ? 443 : 80;
    if (exchange.url.port() != -1 && exchange.url.port() != defaultPort)
        host += ':' + QByteArray::number(exchange.url.port());
    request.headers = {{QByteArrayLiteral("Host"), host}};
    request.headers.append(headers);
    request.body = body;
    const SigV4Signer sigv4(signingRegion, signingName);
    const auto signature = sigv4.signHeaders(request, credentials, now);
    if (!signature)
        return signature.error();
    for (const auto &[name, value] : request.headers) {
        if (name.compare("host", Qt::CaseInsensitive) != 0)
            exchange.headers.append({name, value});
    }
    exchange.headers.append({QByteArrayLiteral("Authorization"), signature->authorization});
    return exchange;
}

// Everything one call needs across its attempts, owned by the callbacks rather than the client.
struct AwsServiceClient::Call
{
    AwsService service;
    QString action;
    Protocol protocol = Protocol::Query;
    QUrl endpoint;
    QByteArray signingRegion;
    Credentials credentials;
    const Clock *clock = nullptr;
    int timeoutMs = 10000;
    RetryPolicy retry;
    AwsHttpClient http;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    CancelCheck cancelled;
    ResultCallback<QByteArray> done;
    int attempt = 0;
    int retryCost = 0;

    static void start(const std::shared_ptr<Call> &call)
    {
        if (call->cancelled && call->cancelled()) {
            call->done(cancelledError(call->service, call->action));
            return;
        }
        ++call->attempt;
        auto exchange = signedPost(call->endpoint, call->body, call->headers, call->signingRegion,
                                   call->service.signingName, call->credentials, call->clock->now());
        if (!exchange) {
            call->done(exchange.error());
            return;
        }
        exchange->timeoutMs = call->timeoutMs;
        exchange->service = call->service.displayName;
        call->http.send(*exchange, [call](Result<HttpReply> reply) { finished(call, std::move(reply)); });
    }

    static void finished(const std::shared_ptr<Call> &call, Result<HttpReply> reply)
    {
        AttemptFailure failure;
        Error error;
        if (!reply) {
            // No answer at all: a connection failure or a timeout, retried as a timeout.
            failure.timedOut = true;
            error = reply.error();
        } else if (reply->status >= 200 && reply->status < 300) {
            call->retry.releaseAfterSuccess(call->retryCost);
            call->done(std::move(reply->body));
            return;
        } else {
            const auto [code, message] =
                call->protocol == Protocol::Query ? queryErrorCode(reply->body) : jsonErrorCode(reply->body);
            failure.httpStatus = reply->status;
            failure.awsCode = code;
            error = serviceError(call->service, call->action, reply->status, code, message);
        }
        const bool retryable = RetryPolicy::isRetryable(failure);
        if (retryable && call->attempt < call->retry.maxAttempts && !(call->cancelled && call->cancelled()) &&
            call->retry.acquireRetry(failure)) {
            call->retryCost += RetryPolicy::retryCost(failure);
            call->retry.wait(call->retry.backoffMs(call->attempt), [call] { start(call); });
            return;
        }
        if (retryable && call->attempt > 1)
            error.message += QStringLiteral(" (gave up after %1 attempts)").arg(call->attempt);
        call->done(std::move(error));
    }
};

void AwsServiceClient::send(Protocol protocol, const QString &action, const QByteArray &body,
                            ResultCallback<QByteArray> done, CancelCheck cancelled) const
{
    auto call = std::make_shared<Call>();
    call->service = m_service;
    call->action = action;
    call->protocol = protocol;
    call->endpoint = m_endpoint;
    call->signingRegion = m_signingRegion.toUtf8();
    call->credentials = m_credentials;
    call->clock = &m_clock;
    call->timeoutMs = m_timeoutMs;
    call->retry = m_retry;
    call->http = m_http;
    call->body = body;
    if (protocol == Protocol::Query) {
        call->headers = {{QByteArrayLiteral("Content-Type"),
                          QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8")}};
    } else {
        call->headers = {
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-amz-json-1.1")},
            {QByteArrayLiteral("X-Amz-Target"), (m_service.jsonTargetPrefix + u'.' + action).toUtf8()}};
    }
    call->cancelled = std::move(cancelled);
    call->done = std::move(done);
    Call::start(call);
}

void AwsServiceClient::query(const QString &action, const Parameters &parameters,
                             ResultCallback<XmlElement> done, CancelCheck cancelled) const
{
    QByteArray body =
        "Action=" + uri::encoded(action.toUtf8()) + "&Version=" + uri::encoded(m_service.apiVersion.toUtf8());
    for (const auto &[name, value] : parameters) {
        body += '&';
        body += uri::encoded(name.toUtf8());
        body += '=';
        body += uri::encoded(value.toUtf8());
    }
    send(
        Protocol::Query, action, body,
        [service = m_service, action, done = std::move(done)](Result<QByteArray> reply) {
            if (!reply) {
                done(reply.error());
                return;
            }
            done(XmlElement::parse(*reply, QStringLiteral("%1 %2").arg(service.displayName, action),
                                   service.codePrefix));
        },
        std::move(cancelled));
}

void AwsServiceClient::json(const QString &action, const QJsonObject &request,
                            ResultCallback<QJsonObject> done, CancelCheck cancelled) const
{
    send(
        Protocol::Json, action, QJsonDocument(request).toJson(QJsonDocument::Compact),
        [service = m_service, action, done = std::move(done)](Result<QByteArray> reply) {
            if (!reply) {
                done(reply.error());
                return;
            }
            done(parseJsonObject(*reply, QStringLiteral("%1 %2").arg(service.displayName, action),
                                 service.codePrefix));
        },
        std::move(cancelled));
}

} // namespace signet::aws
