// SPDX-License-Identifier: GPL-3.0-or-later
// StsClient: the AWS STS query API (AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity).
#pragma once

#include "aws/AsyncResult.h"
#include "aws/AwsHttpClient.h"
#include "aws/Credentials.h"
#include "aws/ServiceEndpoints.h"
#include "common/Clock.h"

namespace signet::aws {

struct AssumeRoleParameters final
{
    QString roleArn;
    QString roleSessionName;
    QString externalId;
    QString mfaSerial;
    QString mfaCode;
    // 0: let STS choose (one hour).
    int durationSeconds = 0;
};

// Temporary credentials and who they belong to.
struct StsCredentials final
{
    Credentials credentials;
    // The assumed-role ARN ("arn:aws:sts::123456789012:assumed-role/Role/session").
    QString arn;
    QString accountId;
};

struct CallerIdentity final
{
    QString account;
    QString arn;
    QString userId;
};

class StsClient final
{
public:
    StsClient(ServiceEndpoints endpoints, QString region, const Clock &clock = Clock::system(),
              int timeoutMs = 10000, QNetworkAccessManager *manager = nullptr);

    void assumeRole(const AssumeRoleParameters &parameters, const Credentials &source,
                    ResultCallback<StsCredentials> done) const;
    // Unsigned: the web identity token is the proof.
    void assumeRoleWithWebIdentity(const QString &roleArn, const QString &sessionName,
                                   const SecretString &webIdentityToken, int durationSeconds,
                                   ResultCallback<StsCredentials> done) const;
    void getCallerIdentity(const Credentials &credentials, ResultCallback<CallerIdentity> done) const;

    // Parsers, public for tests. `action` names the call in error messages.
    static Result<StsCredentials> parseCredentials(const QByteArray &xml, const QString &action);
    static Result<CallerIdentity> parseCallerIdentity(const QByteArray &xml);
    // An STS error document (or a body that is none) as an Error "sts.<Code>".
    static Error parseError(int status, const QByteArray &body, const QString &action);
    // "123456789012" from any ARN.
    static QString accountFromArn(const QString &arn);

private:
    void call(const QString &action, const QList<std::pair<QString, QString>> &parameters,
              const Credentials *signer, ResultCallback<QByteArray> done) const;

    ServiceEndpoints m_endpoints;
    QString m_region;
    const Clock &m_clock;
    int m_timeoutMs;
    AwsHttpClient m_http;
};

} // namespace signet::aws
