// SPDX-License-Identifier: GPL-3.0-or-later
// SsmClient: the StartSession / TerminateSession JSON calls and their answers.
#include "aws/SsmClient.h"

#include <QJsonArray>

namespace signet::aws {

SsmClient::SsmClient(const ServiceEndpoints &endpoints, QString region, Credentials credentials,
                     const Clock &clock, QNetworkAccessManager *manager)
    : m_endpoint(endpoints.ssm(region))
    , m_region(std::move(region))
    , m_api(std::make_shared<AwsServiceClient>(AwsService::ssm(), m_endpoint, m_region,
                                               std::move(credentials), clock, manager))
{}

QJsonObject SsmClient::portForwardingRequest(const QString &target, const QString &host, int port,
                                             int localPort)
{
    auto one = [](const QString &value) { return QJsonArray{value}; };
    return QJsonObject{{QStringLiteral("Target"), target},
                       {QStringLiteral("DocumentName"), QString::fromLatin1(PortForwardingDocument)},
                       {QStringLiteral("Parameters"),
                        QJsonObject{{QStringLiteral("host"), one(host)},
                                    {QStringLiteral("portNumber"), one(QString::number(port))},
                                    {QStringLiteral("localPortNumber"), one(QString::number(localPort))}}}};
}

Result<SsmSession> SsmClient::parseSession(const QJsonObject &answer)
{
    SsmSession session;
    session.sessionId = answer.value(QStringLiteral("SessionId")).toString();
    session.streamUrl = answer.value(QStringLiteral("StreamUrl")).toString();
    session.tokenValue = SecretString::fromUtf8(answer.value(QStringLiteral("TokenValue")).toString());
    if (session.sessionId.isEmpty() || session.streamUrl.isEmpty() || session.tokenValue.reveal().isEmpty())
        return makeError(QStringLiteral("ssm.malformed"),
                         QStringLiteral("AWS Systems Manager StartSession answered without a session "
                                        "(SessionId, StreamUrl and TokenValue)"),
                         QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL)."));
    return session;
}

Error SsmClient::startSessionError(Error error, const QString &target)
{
    if (error.code == u"ssm.TargetNotConnected") {
        error.message = QStringLiteral("the SSM agent of instance %1 is not connected to AWS Systems Manager "
                                       "(StartSession: TargetNotConnected)")
                            .arg(target);
    } else if (error.code == u"ssm.InvalidTarget") {
        error.message =
            QStringLiteral("AWS Systems Manager does not know instance %1 as a managed node in this "
                           "region (StartSession: InvalidTarget)")
                .arg(target);
        error.hint =
            QStringLiteral("Check the instance ID and the region, and that the instance is managed by "
                           "Systems Manager.");
    }
    return error;
}

QFuture<Result<SsmSession>> SsmClient::startSession(const QJsonObject &request) const
{
    const QString target = request.value(QStringLiteral("Target")).toString();
    return cancellableFuture<SsmSession>([&](ResultCallback<SsmSession> done, CancelCheck cancelled) {
        m_api->json(
            QStringLiteral("StartSession"), request,
            [target, done = std::move(done)](Result<QJsonObject> answer) {
                if (!answer) {
                    done(startSessionError(answer.error(), target));
                    return;
                }
                done(parseSession(*answer));
            },
            std::move(cancelled));
    });
}

QFuture<Status> SsmClient::terminateSession(const QString &sessionId) const
{
    return cancellableFuture<Unit>([&](ResultCallback<Unit> done, CancelCheck cancelled) {
        m_api->json(
            QStringLiteral("TerminateSession"), QJsonObject{{QStringLiteral("SessionId"), sessionId}},
            [done = std::move(done)](Result<QJsonObject> answer) {
                if (!answer) {
                    done(answer.error());
                    return;
                }
                done(Unit{});
            },
            std::move(cancelled));
    });
}

} // namespace signet::aws
