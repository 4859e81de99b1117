// SPDX-License-Identifier: GPL-3.0-or-later
// TestAwsApiClients: the test class of tst_aws_api_clients.cpp.
#pragma once

#include "LocalAwsServer.h"

#include <QObject>

#include <memory>

class TestAwsApiClients final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void describeInstancesCollectsEveryPage();
    void clustersEndpointsAndProxies();
    void throttlingIsRetriedThenSucceeds();
    void serverErrorsAreRetriedThenSucceed();
    void retriesStopAtTheCap();
    void accessDeniedNamesTheMissingAction();
    void badKeyAndBadSignatureAreClear();
    void malformedXmlIsAClearError();
    void hangingServerTimesOut();
    void endpointOverridesAreHonoured();
    void modifyEnablesIamAuthentication();
    void regionsRunConcurrentlyWithTheirOwnErrors();
    void cancellingStopsPaging();
    void iamPolicyRoundTrip();
    void secretsManagerGetSecretValue();
    void ssmStartAndTerminateSession();
    void ssmErrorsInTheUsersWords();

private:
    std::unique_ptr<signet::test::LocalAwsServer> m_server;
};
