// SPDX-License-Identifier: GPL-3.0-or-later
// TestAwsApiParsers: the test class (kept out of the .cpp, whose raw-string samples confuse moc).
#pragma once

#include <QObject>

class TestAwsApiParsers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void instancesPage();
    void clusterWithMembersAndCustomEndpoints();
    void proxiesAndEndpoints();
    void malformedAnswersAreErrors_data();
    void malformedAnswersAreErrors();
    void deepOrHugeDocumentsAreRefused();
    void errorDocumentsNameTheCodeAndTheFix();
    void iamAnswers();
    void secretLogin();
    void retryClassification();
    void backoffIsFullJitterCapped();
    void retryQuota();
    void endpointsByPartitionAndOverrides();
    void connectPolicy();
    void policyEvaluation();
    void principalFromCallerArn();
};
