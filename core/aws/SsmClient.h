// SPDX-License-Identifier: GPL-3.0-or-later
// SsmClient: AWS Systems Manager's StartSession (port forwarding to a remote host) and TerminateSession.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsServiceClient.h"
#include "aws/ServiceEndpoints.h"
#include "common/SecretString.h"

#include <QFuture>
#include <QJsonObject>

#include <memory>

namespace signet::aws {

// What StartSession answers: what Amazon's session-manager-plugin needs to open the data channel.
struct SsmSession final
{
    QString sessionId;
    QString streamUrl;
    // Authenticates the data channel; never printed or logged.
    SecretString tokenValue;
};

// JSON 1.1 (X-Amz-Target AmazonSSM.<Action>), SigV4 service "ssm". Futures and lifetime as RdsClient.
class SsmClient final
{
public:
    static constexpr auto PortForwardingDocument = "AWS-StartPortForwardingSessionToRemoteHost";

    SsmClient(const ServiceEndpoints &endpoints, QString region, Credentials credentials,
              const Clock &clock = Clock::system(), QNetworkAccessManager *manager = nullptr);

    // The endpoint as configured (what the AWS CLI hands the plugin: no trailing slash).
    const QUrl &endpoint() const { return m_endpoint; }
    const QString &region() const { return m_region; }
    void setTimeoutMs(int timeoutMs) { m_api->setTimeoutMs(timeoutMs); }
    void setRetryPolicy(RetryPolicy policy) { m_api->setRetryPolicy(std::move(policy)); }

    // The StartSession request that forwards `localPort` through `target` to host:port, as the AWS
    // CLI sends it: {"Target", "DocumentName", "Parameters": {"host", "portNumber", "localPortNumber"}}
    // (each parameter a list of one string).
    static QJsonObject portForwardingRequest(const QString &target, const QString &host, int port,
                                             int localPort);

    // Errors in the user's words: TargetNotConnected names the instance's SSM agent, AccessDenied
    // the IAM action (ssm:StartSession).
    QFuture<Result<SsmSession>> startSession(const QJsonObject &request) const;
    QFuture<Status> terminateSession(const QString &sessionId) const;

    static Result<SsmSession> parseSession(const QJsonObject &answer);
    // The StartSession error for `target`, reworded for the user where AWS's words are not enough.
    static Error startSessionError(Error error, const QString &target);

private:
    QUrl m_endpoint;
    QString m_region;
    std::shared_ptr<AwsServiceClient> m_api;
};

} // namespace signet::aws
